/**
 * The fallback without a badge, end to end: the staff screen opened by a long press on the corner,
 * one's name found on the letter pad without tones, the personal PIN on the number pad; then the
 * officer's own figures and logging out from the staff screen, each proved with the PIN again.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPin } from '../../electron/core/staff-login/pin';
import type { KioskState } from '../../shared/contract';
import type { Result } from '../../shared/result';
import { LONG_PRESS_MS } from '../../renderer/src/staff/use-corner-long-press';
import { callKiosk, installClock, launchChromium, runClockUntil, startWebKiosk, type RunningKiosk } from './harness';

let kiosk: RunningKiosk;
let browser: Browser;
let page: Page;

async function officer(): Promise<KioskState['officer']> {
  const result = await callKiosk<Result<KioskState>>(kiosk, 'getKioskState');
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value.officer;
}

/** Holds a finger on the corner until the staff screen opens (the hold's time is run at once). */
async function openStaffScreen(): Promise<void> {
  await page.mouse.move(16, 16);
  await page.mouse.down();
  await runClockUntil(page, '[data-testid="staff-screen"]', 5_000);
  await page.mouse.up();
}

async function tap(testIds: string[]): Promise<void> {
  for (const id of testIds) await page.getByTestId(id).click();
}

beforeAll(async () => {
  kiosk = await startWebKiosk();
  // IT staff set Đặng Minh Khôi's PIN (npm run staff-pin does the same).
  const db = new Database(join(kiosk.dataDir, 'kiosk.db'));
  db.prepare("UPDATE staff SET pin_hash = ? WHERE id = 'st-000106'").run(hashPin('135790'));
  db.close();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  // The long press and the notices' display times are run at once (runClockUntil), not waited for.
  await installClock(page);
  await page.goto(kiosk.url);
  await page.getByTestId('officer').waitFor();
});

afterAll(async () => {
  await browser?.close();
  await kiosk?.stop();
});

describe('PIN login on the staff screen (headless Chromium)', () => {
  it('a short touch on the corner opens nothing', async () => {
    await page.mouse.click(16, 16);
    // Well past the long press's time, with the frame that would show the screen.
    await page.clock.fastForward(LONG_PRESS_MS * 2);
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    expect(await page.getByTestId('staff-screen').count()).toBe(0);
    // The same corner held opens the staff screen: the gesture was listening.
    await openStaffScreen();
    await page.getByTestId('staff-screen-close').click({ timeout: 5_000 });
    await page.getByTestId('staff-screen').waitFor({ state: 'detached', timeout: 5_000 });
  });

  it('finds one’s name typed without tones, refuses a wrong PIN, logs in with the right one', async () => {
    await openStaffScreen();
    await page.getByTestId('staff-pin-button').click();
    await tap(['staff-letter-K', 'staff-letter-H', 'staff-letter-O', 'staff-letter-I']);
    const hit = page.getByTestId('staff-search-result').filter({ hasText: 'Đặng Minh Khôi' });
    await hit.waitFor({ timeout: 5_000 });
    expect(await hit.innerText()).toContain('Đặng Minh Khôi');
    await hit.click();

    await tap(['staff-pin-digit-0', 'staff-pin-digit-0', 'staff-pin-digit-0', 'staff-pin-digit-0', 'staff-pin-ok']);
    await page.getByTestId('staff-refusal').filter({ hasText: 'Mã PIN không đúng' }).waitFor({ timeout: 5_000 });
    await page.getByTestId('staff-refusal').click();
    expect((await officer())?.staffId).toBe('st-000101');

    await tap(['staff-pin-digit-1', 'staff-pin-digit-3', 'staff-pin-digit-5', 'staff-pin-digit-7', 'staff-pin-digit-9', 'staff-pin-digit-0', 'staff-pin-ok']);
    const confirmation = page.getByTestId('staff-login-confirmation');
    await confirmation.waitFor({ timeout: 5_000 });
    expect(await confirmation.innerText()).toContain('Đặng Minh Khôi');
    expect((await officer())?.staffId).toBe('st-000106');

    // Own figures on demand, once the officer proved it is them: counts only, none yet today.
    await page.getByTestId('staff-confirmation-figures').click();
    await page.getByTestId('staff-prove').waitFor({ timeout: 5_000 });
    await tap(['staff-pin-digit-1', 'staff-pin-digit-3', 'staff-pin-digit-5', 'staff-pin-digit-7', 'staff-pin-digit-9', 'staff-pin-digit-0', 'staff-pin-ok']);
    await page.getByTestId('staff-figures-today').waitFor({ timeout: 5_000 });
    expect(await page.getByTestId('staff-figures-today').innerText()).toContain('0');
    expect(await page.getByTestId('staff-figures').innerText()).not.toMatch(/%/);
    await page.getByTestId('staff-screen-close').click();
  });

  it('logs out from the staff screen with the PIN, and rating turns off', async () => {
    // The confirmation goes away by itself.
    const confirmation = page.getByTestId('staff-login-confirmation');
    await runClockUntil(page, { done: async () => (await confirmation.count()) === 0, what: 'the confirmation gone' }, 20_000);
    await openStaffScreen();
    expect(await page.getByTestId('staff-screen').innerText()).toContain('Đặng Minh Khôi');
    await page.getByTestId('staff-logout').click();
    await tap(['staff-pin-digit-1', 'staff-pin-digit-3', 'staff-pin-digit-5', 'staff-pin-digit-7', 'staff-pin-digit-9', 'staff-pin-digit-0', 'staff-pin-ok']);
    await page.getByTestId('staff-logout-notice').waitFor({ timeout: 5_000 });
    await page.getByTestId('not-serving').waitFor({ timeout: 10_000 });
    expect(await officer()).toBeNull();
  });
});
