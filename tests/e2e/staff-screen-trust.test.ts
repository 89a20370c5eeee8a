/**
 * Staff screens no citizen can use (issue 13, finding 6), end to end in headless Chromium: what a
 * citizen at the counter tried in the review — the long press, the logout button, wrong PINs —
 * and what they can no longer do with it.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPin } from '../../electron/core/staff-login/pin';
import type { KioskState } from '../../shared/contract';
import type { Result } from '../../shared/result';
import { callKiosk, launchChromium, startWebKiosk, type RunningKiosk } from './harness';
import { scanAndWaitFor } from './wedge-scanner';

let kiosk: RunningKiosk;
let browser: Browser;
let page: Page;

async function kioskState(): Promise<KioskState> {
  const result = await callKiosk<Result<KioskState>>(kiosk, 'getKioskState');
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.value;
}

/** A citizen holds a finger on the top-left corner: the staff screen opens for anyone. */
async function longPressCorner(): Promise<void> {
  await page.mouse.move(16, 16);
  await page.mouse.down();
  await page.getByTestId('staff-screen').waitFor({ timeout: 5_000 });
  await page.mouse.up();
}

async function typePin(pin: string, ok = 'staff-pin-ok'): Promise<void> {
  for (const digit of pin) await page.getByTestId(`staff-pin-digit-${digit}`).click();
  await page.getByTestId(ok).click();
}

beforeAll(async () => {
  kiosk = await startWebKiosk();
  // IT staff set the PINs of the demo's officer on duty and of a colleague.
  const db = new Database(join(kiosk.dataDir, 'kiosk.db'));
  db.prepare("UPDATE staff SET pin_hash = ? WHERE id = 'st-000101'").run(hashPin('246810'));
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

describe('staff screens no citizen can use (headless Chromium)', () => {
  it('a citizen’s long press cannot log the officer out, nor show the officer’s figures', async () => {
    await longPressCorner();
    await page.getByTestId('staff-logout').click();
    const prove = page.getByTestId('staff-prove');
    await prove.waitFor({ timeout: 5_000 });
    await typePin('000000'); // a guess
    await page.getByTestId('staff-prove-refusal').filter({ hasText: 'Mã PIN không đúng' }).waitFor({ timeout: 5_000 });
    expect((await kioskState()).officer).toMatchObject({ staffId: 'st-000101' });

    await page.getByTestId('staff-back').click();
    await page.getByTestId('staff-figures-button').click();
    await prove.waitFor({ timeout: 5_000 });
    expect(await page.getByTestId('staff-figures').count()).toBe(0);
    await page.getByTestId('staff-screen-close').click();

    // The counter still serves: the officer is on duty and citizens can rate.
    const state = await kioskState();
    expect(state.officer).toMatchObject({ staffId: 'st-000101' });
    expect(state.ratingEnabled).toBe(true);
    await page.getByTestId('face-3').waitFor({ timeout: 10_000 });
  });

  it('the staff search shows no staff ids, on the screen or in the page', async () => {
    await longPressCorner();
    await page.getByTestId('staff-pin-button').click();
    for (const letter of 'KHOI') await page.getByTestId(`staff-letter-${letter}`).click();
    await page.getByTestId('staff-search-result').filter({ hasText: 'Đặng Minh Khôi' }).waitFor({ timeout: 5_000 });
    expect(await page.getByTestId('staff-screen').innerText()).not.toMatch(/st-\d/);
    expect(await page.content()).not.toMatch(/st-\d{6}/);
  });

  it('wrong PINs for one officer do not stop another officer’s badge', async () => {
    await page.getByTestId('staff-search-result').filter({ hasText: 'Đặng Minh Khôi' }).click();
    // A citizen keeps guessing Khôi's PIN, until the kiosk makes them wait.
    const waitNotice = page.getByTestId('staff-refusal').filter({ hasText: 'Xin chờ' });
    for (let guess = 0; guess < 4 && !(await waitNotice.isVisible()); guess++) {
      await typePin(`00000${guess}`);
      const refusal = page.getByTestId('staff-refusal');
      await refusal.waitFor({ timeout: 5_000 });
      if (await waitNotice.isVisible()) break;
      await refusal.click(); // dismiss, and the PIN pad is still there
    }
    await waitNotice.waitFor({ timeout: 5_000 });
    await waitNotice.click();
    await page.getByTestId('staff-screen-close').click().catch(() => undefined);

    // Another officer's badge logs in at once, at this counter.
    const confirmation = page.getByTestId('staff-login-confirmation');
    await scanAndWaitFor(page, 'BG-26-000102', confirmation);
    expect(await confirmation.innerText()).toContain('Trần Văn Đức');
    expect((await kioskState()).officer).toMatchObject({ staffId: 'st-000102' });
  });
});
