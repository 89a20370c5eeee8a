/**
 * The citizen's rating flow end to end: the built web host and its real core, Debian's Chromium,
 * every tap on the screen as a citizen makes it. Stored ratings are read back from the SQLite file.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOSSIER_CODE_EXAMPLE } from '../../shared/dossier-code';
import en from '../../renderer/src/i18n/locales/en.json';
import vi from '../../renderer/src/i18n/locales/vi.json';
import { callKiosk, installClock, launchChromium, runClockUntil, typeTimedKeys, type RunningKiosk } from './harness';
import { closedAt, eventually, RESULTS_DESK, startRatingKiosk, storedRatings, tapKeys, type KioskSetup } from './rating-flow-kiosk';

let browser: Browser;
const kiosks: RunningKiosk[] = [];
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await Promise.all(kiosks.map((k) => k.stop()));
});

const IDLE_MS = 5_000; // the shortest idle timeout the settings allow

/** A kiosk and a page on it; every request the page makes is recorded. */
async function open(setup: KioskSetup = {}, waitFor = 'idle', viewport = { width: 1366, height: 768 }) {
  const kiosk = await startRatingKiosk(setup);
  kiosks.push(kiosk);
  const page = await browser.newPage({ viewport });
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  // The kiosk's timers (thank-you, idle timeout) run at once when a test says so: runClockUntil.
  await installClock(page);
  await page.goto(kiosk.url);
  await page.waitForSelector(`[data-testid="${waitFor}"]`);
  return { kiosk, page, requests, pageErrors };
}

function flatten(object: object, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(object)) {
    if (typeof value === 'string') out[prefix + key] = value;
    else Object.assign(out, flatten(value as object, `${prefix}${key}.`));
  }
  return out;
}
const viFlat = flatten(vi);
const enFlat = flatten(en);
/** Strings that exist only in one language: seeing one of them in the other means an untranslated string. */
const onlyIn = (mine: Record<string, string>, other: Record<string, string>) =>
  new Set(
    Object.entries(other)
      .filter(([key, text]) => mine[key] !== text && !text.includes('{{') && !key.startsWith('language.') && key !== 'app.name')
      .map(([, text]) => text),
  );
const viOnly = onlyIn(enFlat, viFlat);
const enOnly = onlyIn(viFlat, enFlat);

/** The trimmed text of every visible element's own text nodes. */
function visibleTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const texts: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim();
      const parent = node.parentElement;
      if (text && parent && parent.offsetParent !== null) texts.push(text.replace(/^✓\s*/, ''));
    }
    return texts;
  });
}

async function expectNoOtherLanguage(page: Page, language: 'vi' | 'en') {
  const foreign = language === 'en' ? viOnly : enOnly;
  const texts = await visibleTexts(page);
  expect(texts.filter((text) => foreign.has(text))).toEqual([]);
}

function onlyLocalRequests(requests: string[], kiosk: RunningKiosk) {
  expect(requests.filter((url) => !url.startsWith(kiosk.url) && !url.startsWith('data:'))).toEqual([]);
}

describe('the citizen rating flow', { timeout: 120_000 }, () => {
  it('full flow in Vietnamese: tap, criteria, comment, dossier code, thank-you, idle', async () => {
    const { kiosk, page, requests, pageErrors } = await open({ ...RESULTS_DESK, settings: { cooldownMs: 0, spokenPrompts: true } });
    await expect(page.textContent('[data-testid="officer"]')).resolves.toContain('Hoàng Văn Thắng');
    await expect(page.textContent('[data-testid="officer"]')).resolves.toContain('Công chức Văn phòng HĐND và UBND huyện');
    await expect(page.textContent('[data-testid="officer"]')).resolves.toContain(vi.deskRole.results);
    await expectNoOtherLanguage(page, 'vi');

    await page.click('[data-testid="face-3"]');
    await page.waitForSelector('[data-testid="details"]');
    // Stored at once, with the officer, session, counter and desk role.
    const [rating] = storedRatings(kiosk.dataDir);
    expect(rating).toMatchObject({ score: 3, staffId: 'st-010201', counterId: 'ln-q05', deskRole: 'results', locale: 'vi' });
    expect(rating!.staffSessionId).toMatch(/^[0-9a-f-]{36}$/);
    await expect(page.textContent('h1')).resolves.toBe(vi.details.question);
    await expectNoOtherLanguage(page, 'vi');

    await page.click('[data-testid="criterion-greet-yes"]');
    await page.click('[data-testid="criterion-smile-no"]');
    await page.click('[data-testid="criterion-help-yes"]');
    await page.click('[data-testid="criterion-help-yes"]'); // a second tap takes the answer back

    await page.click('[data-testid="open-comment"]');
    await expectNoOtherLanguage(page, 'vi');
    await tapKeys(page, 'Cans booj nhieetj tinhf');
    await expect(page.textContent('[data-testid="comment-text"]')).resolves.toContain('Cán bộ nhiệt tình');
    await expect(page.textContent('[data-testid="comment-counter"]')).resolves.toContain('17/500');
    await page.click('[data-testid="comment-done"]');

    await page.click('[data-testid="open-dossier"]');
    await expectNoOtherLanguage(page, 'vi');
    for (const key of 'H31-0042') await page.click(`[data-key="${key}"]`);
    await page.click('[data-testid="dossier-save"]');
    await page.waitForSelector('[data-testid="details"]');

    await page.click('[data-testid="done"]');
    await page.waitForSelector('[data-testid="thanks"]');
    await expect(page.textContent('[data-testid="thanks"] h1')).resolves.toBe(vi.thanks.title);
    const [saved] = storedRatings(kiosk.dataDir);
    expect(saved).toMatchObject({
      id: rating!.id,
      score: 3,
      comment: 'Cán bộ nhiệt tình',
      dossierCode: 'H31-0042',
      criteria: { greet: true, smile: false, help: null, apologise: null },
    });
    expect(closedAt(kiosk.dataDir, rating!.id)).not.toBeNull();
    await runClockUntil(page, '[data-testid="idle"]');
    expect(storedRatings(kiosk.dataDir)).toHaveLength(1);
    // The spoken prompts are files shipped with the app; nothing left the machine.
    expect(requests.some((url) => url.endsWith('.ogg'))).toBe(true);
    onlyLocalRequests(requests, kiosk);
    expect(pageErrors).toEqual([]);
  });

  it('full flow in English, framed as "what was missing?" after Không hài lòng; the next citizen starts in Vietnamese', async () => {
    const { kiosk, page, requests } = await open({ settings: { cooldownMs: 0 } });
    await page.click('[data-testid="language-switch"]');
    await expect(page.textContent('h1')).resolves.toBe(en.idle.invitation);
    await expectNoOtherLanguage(page, 'en');

    await page.click('[data-testid="face-1"]');
    await page.waitForSelector('[data-testid="details"]');
    await expect(page.textContent('h1')).resolves.toBe(en.details.missingQuestion);
    await expectNoOtherLanguage(page, 'en');
    await page.click('[data-testid="criterion-listen-no"]'); // "Missing"
    await expect(page.textContent('[data-testid="criterion-listen-no"]')).resolves.toBe(en.details.missing);
    await page.click('[data-testid="criterion-greet-yes"]'); // "Was there"
    // The reception desk asks no dossier code.
    await expect(page.locator('[data-testid="open-dossier"]').count()).resolves.toBe(0);

    await page.click('[data-testid="open-comment"]');
    await expectNoOtherLanguage(page, 'en');
    // English starts with Telex off: letters are typed as they are.
    await tapKeys(page, 'Too slow, ass');
    await page.click('[data-testid="comment-done"]');
    await page.click('[data-testid="done"]');
    await page.waitForSelector('[data-testid="thanks"]');
    await expect(page.textContent('[data-testid="thanks"] h1')).resolves.toBe(en.thanks.title);
    await expectNoOtherLanguage(page, 'en');

    const [rating] = storedRatings(kiosk.dataDir);
    expect(rating).toMatchObject({ score: 1, locale: 'en', comment: 'Too slow, ass', criteria: { listen: false, greet: true } });
    await runClockUntil(page, '[data-testid="idle"]');
    await expect(page.textContent('h1')).resolves.toBe(vi.idle.invitation);
    onlyLocalRequests(requests, kiosk);
  });

  it('one tap and walk away: the rating is stored at once and closed by the idle timeout', async () => {
    const { kiosk, page } = await open({ settings: { idleTimeoutMs: IDLE_MS, cooldownMs: 0 } });
    await page.click('[data-testid="face-2"]');
    await page.waitForSelector('[data-testid="details"]');
    const [rating] = storedRatings(kiosk.dataDir);
    expect(rating).toMatchObject({ score: 2, comment: null, dossierCode: null, staffId: 'st-000101' });
    expect(Object.values(rating!.criteria).every((answer) => answer === null)).toBe(true);
    await runClockUntil(page, '[data-testid="idle"]', IDLE_MS + 15_000);
    await eventually(() => closedAt(kiosk.dataDir, rating!.id), (c) => c !== null);
    expect(closedAt(kiosk.dataDir, rating!.id)).not.toBeNull();
    expect(storedRatings(kiosk.dataDir)).toHaveLength(1);
  });

  it('idle timeout mid-comment: back to idle in Vietnamese, keeping the comment typed so far', async () => {
    const { kiosk, page } = await open({ settings: { idleTimeoutMs: IDLE_MS, cooldownMs: 0 } });
    await page.click('[data-testid="language-switch"]');
    await page.click('[data-testid="face-3"]');
    await page.click('[data-testid="criterion-thank-yes"]');
    await page.click('[data-testid="open-comment"]');
    await page.click('[data-key="telex"]'); // turn Vietnamese accents on in English
    await tapKeys(page, 'xin chaof');
    await runClockUntil(page, '[data-testid="idle"]', IDLE_MS + 15_000);
    await expect(page.textContent('h1')).resolves.toBe(vi.idle.invitation);
    const [rating] = await eventually(
      () => storedRatings(kiosk.dataDir),
      ([r]) => r?.comment === 'xin chào' && closedAt(kiosk.dataDir, r.id) !== null,
    );
    expect(rating).toMatchObject({ comment: 'xin chào', criteria: { thank: true }, locale: 'en' });
    expect(closedAt(kiosk.dataDir, rating!.id)).not.toBeNull();
  });

  it('over the per-session cap the core refuses, counts the attempt, and the citizen sees a polite message, no thank-you', async () => {
    const { kiosk, page } = await open({ settings: { maxRatingsPerSessionPerMinute: 1, cooldownMs: 0 } });
    await page.click('[data-testid="face-3"]');
    await page.click('[data-testid="done"]');
    await runClockUntil(page, '[data-testid="idle"]');
    await page.click('[data-testid="face-3"]');
    await page.waitForSelector('[data-testid="save-error"]');
    await expect(page.textContent('[data-testid="save-error"]')).resolves.toContain(vi.errors.rate_limited);
    await expect(page.locator('[data-testid="thanks"]').count()).resolves.toBe(0);
    const state = await callKiosk<{ ok: true; value: { stats: { storedRatings: number; refusedRatings: number } } }>(kiosk, 'getKioskState');
    expect(state.value.stats).toMatchObject({ storedRatings: 1, refusedRatings: 1 });
    await page.click('[data-testid="back"]');
    await page.waitForSelector('[data-testid="idle"]');
  });

  it('nothing an officer can see tells which face was tapped: the thank-you and the idle screen after it are the same', async () => {
    const { page } = await open({ settings: { cooldownMs: 0 } });
    const after: { thanks: string; idle: string }[] = [];
    for (const score of [3, 1]) {
      await page.click(`[data-testid="face-${score}"]`);
      await page.click('[data-testid="done"]');
      await page.waitForSelector('[data-testid="thanks"]');
      const thanks = await page.innerHTML('main');
      await runClockUntil(page, '[data-testid="idle"]');
      after.push({ thanks, idle: await page.innerHTML('main') });
    }
    expect(after[1]).toEqual(after[0]);
  });

  it('with no officer logged in the counter is not serving and no face is offered', async () => {
    const { kiosk, page } = await open({ staffId: null }, 'not-serving');
    await expect(page.textContent('h1')).resolves.toBe(vi.idle.notServing);
    await expect(page.locator('[data-testid^="face-"]').count()).resolves.toBe(0);
    await page.click('[data-testid="language-switch"]');
    await expect(page.textContent('h1')).resolves.toBe(en.idle.notServing);
    // Past the screen, the core refuses too.
    const refused = await callKiosk<{ ok: boolean; error?: { code: string } }>(kiosk, 'submitRating', {
      flowId: '01900000-0000-7000-8000-000000000000',
      scale: 'vn3',
      score: 3,
      locale: 'vi',
    });
    expect(refused.error?.code).toBe('rating_disabled');
  });
});

describe('bad input', { timeout: 120_000 }, () => {
  it('a pasted comment beyond 500 characters with emoji, NUL, RTL text and HTML is stored as clean text, never as markup', async () => {
    const { kiosk, page, pageErrors } = await open({ settings: { cooldownMs: 0 } });
    await page.click('[data-testid="face-2"]');
    await page.click('[data-testid="open-comment"]');
    const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>👍🏽 مرحبا \u0000\u0007 ' + 'ă'.repeat(600);
    await page.evaluate((text) => {
      const box = document.querySelector('[data-testid="comment-text"]')!;
      const data = new DataTransfer();
      data.setData('text/plain', text);
      box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, hostile);
    await expect(page.textContent('[data-testid="comment-notice"]')).resolves.toBe(vi.comment.truncated.replace('{{max}}', '500'));
    await expect(page.textContent('[data-testid="comment-counter"]')).resolves.toContain('500/500');
    // Shown as text: no element was made from it, no script ran.
    await expect(page.locator('[data-testid="comment-text"] img, [data-testid="comment-text"] script').count()).resolves.toBe(0);
    await expect(page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).resolves.toBeUndefined();
    // Typing past the limit adds nothing and says so.
    await page.click('[data-key="a"]');
    await expect(page.textContent('[data-testid="comment-counter"]')).resolves.toContain('500/500');
    await page.click('[data-testid="comment-done"]');
    const [rating] = await eventually(() => storedRatings(kiosk.dataDir), ([r]) => r?.comment != null);
    const comment = rating!.comment!;
    expect([...comment]).toHaveLength(500);
    expect(comment.startsWith('<img src=x onerror="window.__pwned=1"><script>')).toBe(true);
    expect(comment).toContain('👍🏽 مرحبا');
    // eslint-disable-next-line no-control-regex
    expect(comment).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
    expect(comment).toBe(comment.normalize('NFC'));
    expect(pageErrors).toEqual([]);
  });

  it('the core refuses NUL and over-long comments sent past the screen, and changes nothing', async () => {
    const { kiosk, page } = await open({ settings: { cooldownMs: 0 } });
    await page.click('[data-testid="face-2"]');
    await page.waitForSelector('[data-testid="details"]');
    const [rating] = storedRatings(kiosk.dataDir);
    const nul = await callKiosk<{ ok: boolean; error?: { code: string } }>(kiosk, 'updateRating', { id: rating!.id, comment: 'a\u0000b' });
    const long = await callKiosk<{ ok: boolean; error?: { code: string } }>(kiosk, 'updateRating', { id: rating!.id, comment: 'x'.repeat(501) });
    expect([nul.error?.code, long.error?.code]).toEqual(['invalid_input', 'invalid_input']);
    expect(storedRatings(kiosk.dataDir)[0]!.comment).toBeNull();
  });

  it('a save failure shows a polite message and no thank-you; trying again makes one rating', async () => {
    const { kiosk, page } = await open({ settings: { cooldownMs: 0 } });
    await page.route('**/api/kiosk/submitRating', (route) =>
      route.fulfill({
        contentType: 'application/json',
        body: JSON.stringify({ ok: false, error: { code: 'storage_unavailable', message: 'disk full' } }),
      }),
    );
    await page.click('[data-testid="face-3"]');
    await page.waitForSelector('[data-testid="save-error"]');
    await expect(page.textContent('[data-testid="save-error"]')).resolves.toContain(vi.errors.storage_unavailable);
    await expect(page.locator('[data-testid="thanks"], [data-testid="details"]').count()).resolves.toBe(0);
    expect(storedRatings(kiosk.dataDir)).toHaveLength(0);
    await page.unroute('**/api/kiosk/submitRating');
    await page.click('[data-testid="retry"]');
    await page.waitForSelector('[data-testid="details"]');
    expect(storedRatings(kiosk.dataDir)).toHaveLength(1);
  });

  it('a details save that fails is said on screen; Done then shows no thank-you until everything is saved', async () => {
    const { kiosk, page } = await open({ settings: { cooldownMs: 0 } });
    await page.click('[data-testid="face-3"]');
    await page.waitForSelector('[data-testid="details"]');
    await page.route('**/api/kiosk/updateRating', (route) => route.abort('failed'));
    await page.click('[data-testid="criterion-gentle-yes"]');
    await expect(page.textContent('[role="alert"]')).resolves.toBe(vi.details.saveFailed);
    await page.click('[data-testid="done"]');
    await page.waitForSelector('[data-testid="save-error"]');
    await expect(page.locator('[data-testid="thanks"]').count()).resolves.toBe(0);
    expect(storedRatings(kiosk.dataDir)[0]!.criteria.gentle).toBeNull();
    await page.unroute('**/api/kiosk/updateRating');
    await page.click('[data-testid="retry"]');
    await page.waitForSelector('[data-testid="thanks"]');
    expect(storedRatings(kiosk.dataDir)[0]!.criteria.gentle).toBe(true);
  });

  it('a receipt scanned by a keyboard-wedge scanner on the dossier step fills the code, and is not taken for a badge', async () => {
    const { kiosk, page } = await open({ ...RESULTS_DESK, settings: { cooldownMs: 0 } });
    await page.click('[data-testid="face-2"]');
    await page.click('[data-testid="open-dossier"]');
    // A scanner types the code fast and ends with Enter. A busy machine may stall a burst so that
    // it no longer looks like a scanner: as a person would, scan again (at most three times).
    const scan = async (code: string) => {
      for (let attempt = 0; attempt < 3; attempt++) {
        await typeTimedKeys(page, code, 10);
        const shown = await page
          .waitForFunction((want) => document.querySelector('[data-testid="dossier-code"]')?.textContent === want, code.toUpperCase(), {
            timeout: 3_000,
          })
          .then(() => true)
          .catch(() => false);
        if (shown) return;
      }
      throw new Error(`the scan of ${code} never reached the dossier step`);
    };
    await scan('h31-250114-0042');
    await expect(page.textContent('[data-testid="dossier-notice"]')).resolves.toBe(vi.dossier.scanned);
    const [rating] = await eventually(() => storedRatings(kiosk.dataDir), ([r]) => r?.dossierCode !== null);
    expect(rating!.dossierCode).toBe('H31-250114-0042');
    // Even a badge's code scanned here is a dossier code: the officer stays logged in.
    await scan('BG-26-000101');
    const state = await callKiosk<{ ok: true; value: { officer: { staffId: string } | null } }>(kiosk, 'getKioskState');
    expect(state.value.officer?.staffId).toBe('st-010201');
  });

  it('a dossier code that is not one is refused with a visible message; a valid one is stored upper-case', async () => {
    const { kiosk, page } = await open({ ...RESULTS_DESK, settings: { cooldownMs: 0 } });
    await page.click('[data-testid="face-2"]');
    await page.click('[data-testid="open-dossier"]');
    await page.click('[data-key="-"]');
    await page.click('[data-testid="dossier-save"]');
    const notCode = vi.dossier.problem.format.replace('{{code}}', '-').replace('{{length}}', '1').replace('{{example}}', DOSSIER_CODE_EXAMPLE);
    await expect(page.textContent('[data-testid="dossier-notice"]')).resolves.toBe(notCode);
    expect(storedRatings(kiosk.dataDir)[0]!.dossierCode).toBeNull();
    await page.click('[data-key="clear"]');
    for (const key of 'ab12-0001') await page.click(`[data-key="${key.toUpperCase()}"]`);
    await page.click('[data-testid="dossier-save"]');
    await page.waitForSelector('[data-testid="details"]');
    expect(storedRatings(kiosk.dataDir)[0]!.dossierCode).toBe('AB12-0001');
  });
});
