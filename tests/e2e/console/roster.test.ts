/**
 * The roster in the console, in Chromium, as IT staff use it: HR's sheet without staff ids
 * imported after a preview (its plan's numbers, then confirmed), an officer found without tones
 * and edited, and both changes in the audit log; the pages pass axe with the plan shown.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../harness';
import { openConsolePage, signIn, startConsoleSite, type ConsoleSite } from './harness';

let browser: Browser;
let site: ConsoleSite;

beforeAll(async () => {
  [browser, site] = await Promise.all([launchChromium(), startConsoleSite({ perCounterDay: 0.1 })]);
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

const WAIT = { timeout: 15_000 };

describe('the roster in the console', () => {
  it('IT staff import HR’s sheet after a preview, edit an officer, and find both in the audit log', async () => {
    const { page, close, problems } = await openConsolePage(browser);
    try {
      // /roster opens the roster at its first page (it used to say "Không tìm thấy").
      await signIn(page, site, 'kythuat', '/roster');
      await page.getByRole('heading', { level: 1, name: 'Danh bạ – Cán bộ' }).waitFor(WAIT);
      expect(new URL(page.url()).pathname).toBe('/roster/staff');
      await page.getByTestId('nav-roster').click();
      await page.getByRole('heading', { level: 1, name: 'Danh bạ – Cán bộ' }).waitFor(WAIT);
      await page.getByTestId('roster-import').click();
      const sheet = [
        'HỌ VÀ TÊN;SỐ THẺ;CƠ QUAN;CHỨC DANH',
        'Lý Văn Sáng;BG-26-020301;Bộ phận Một cửa UBND xã Phượng Sơn;Công chức Tư pháp – Hộ tịch',
        'NÔNG THỊ MAI;;bg-ln-phuongson;Công chức Địa chính',
        'Hà Thị Mới Tuyển;;Bộ phận Một cửa UBND xã Phượng Sơn;Chuyên viên',
      ].join('\r\n');
      await page.getByTestId('roster-import-file').setInputFiles({ name: 'phuong-son.csv', mimeType: 'text/csv', buffer: Buffer.from(sheet) });
      await page.getByTestId('roster-import-preview').click();
      await page.getByTestId('roster-import-plan').waitFor(WAIT);
      const count = (kind: string, action: string) => page.getByTestId(`count-${kind}-${action}`).innerText();
      expect([await count('staff', 'add'), await count('staff', 'change'), await count('staff', 'unchanged'), await count('staff', 'refused')]).toEqual(['1', '1', '1', '0']);
      expect(await page.getByTestId('roster-import-missing').locator('caption').innerText()).toBe('2 cán bộ của các đơn vị trong tệp không có trong tệp: vẫn giữ hoạt động');
      const axe = await new AxeBuilder({ page }).analyze();
      expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
      await page.getByTestId('roster-import-confirm').click();
      await expect.poll(() => page.getByTestId('roster-import-done').innerText(), WAIT).toBe('Đã nhập phuong-son.csv; 0 cán bộ ngừng hoạt động.');

      await page.getByTestId('roster-staff').click();
      await page.getByTestId('roster-search').fill('duong thi hoa');
      await page.getByRole('button', { name: 'Tìm', exact: true }).click();
      const rows = page.getByTestId('roster-staff-table').locator('tbody tr');
      await expect.poll(() => rows.count(), WAIT).toBe(2);
      await page.getByTestId('staff-st-010205').getByRole('button').click();
      const form = page.getByTestId('staff-edit-form');
      await form.getByLabel('Chức danh').fill('Phó Giám đốc Văn phòng Đăng ký đất đai');
      await form.getByRole('button', { name: 'Lưu' }).click();
      await expect.poll(() => page.getByRole('status').innerText(), WAIT).toBe('Đã lưu Dương Thị Hòa.');
      await expect.poll(() => page.getByTestId('staff-st-010205').locator('td').nth(1).innerText(), WAIT).toBe('Phó Giám đốc Văn phòng Đăng ký đất đai');
      expect(problems()).toEqual([]);
    } finally {
      await close();
    }

    const admin = await openConsolePage(browser);
    try {
      await signIn(admin.page, site, 'quantri', '/audit');
      const actions = admin.page.getByTestId('audit-table').locator('tbody tr');
      await expect.poll(() => actions.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-action'))), WAIT).toEqual(expect.arrayContaining(['roster_imported', 'roster_staff_changed']));
      expect(admin.problems()).toEqual([]);
    } finally {
      await admin.close();
    }
  });
});
