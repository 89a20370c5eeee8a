/**
 * Staff badges in the console, in Chromium against a real server: IT staff reissue an officer's
 * badge after a confirm and see the new code once, set a PIN (one digit repeated is refused in
 * Vietnamese), and download the unit's badge sheet as a PDF.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../harness';
import { openConsolePage, signIn, startConsoleSite, type ConsoleSite } from './harness';

let browser: Browser;
let site: ConsoleSite;
beforeAll(async () => {
  [browser, site] = await Promise.all([launchChromium(), startConsoleSite({ perCounterDay: 0.2 })]);
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

const WAIT = { timeout: 15_000 };

describe('staff badges in the console', () => {
  it('IT staff reissue a badge after a confirm, set a PIN, and download the unit’s sheet as a PDF', { timeout: 120_000 }, async () => {
    const { page, close, problems } = await openConsolePage(browser);
    try {
      await signIn(page, site, 'kythuat', '/badges');
      const unit = page.getByTestId('badges-unit');
      await unit.waitFor(WAIT);
      const firstUnit = await unit.locator('option').nth(1).getAttribute('value');
      await unit.selectOption(firstUnit!);
      const table = page.getByTestId('badges-table');
      await table.waitFor(WAIT);
      const firstReissue = table.locator('[data-testid^="reissue-"]:not([disabled])').first();
      const staffId = (await firstReissue.getAttribute('data-testid'))!.replace('reissue-', '');

      page.once('dialog', (dialog) => void dialog.accept());
      await firstReissue.click();
      await expect.poll(() => page.getByTestId('reissued-code').innerText(), WAIT).toMatch(/^NC(-[0-9A-Z]{4}){5}$/);
      await expect.poll(() => page.getByTestId(`badge-row-${staffId}`).locator('td.num').innerText(), WAIT).toBe('2');

      await page.getByTestId(`pin-${staffId}`).click();
      const form = page.getByTestId('pin-form');
      await form.getByLabel('PIN mới').fill('7777');
      await form.getByLabel('Nhập lại PIN').fill('7777');
      await form.getByRole('button', { name: 'Lưu PIN' }).click();
      await expect.poll(() => form.getByRole('alert').innerText(), WAIT).toMatch(/không được là một chữ số lặp lại/);
      await form.getByLabel('PIN mới').fill('482915');
      await form.getByLabel('Nhập lại PIN').fill('482915');
      await form.getByRole('button', { name: 'Lưu PIN' }).click();
      await expect.poll(() => page.getByRole('status').first().innerText(), WAIT).toMatch(/Đã lưu PIN/);

      const download = page.waitForEvent('download', WAIT);
      await page.getByTestId('badges-sheet-unit').click();
      expect((await download).suggestedFilename()).toBe(`the-${firstUnit}.pdf`);
      expect(problems()).toEqual([]);
    } finally {
      await close();
    }
  });
});
