/**
 * An officer sets their own PIN at the kiosk (issue 11), end to end in headless Chromium against
 * the web host: nothing offered after a PIN login; after a badge login, the new PIN twice on the
 * number pad (entries that differ and a PIN of one digit repeated refused with a clear message),
 * confirmed with the badge; then the officer logs out with the new PIN and logs in with it.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPin, verifyPin } from '../../electron/core/staff-login/pin';
import type { KioskState } from '../../shared/contract';
import type { Result } from '../../shared/result';
import { callKiosk, launchChromium, startWebKiosk, type RunningKiosk } from './harness';
import { scanAndWaitFor } from './wedge-scanner';

let kiosk: RunningKiosk;
let browser: Browser;
let page: Page;

async function officer(): Promise<KioskState['officer']> {
  const result = await callKiosk<Result<KioskState>>(kiosk, 'getKioskState');
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value.officer;
}

function storedPin(staffId: string): { hash: string | null; queued: number } {
  const db = new Database(join(kiosk.dataDir, 'kiosk.db'), { readonly: true });
  try {
    const { hash } = db.prepare('SELECT pin_hash AS hash FROM staff WHERE id = ?').get(staffId) as { hash: string | null };
    const { queued } = db.prepare('SELECT count(*) AS queued FROM pin_uploads WHERE staff_id = ?').get(staffId) as { queued: number };
    return { hash, queued };
  } finally {
    db.close();
  }
}

/** Holds a finger on the top-left corner until the staff screen opens. */
async function longPressCorner(): Promise<void> {
  await page.mouse.move(16, 16);
  await page.mouse.down();
  await page.getByTestId('staff-screen').waitFor({ timeout: 10_000 });
  await page.mouse.up();
}

async function typePin(pin: string, ok = 'staff-pin-ok'): Promise<void> {
  for (const digit of pin) await page.getByTestId(`staff-pin-digit-${digit}`).click();
  await page.getByTestId(ok).click();
}

async function loginWithPin(letters: string, name: string, pin: string): Promise<void> {
  await longPressCorner();
  await page.getByTestId('staff-pin-button').click();
  for (const letter of letters) await page.getByTestId(`staff-letter-${letter}`).click();
  const hit = page.getByTestId('staff-search-result').filter({ hasText: name });
  await hit.waitFor({ timeout: 5_000 });
  await hit.click();
  await typePin(pin);
  await page.getByTestId('staff-login-confirmation').filter({ hasText: name }).waitFor({ timeout: 10_000 });
}

beforeAll(async () => {
  kiosk = await startWebKiosk();
  // IT staff set Đặng Minh Khôi's PIN (npm run staff-pin does the same); Trần Văn Đức has none.
  const db = new Database(join(kiosk.dataDir, 'kiosk.db'));
  db.prepare("UPDATE staff SET pin_hash = ? WHERE id = 'st-000106'").run(hashPin('135790'));
  db.close();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(kiosk.url);
  await page.getByTestId('officer').waitFor();
});

afterAll(async () => {
  await browser?.close();
  await kiosk?.stop();
});

describe('an officer sets their own PIN at the kiosk (headless Chromium)', () => {
  it('after a PIN login, setting the PIN is not offered', async () => {
    await loginWithPin('KHOI', 'Đặng Minh Khôi', '135790');
    expect(await page.getByTestId('staff-confirmation-own-pin').count()).toBe(0);
    await page.getByTestId('staff-confirmation-close').click();
    await longPressCorner();
    await page.getByTestId('staff-logout').waitFor();
    expect(await page.getByTestId('staff-screen').innerText()).toContain('Đặng Minh Khôi');
    expect(await page.getByTestId('staff-own-pin-button').count()).toBe(0);
    await page.getByTestId('staff-screen-close').click();
    await page.getByTestId('staff-screen').waitFor({ state: 'detached', timeout: 5_000 });
  });

  it('after a badge login: the new PIN twice on the pad, differing entries and 777777 refused, confirmed with the badge', async () => {
    const confirmation = page.getByTestId('staff-login-confirmation').filter({ hasText: 'Trần Văn Đức' });
    await scanAndWaitFor(page, 'BG-26-000102', confirmation);
    await page.getByTestId('staff-confirmation-own-pin').click();
    await page.getByTestId('staff-own-pin-first').waitFor({ timeout: 5_000 });
    expect(await page.getByTestId('staff-own-pin').innerText()).toContain('Nhập mã PIN mới (4 đến 8 chữ số)');

    // The pad's keys are touch-sized.
    const key = await page.getByTestId('staff-pin-digit-5').boundingBox();
    expect(key!.width).toBeGreaterThanOrEqual(64);
    expect(key!.height).toBeGreaterThanOrEqual(64);

    await typePin('482915', 'staff-pin-ok');
    await page.getByTestId('staff-own-pin-again').waitFor({ timeout: 5_000 });
    await typePin('482916', 'staff-pin-ok');
    await page.getByTestId('staff-own-pin-message').filter({ hasText: 'Hai lần nhập không giống nhau' }).waitFor({ timeout: 5_000 });
    await page.getByTestId('staff-own-pin-first').waitFor();

    await typePin('777777', 'staff-pin-ok');
    await page.getByTestId('staff-own-pin-message').filter({ hasText: 'một chữ số lặp lại' }).waitFor({ timeout: 5_000 });
    expect(storedPin('st-000102').hash).toBeNull();

    await typePin('482915', 'staff-pin-ok');
    await page.getByTestId('staff-own-pin-again').waitFor({ timeout: 5_000 });
    await typePin('482915', 'staff-pin-ok');
    await page.getByTestId('staff-own-pin-badge').filter({ hasText: 'xin quét thẻ' }).waitFor({ timeout: 5_000 });
    // Nothing stored until the badge is scanned.
    expect(storedPin('st-000102').hash).toBeNull();

    // The badge confirms the change; it does not log him out.
    const done = page.getByTestId('staff-own-pin-done');
    await scanAndWaitFor(page, 'BG-26-000102', done);
    expect(await done.innerText()).toContain('Đã lưu mã PIN mới');
    expect((await officer())?.staffId).toBe('st-000102');
    const stored = storedPin('st-000102');
    expect(stored.hash).toMatch(/^scrypt\$/);
    expect(verifyPin('482915', stored.hash!)).toBe(true);
    expect(stored.queued).toBe(1); // waiting for a server (this kiosk has none)
    expect(await page.content()).not.toContain('st-000102');

    await page.getByTestId('staff-own-pin-finish').click();
    await page.getByTestId('staff-logout').waitFor({ timeout: 5_000 });
  });

  it('logs out with the new PIN, then logs in with it', async () => {
    await page.getByTestId('staff-logout').click();
    await typePin('482915');
    const notice = page.getByTestId('staff-logout-notice');
    await notice.waitFor({ timeout: 10_000 });
    expect(await officer()).toBeNull();
    await notice.click();
    await notice.waitFor({ state: 'detached', timeout: 5_000 });

    await loginWithPin('DUC', 'Trần Văn Đức', '482915');
    expect(await officer()).toMatchObject({ staffId: 'st-000102', loginMethod: 'pin' });
    // A PIN session offers no PIN change.
    expect(await page.getByTestId('staff-confirmation-own-pin').count()).toBe(0);
  });
});
