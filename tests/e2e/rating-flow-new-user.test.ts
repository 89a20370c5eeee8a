/**
 * What citizens trying the kiosk for the first time ran into, end to end: the built web host and
 * its real core, Debian's Chromium, every tap as a citizen makes it. Stored ratings are read back
 * from the SQLite file.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import vi from '../../renderer/src/i18n/locales/vi.json';
import { DOSSIER_CODE_EXAMPLE } from '../../shared/dossier-code';
import type { Result } from '../../shared/result';
import { callKiosk, launchChromium, type RunningKiosk } from './harness';
import {
  closedAt,
  configureKiosk,
  eventually,
  RESULTS_DESK,
  startRatingKiosk,
  storedRatings,
  tapKeys,
  type KioskSetup,
} from './rating-flow-kiosk';

let browser: Browser;
const kiosks: RunningKiosk[] = [];
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await Promise.all(kiosks.map((k) => k.stop()));
});

/** A kiosk and a page on it, at the idle screen. */
async function open(setup: KioskSetup = {}, viewport = { width: 1366, height: 768 }) {
  const kiosk = await startRatingKiosk(setup);
  kiosks.push(kiosk);
  const page = await browser.newPage({ viewport });
  await page.goto(kiosk.url);
  await page.waitForSelector('[data-testid="idle"]');
  return { kiosk, page };
}

describe('a citizen new to the kiosk', { timeout: 120_000 }, () => {
  it('is warned before the idle reset: "still here" keeps the comment going; without a tap the kiosk returns to idle and the comment is saved', async () => {
    // An 8 s idle timeout: the countdown shows its last 4 s (half the timeout, at most 10 s).
    const { kiosk, page } = await open({ settings: { idleTimeoutMs: 8_000, cooldownMs: 0 } });
    await page.click('[data-testid="face-3"]');
    await page.click('[data-testid="open-comment"]');
    await tapKeys(page, 'Toots');

    await page.waitForSelector('[data-testid="idle-countdown"]', { timeout: 10_000 });
    await expect(page.textContent('[data-testid="idle-countdown-seconds"]')).resolves.toMatch(/^Màn hình trở về trang đầu sau [1-4]\sgiây$/);
    await expect(page.textContent('[data-testid="still-here"]')).resolves.toBe(vi.idleCountdown.stillHere);
    const button = (await page.locator('[data-testid="still-here"]').boundingBox())!;
    expect(button.height).toBeGreaterThanOrEqual(96);
    await page.click('[data-testid="still-here"]');
    await page.waitForSelector('[data-testid="idle-countdown"]', { state: 'detached', timeout: 2_000 });
    // The flow goes on where it was, with the comment as typed; typing goes on too.
    await expect(page.textContent('[data-testid="comment-text"]')).resolves.toBe('Tốt');
    await tapKeys(page, ' lawms');
    await expect(page.textContent('[data-testid="comment-text"]')).resolves.toBe('Tốt lắm');

    // Now the citizen walks away: the countdown comes back with the full time behind it, then idle.
    await page.waitForSelector('[data-testid="idle-countdown"]', { timeout: 10_000 });
    await page.waitForSelector('[data-testid="idle"]', { timeout: 10_000 });
    await expect(page.locator('[data-testid="idle-countdown"]').count()).resolves.toBe(0);
    const [rating] = await eventually(
      () => storedRatings(kiosk.dataDir),
      ([r]) => r?.comment === 'Tốt lắm' && closedAt(kiosk.dataDir, r.id) !== null,
    );
    expect(rating).toMatchObject({ score: 3, comment: 'Tốt lắm' });
    expect(closedAt(kiosk.dataDir, rating!.id)).not.toBeNull();
    expect(storedRatings(kiosk.dataDir)).toHaveLength(1);
  });

  it('finds each button named by what it does: "Lưu ý kiến" goes back to the details, "Hoàn tất đánh giá" ends the rating', async () => {
    const { kiosk, page } = await open({ settings: { cooldownMs: 0 } });
    await page.click('[data-testid="face-3"]');
    await page.waitForSelector('[data-testid="details"]');
    await expect(page.textContent('[data-testid="done"]')).resolves.toBe('Hoàn tất đánh giá');
    await page.click('[data-testid="open-comment"]');
    await expect(page.textContent('[data-testid="comment-done"]')).resolves.toBe('Lưu ý kiến');
    await tapKeys(page, 'Toots');
    await page.click('[data-testid="comment-done"]');
    await page.waitForSelector('[data-testid="details"]');
    await eventually(() => storedRatings(kiosk.dataDir), ([r]) => r?.comment === 'Tốt');
    expect(storedRatings(kiosk.dataDir)[0]!.comment).toBe('Tốt');

    await page.click('[data-testid="language-switch"]');
    await expect(page.textContent('[data-testid="done"]')).resolves.toBe('Finish rating');
    await page.click('[data-testid="open-comment"]');
    await expect(page.textContent('[data-testid="comment-done"]')).resolves.toBe('Save comment');
    await page.click('[data-testid="comment-done"]');
    // No button of the flow is called "Xong" / "Done" any more, in either language.
    const labels = await page.locator('button').allTextContents();
    expect(labels.filter((label) => /^(Xong|Done)$/.test(label.trim()))).toEqual([]);
    await page.click('[data-testid="done"]');
    await page.waitForSelector('[data-testid="thanks"]');
  });

  it('typing "A" or "AB" as a dossier code is told what is wrong; a code of the unit’s own pattern is taken', async () => {
    const { kiosk, page } = await open({ ...RESULTS_DESK, settings: { cooldownMs: 0 } });
    await page.click('[data-testid="face-2"]');
    await page.click('[data-testid="open-dossier"]');
    const notice = () => page.textContent('[data-testid="dossier-notice"]');
    for (const typed of ['A', 'AB']) {
      await page.click('[data-key="clear"]');
      for (const key of typed) await page.click(`[data-key="${key}"]`);
      await page.click('[data-testid="dossier-save"]');
      await expect(notice()).resolves.toBe(
        `“${typed}” (${typed.length} ký tự) chưa đúng dạng mã hồ sơ của nơi này. Xin nhập đúng mã in trên giấy hẹn trả kết quả, ví dụ ${DOSSIER_CODE_EXAMPLE}.`,
      );
    }
    expect(storedRatings(kiosk.dataDir)[0]!.dossierCode).toBeNull();
    // Past the screen, the core refuses it too.
    const refused = await callKiosk<Result<unknown>>(kiosk, 'updateRating', { id: storedRatings(kiosk.dataDir)[0]!.id, dossierCode: 'AB' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input', reason: 'dossier_code' } });

    // This unit's IT staff set its own form of codes: the kiosk follows it.
    configureKiosk(kiosk.dataDir, { ...RESULTS_DESK, settings: { dossierCodePattern: '^[A-Z]{2}[0-9]{2}$' } });
    await page.click('[data-testid="dossier-skip"]');
    await page.click('[data-testid="done"]');
    await page.waitForSelector('[data-testid="idle"]', { timeout: 20_000 });
    await page.reload(); // the kiosk reads its settings at start and every 5 s: do not wait for the poll
    await page.waitForSelector('[data-testid="idle"]');
    await page.click('[data-testid="face-3"]');
    await page.click('[data-testid="open-dossier"]');
    for (const key of 'AB12') await page.click(`[data-key="${key}"]`);
    await page.click('[data-testid="dossier-save"]');
    await page.waitForSelector('[data-testid="details"]');
    await expect(page.textContent('[data-testid="open-dossier"]')).resolves.toContain('AB12');
    expect(storedRatings(kiosk.dataDir).map((r) => r.dossierCode)).toEqual([null, 'AB12']);
  });

  it('on a portrait kiosk (1080×1920) finds the details, comment and dossier screens using the height, with larger targets', async () => {
    const { page } = await open({ ...RESULTS_DESK, settings: { cooldownMs: 0 } }, { width: 1080, height: 1920 });
    /** How the screen's content sits in it (shares of its height) and the smallest target of a kind. */
    const layout = (targets: string) =>
      page.evaluate((selector) => {
        const screen = document.querySelector('.screen')!.getBoundingClientRect();
        const parts = [...document.querySelectorAll('.screen > *')].map((part) => part.getBoundingClientRect());
        const top = Math.min(...parts.map((r) => r.top));
        const bottom = Math.max(...parts.map((r) => r.bottom));
        const heights = [...document.querySelectorAll(selector)].map((target) => target.getBoundingClientRect().height);
        return { emptyAbove: (top - screen.top) / screen.height, used: (bottom - top) / screen.height, smallestTarget: Math.min(...heights) };
      }, targets);

    await page.click('[data-testid="face-3"]');
    await page.waitForSelector('[data-testid="details"]');
    const details = await layout('.details button');
    expect(details.emptyAbove).toBeLessThan(0.1);
    expect(details.used).toBeGreaterThan(0.85);
    expect(details.smallestTarget).toBeGreaterThanOrEqual(112);

    await page.click('[data-testid="open-comment"]');
    const comment = await layout('.comment .key');
    expect(comment.emptyAbove).toBeLessThan(0.05);
    expect(comment.used).toBeGreaterThan(0.9);
    expect(comment.smallestTarget).toBeGreaterThanOrEqual(112);
    await page.click('[data-testid="comment-done"]');

    await page.click('[data-testid="open-dossier"]');
    const dossier = await layout('.dossier .key');
    expect(dossier.emptyAbove).toBeLessThan(0.05);
    expect(dossier.used).toBeGreaterThan(0.85);
    expect(dossier.smallestTarget).toBeGreaterThanOrEqual(128);
  });

  it('whose rating the per-session cap refuses is told when rating is possible again, counting down', async () => {
    const { kiosk, page } = await open({ settings: { maxRatingsPerSessionPerMinute: 1, cooldownMs: 0 } });
    await page.click('[data-testid="face-3"]');
    await page.click('[data-testid="done"]');
    await page.waitForSelector('[data-testid="idle"]', { timeout: 20_000 });
    await page.click('[data-testid="face-2"]');
    await page.waitForSelector('[data-testid="retry-after"]');
    await expect(page.textContent('[data-testid="save-error"]')).resolves.toContain(vi.errors.rate_limited);
    const secondsShown = async () => {
      const text = (await page.textContent('[data-testid="retry-after"]'))!;
      expect(text).toMatch(/^Ông\/Bà có thể đánh giá lại sau \d+\sgiây\.$/);
      return Number(/\d+/.exec(text)![0]);
    };
    // The first rating was stored a few seconds ago: the cap's minute has most of it left.
    const first = await secondsShown();
    expect(first).toBeGreaterThan(30);
    expect(first).toBeLessThanOrEqual(60);
    await page.waitForFunction(
      (before) => Number(/\d+/.exec(document.querySelector('[data-testid="retry-after"]')?.textContent ?? '')?.[0]) < before,
      first,
      { timeout: 3_000 },
    );
    expect(await secondsShown()).toBeLessThan(first);
    expect(storedRatings(kiosk.dataDir)).toHaveLength(1);
  });
});
