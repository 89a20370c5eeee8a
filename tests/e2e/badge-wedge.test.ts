/**
 * Badge login with a keyboard-wedge scanner, end to end: the real web host and renderer in
 * headless Chromium, keys sent 10 ms apart as a scanner types them.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KioskState } from '../../shared/contract';
import type { Result } from '../../shared/result';
import { callKiosk, launchChromium, startWebKiosk, typeTimedKeys, type RunningKiosk } from './harness';
import { scanAndWaitFor, scanWithWedge } from './wedge-scanner';

/**
 * The thank-you stays a few seconds (4 s), then the idle screen; a generous bound for a loaded
 * machine. Waited for in real time, not run on Playwright's clock: the same badge logs out only
 * after the core's repeat-scan grace (REPEAT_SCAN_GRACE_MS, 2 s of the core's own time).
 */
const THANKS_SHOWN_MS = 15_000;

let kiosk: RunningKiosk;
let browser: Browser;
let page: Page;

async function kioskState(): Promise<KioskState> {
  const result = await callKiosk<Result<KioskState>>(kiosk, 'getKioskState');
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

function storedRating(id: string) {
  const db = new Database(join(kiosk.dataDir, 'kiosk.db'), { readonly: true });
  try {
    return db.prepare('SELECT staff_id AS staffId, staff_session_id AS staffSessionId, score FROM ratings WHERE id = ?').get(id);
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  kiosk = await startWebKiosk();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(kiosk.url);
  await page.getByTestId('officer').waitFor();
});

afterAll(async () => {
  await browser?.close();
  await kiosk?.stop();
});

describe('badge login with a keyboard-wedge scanner (web host, headless Chromium)', () => {
  it('a scan shows the officer; a citizen rates; the rating carries that officer and session; the same scan logs out', async () => {
    expect(await page.getByTestId('officer').isVisible()).toBe(true);
    expect(await page.getByTestId('officer').innerText()).toContain('Nguyễn Thị Thu Hà');

    // Focus is on a button, as after any tap: the scanner's Enter must not press it.
    await page.getByTestId('language-switch').focus();
    const confirmation = page.getByTestId('staff-login-confirmation');
    await scanAndWaitFor(page, 'BG-26-000102', confirmation);
    expect(await confirmation.innerText()).toContain('Trần Văn Đức');
    expect(await page.locator('html').getAttribute('lang')).toBe('vi'); // Enter did not press "English"

    const afterLogin = await kioskState();
    expect(afterLogin.officer).toMatchObject({ staffId: 'st-000102', fullName: 'Trần Văn Đức' });
    await page.getByTestId('staff-confirmation-close').click();
    await page.getByTestId('officer').filter({ hasText: 'Trần Văn Đức' }).waitFor({ timeout: 10_000 });

    // A citizen rates.
    await page.getByTestId('face-3').click();
    await expect.poll(async () => (await kioskState()).stats.lastRating?.id ?? null, { timeout: 5_000 }).not.toBeNull();
    const ratingId = (await kioskState()).stats.lastRating!.id;
    expect(storedRating(ratingId)).toEqual({
      staffId: 'st-000102',
      staffSessionId: afterLogin.officer!.staffSessionId,
      score: 3,
    });

    // The citizen finishes; after the thank-you the same badge logs out.
    await page.getByTestId('done').click({ timeout: 5_000 });
    await page.getByTestId('thanks').waitFor({ timeout: 5_000 });
    await page.getByTestId('idle').waitFor({ timeout: THANKS_SHOWN_MS });
    const notice = page.getByTestId('staff-logout-notice');
    await scanAndWaitFor(page, 'BG-26-000102', notice);
    expect(await notice.innerText()).toContain('Trần Văn Đức');
    await page.getByTestId('not-serving').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('face-3').count()).toBe(0);
    const afterLogout = await kioskState();
    expect(afterLogout.officer).toBeNull();
    expect(afterLogout.ratingEnabled).toBe(false);
  }, 90_000);

  it('a person typing the code slowly logs nobody in', async () => {
    const before = (await kioskState()).officer;
    await typeTimedKeys(page, 'BG-26-000103', 90); // and Enter
    expect(await page.getByTestId('staff-login-confirmation').count()).toBe(0);
    expect((await kioskState()).officer).toEqual(before);
    // Had the slow keys been taken for a scan, Lê Thị Hương would be logged in now, and the same
    // code scanned next would say she already is (a repeat scan) or log her out. It logs her in.
    const herNotice = page
      .getByTestId('staff-login-confirmation')
      .or(page.getByTestId('staff-logout-notice'))
      .filter({ hasText: 'Lê Thị Hương' });
    await scanAndWaitFor(page, 'BG-26-000103', herNotice);
    expect(await page.getByTestId('staff-login-confirmation').innerText({ timeout: 5_000 })).toContain('Đã đăng nhập tại quầy');
    expect((await kioskState()).officer?.staffId).toBe('st-000103');
    await page.getByTestId('staff-confirmation-close').click({ timeout: 5_000 });
  });

  it('garbage, an unknown badge and SQL are refused with a clear message; nothing changes', async () => {
    const before = await kioskState();
    for (const [code, text] of [
      ['BG-26-999999', 'không có trong danh sách'],
      ["x'); DROP TABLE staff;--", 'không phải thẻ công chức'],
      ['BG-26-010299', 'ngừng hoạt động'],
    ] as const) {
      const refusal = page.getByTestId('staff-refusal').filter({ hasText: text });
      await scanAndWaitFor(page, code, refusal);
      await refusal.click(); // dismiss
    }
    await scanWithWedge(page, 'A'.repeat(200)); // a very long burst
    await page.getByTestId('staff-refusal').filter({ hasText: 'Không đọc được mã vừa quét' }).waitFor({ timeout: 5_000 });
    const after = await kioskState();
    expect(after.officer).toEqual(before.officer);
    expect(after.stats).toEqual(before.stats);
  });
});
