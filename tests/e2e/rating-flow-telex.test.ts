/**
 * Every case of tests/fixtures/telex.json, typed by tapping the on-screen keys, is stored exactly
 * (NFC) in the rating: read back from the kiosk's SQLite file.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import telexFixture from '../fixtures/telex.json';
import { launchChromium, type RunningKiosk } from './harness';
import { eventually, startRatingKiosk, storedRatings, tapKeys } from './rating-flow-kiosk';

let browser: Browser;
let kiosk: RunningKiosk;
let page: Page;
beforeAll(async () => {
  browser = await launchChromium();
  kiosk = await startRatingKiosk({ settings: { cooldownMs: 0, maxRatingsPerSessionPerMinute: 60 } });
  page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
});
afterAll(async () => {
  await browser?.close();
  await kiosk?.stop();
});

/** A new citizen: rate, open the keyboard, tap the keys, leave the keyboard; answers the stored comment. */
async function typeComment(keys: string): Promise<string | null> {
  await page.goto(kiosk.url);
  await page.click('[data-testid="face-2"]');
  await page.click('[data-testid="open-comment"]');
  await tapKeys(page, keys);
  await page.click('[data-testid="comment-done"]');
  await page.waitForSelector('[data-testid="details"]');
  const count = storedRatings(kiosk.dataDir).length;
  const ratings = await eventually(
    () => storedRatings(kiosk.dataDir),
    (all) => all.length === count && all[all.length - 1]!.comment !== null,
  );
  return ratings[ratings.length - 1]!.comment;
}

const accepted = (text: string | string[]) => (Array.isArray(text) ? text : [text]).map((t) => t.normalize('NFC'));

describe('the on-screen keyboard types the Telex fixture', { timeout: 120_000 }, () => {
  for (const { keys, text } of telexFixture.cases) {
    it(`tapping "${keys}" stores ${JSON.stringify(text)}`, async () => {
      const stored = await typeComment(keys);
      expect(accepted(text)).toContain(stored);
      expect(stored).toBe(stored!.normalize('NFC'));
    });
  }

  it('one-tap accent choices compose a word without Telex keys', async () => {
    await page.goto(kiosk.url);
    await page.click('[data-testid="face-2"]');
    await page.click('[data-testid="open-comment"]');
    await tapKeys(page, 'tot');
    await page.click('[data-testid="choices"] button:text-is("tôt")');
    await page.click('[data-testid="choices"] button:text-is("tốt")');
    await expect(page.textContent('[data-testid="comment-text"]')).resolves.toContain('tốt');
    await page.click('[data-testid="comment-done"]');
    const ratings = await eventually(() => storedRatings(kiosk.dataDir), (all) => all[all.length - 1]!.comment === 'tốt');
    expect(ratings[ratings.length - 1]!.comment).toBe('tốt');
  });
});
