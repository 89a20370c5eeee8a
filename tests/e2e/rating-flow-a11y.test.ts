/**
 * Accessibility of every screen of the citizen's flow, in both languages and at the three screen
 * sizes: axe-core finds no serious or critical violation, every touch target is at least 64 px
 * with at least 12 px between targets, body text is at least 24 px, and nothing overflows the screen.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installClock, launchChromium, runClockUntil, type RunningKiosk } from './harness';
import { RESULTS_DESK, configureKiosk, startRatingKiosk, tapKeys } from './rating-flow-kiosk';

let browser: Browser;
let kiosk: RunningKiosk;
beforeAll(async () => {
  browser = await launchChromium();
  kiosk = await startRatingKiosk({ ...RESULTS_DESK, settings: { cooldownMs: 0, maxRatingsPerSessionPerMinute: 60 } });
});
afterAll(async () => {
  await browser?.close();
  await kiosk?.stop();
});

interface Finding {
  screen: string;
  problem: string;
}

async function axeFindings(page: Page, screen: string): Promise<Finding[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ screen, problem: `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}` }));
}

/** Touch targets, their gaps, text sizes and overflow, measured in the page. */
async function layoutFindings(page: Page, screen: string): Promise<Finding[]> {
  const problems = await page.evaluate(() => {
    const found: string[] = [];
    const buttons = [...document.querySelectorAll('button')].filter((b) => b.offsetParent !== null);
    const boxes = buttons.map((b) => ({ b, r: b.getBoundingClientRect() }));
    const name = (b: Element) => (b.getAttribute('data-testid') ?? b.getAttribute('data-key') ?? b.textContent ?? '').slice(0, 30);
    for (const { b, r } of boxes) {
      if (r.width < 64 - 0.5 || r.height < 64 - 0.5) found.push(`target ${name(b)} is ${r.width.toFixed(0)}×${r.height.toFixed(0)}`);
      if (r.right > innerWidth + 0.5 || r.bottom > innerHeight + 0.5 || r.left < -0.5 || r.top < -0.5) found.push(`target ${name(b)} is off screen`);
      if (b.scrollWidth > b.clientWidth + 1) found.push(`text of ${name(b)} is cut`);
    }
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i]!.r;
        const c = boxes[j]!.r;
        const dx = Math.max(0, Math.max(a.left, c.left) - Math.min(a.right, c.right));
        const dy = Math.max(0, Math.max(a.top, c.top) - Math.min(a.bottom, c.bottom));
        if (Math.max(dx, dy) < 12 - 0.5) found.push(`targets ${name(boxes[i]!.b)} and ${name(boxes[j]!.b)} are ${Math.max(dx, dy).toFixed(0)} px apart`);
      }
    }
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!node.textContent?.trim() || !parent || parent.offsetParent === null) continue;
      const size = parseFloat(getComputedStyle(parent).fontSize);
      if (size < 24 - 0.1) found.push(`text "${node.textContent.trim().slice(0, 30)}" is ${size} px`);
      const r = parent.getBoundingClientRect();
      if (r.right > innerWidth + 0.5 || r.bottom > innerHeight + 0.5) found.push(`text "${node.textContent.trim().slice(0, 30)}" is off screen`);
    }
    const screenEl = document.querySelector('.screen');
    if (screenEl && screenEl.scrollHeight > screenEl.clientHeight + 1) found.push('the screen scrolls: something does not fit');
    return found;
  });
  return problems.map((problem) => ({ screen, problem }));
}

async function everyScreen(page: Page, check: (screen: string) => Promise<void>, language: 'vi' | 'en') {
  configureKiosk(kiosk.dataDir, RESULTS_DESK);
  // The thank-you's time is run at once (runClockUntil), not waited for.
  await installClock(page);
  await page.goto(kiosk.url);
  await page.waitForSelector('[data-testid="idle"]');
  if (language === 'en') await page.click('[data-testid="language-switch"]');
  await check('idle');
  await page.click('[data-testid="face-3"]');
  await page.waitForSelector('[data-testid="details"]');
  await page.click('[data-testid="criterion-greet-yes"]');
  await page.click('[data-testid="criterion-smile-no"]');
  await check('details');
  await page.click('[data-testid="open-comment"]');
  if (language === 'en') await page.click('[data-key="telex"]');
  await tapKeys(page, 'Cans booj nhieetj tinhf');
  await page.click('[data-key="shift"]');
  await check('comment');
  await page.click('[data-key="symbols"]');
  await check('comment-symbols');
  await page.click('[data-testid="comment-done"]');
  await page.click('[data-testid="open-dossier"]');
  for (const key of 'H31-0042') await page.click(`[data-key="${key}"]`);
  await check('dossier');
  await page.click('[data-testid="dossier-save"]');
  await page.click('[data-testid="done"]');
  await page.waitForSelector('[data-testid="thanks"]');
  await check('thanks');
  await runClockUntil(page, '[data-testid="idle"]');
  if (language === 'en') await page.click('[data-testid="language-switch"]');
  await page.click('[data-testid="face-1"]');
  await page.waitForSelector('[data-testid="details"]');
  await check('details-not-satisfied');
  await page.route('**/api/kiosk/submitRating', (route) =>
    route.fulfill({ contentType: 'application/json', body: JSON.stringify({ ok: false, error: { code: 'storage_unavailable', message: 'disk full' } }) }),
  );
  await page.reload();
  await page.waitForSelector('[data-testid="idle"]');
  if (language === 'en') await page.click('[data-testid="language-switch"]');
  await page.click('[data-testid="face-2"]');
  await page.waitForSelector('[data-testid="save-error"]');
  await check('save-error');
  await page.unroute('**/api/kiosk/submitRating');
  configureKiosk(kiosk.dataDir, { ...RESULTS_DESK, staffId: null });
  await page.reload();
  await page.waitForSelector('[data-testid="not-serving"]');
  if (language === 'en') await page.click('[data-testid="language-switch"]');
  await check('not-serving');
}

describe('accessibility of every screen', { timeout: 120_000 }, () => {
  for (const language of ['vi', 'en'] as const) {
    it(`axe finds no serious or critical violation (${language}, 1366×768)`, async () => {
      // axe needs a page of an explicit browser context.
      const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
      const page = await context.newPage();
      const findings: Finding[] = [];
      await everyScreen(page, async (screen) => void findings.push(...(await axeFindings(page, screen))), language);
      await context.close();
      expect(findings).toEqual([]);
    });
  }

  it('targets, gaps, text sizes and fit in English at 1366×768 (longer labels)', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    const findings: Finding[] = [];
    await everyScreen(page, async (screen) => void findings.push(...(await layoutFindings(page, screen))), 'en');
    await page.close();
    expect(findings).toEqual([]);
  });

  it('(the layout checks find a small target, targets too close, small text and a cut label)', async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await page.goto(kiosk.url);
    await page.waitForSelector('.screen');
    await page.evaluate(() => {
      const stage = document.querySelector('.screen')!;
      stage.insertAdjacentHTML(
        'beforeend',
        `<div style="display:flex;gap:4px"><button style="min-width:40px;width:40px">a</button><button>b</button></div>
         <p style="font-size:16px">small</p>
         <button style="width:70px;white-space:nowrap;overflow:hidden">a label far too long to fit</button>`,
      );
    });
    const problems = (await layoutFindings(page, 'probe')).map((f) => f.problem).join('\n');
    await page.close();
    expect(problems).toMatch(/target a is 4\d×64/);
    expect(problems).toMatch(/targets a and b are 4 px apart/);
    expect(problems).toMatch(/text "small" is 16 px/);
    expect(problems).toMatch(/text of a label far too long to fit is cut/);
  });

  for (const viewport of [
    { width: 1366, height: 768 },
    { width: 1920, height: 1080 },
    { width: 1080, height: 1920 },
  ]) {
    it(`targets, gaps, text sizes and fit at ${viewport.width}×${viewport.height}`, async () => {
      const page = await browser.newPage({ viewport });
      const findings: Finding[] = [];
      await everyScreen(page, async (screen) => void findings.push(...(await layoutFindings(page, screen))), 'vi');
      await page.close();
      expect(findings).toEqual([]);
    });
  }
});
