/**
 * The administrator's pages and the province's campaign periods, in Chromium: accounts created
 * and changed (and refused with a clear message), campaign periods added to the period picker and
 * removed, the minimum behind any figure changed, and each change in the audit log.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../harness';
import { openConsolePage, PASSWORD, signIn, startConsoleSite, type ConsoleSite } from './harness';

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

describe('administration in the console', () => {
  it('an administrator creates a unit head’s account, is told when a login is taken, and disables it', async () => {
    const { page, close, problems } = await openConsolePage(browser);
    try {
      await signIn(page, site, 'quantri', '/accounts');
      const form = page.getByTestId('account-create-form');
      await form.getByLabel('Tên đăng nhập').fill('truong.anchau');
      await form.getByLabel('Họ và tên').fill('Tôn Nữ Thị Khánh Huyền');
      await form.getByLabel('Vai trò').selectOption('unit_head');
      await form.getByLabel('Đơn vị').selectOption('bg-sd-anchau');
      await form.getByLabel('Mật khẩu').fill(PASSWORD);
      await form.getByRole('button', { name: 'Tạo tài khoản' }).click();
      await expect.poll(() => page.getByRole('status').innerText(), WAIT).toBe('Đã tạo tài khoản truong.anchau.');
      const row = page.getByTestId('account-truong.anchau');
      expect(await row.locator('td').allInnerTexts()).toEqual([
        'Tôn Nữ Thị Khánh Huyền',
        'Thủ trưởng đơn vị',
        'Bộ phận Tiếp nhận và Trả kết quả UBND thị trấn An Châu, huyện Sơn Động, tỉnh Bắc Giang',
        'Không',
        'Đang dùng',
        'Chưa đăng nhập',
        'Sửa',
      ]);

      await form.getByLabel('Tên đăng nhập').fill('Truong.AnChau');
      await form.getByLabel('Họ và tên').fill('Người khác');
      await form.getByLabel('Mật khẩu').fill(PASSWORD);
      await form.getByRole('button', { name: 'Tạo tài khoản' }).click();
      await expect.poll(() => form.getByRole('alert').innerText(), WAIT).toBe('Tên đăng nhập: Tên đăng nhập này đã có.');

      await row.getByRole('button', { name: 'Sửa tài khoản truong.anchau' }).click();
      const edit = page.getByTestId('account-edit-form');
      await edit.getByLabel('Khóa tài khoản').check();
      await edit.getByRole('button', { name: 'Lưu thay đổi' }).click();
      await expect.poll(() => page.getByRole('status').innerText(), WAIT).toBe('Đã lưu tài khoản truong.anchau.');
      await expect.poll(() => row.locator('td').nth(4).innerText(), WAIT).toBe('Đã khóa');
      expect(problems()).toEqual([]);
    } finally {
      await close();
    }
    // A disabled account cannot sign in.
    const other = await openConsolePage(browser);
    try {
      await other.page.goto(site.url);
      await other.page.getByTestId('sign-in-login').fill('truong.anchau');
      await other.page.getByTestId('sign-in-password').fill(PASSWORD);
      await other.page.getByTestId('sign-in-submit').click();
      await expect.poll(() => other.page.getByTestId('sign-in-error').innerText(), WAIT).toBe('Tên đăng nhập hoặc mật khẩu không đúng.');
    } finally {
      await other.close();
    }
  });

  it('the province adds a campaign period, finds it in the period picker, and removes it', async () => {
    const { page, close, problems } = await openConsolePage(browser);
    page.on('dialog', (dialog) => void dialog.accept());
    try {
      await signIn(page, site, 'so.noivu', '/periods');
      await page.getByLabel('Tên kỳ').fill('Đánh giá năm 2026');
      await page.getByLabel('Từ ngày').fill('2026-01-01');
      await page.getByLabel('Đến ngày').fill('2026-11-30');
      await page.getByRole('button', { name: 'Thêm kỳ' }).click();
      await expect.poll(() => page.getByRole('status').innerText(), WAIT).toBe('Đã thêm kỳ Đánh giá năm 2026.');
      expect(await page.getByTestId('campaigns-table').locator('tbody th').allInnerTexts()).toContain('Đánh giá năm 2026');

      await page.getByTestId('nav-overview').click();
      await page.getByLabel('Loại kỳ').selectOption('campaign');
      // The period picker chooses the campaign that holds this year: the new one.
      await expect.poll(() => page.getByTestId('period-label').innerText(), WAIT).toContain('Đánh giá năm 2026');

      await page.getByTestId('nav-periods').click();
      await page.getByRole('button', { name: 'Xóa kỳ Đánh giá năm 2026' }).click();
      await expect.poll(() => page.getByRole('status').innerText(), WAIT).toBe('Đã xóa kỳ Đánh giá năm 2026.');
      expect(await page.getByTestId('campaigns-table').locator('tbody th').allInnerTexts()).not.toContain('Đánh giá năm 2026');
      expect(problems()).toEqual([]);
    } finally {
      await close();
    }
  });

  it('the minimum behind any figure: raised, every share says "too few ratings"; and the audit log has it all', async () => {
    const admin = await openConsolePage(browser);
    try {
      await signIn(admin.page, site, 'quantri', '/settings');
      const minimum = admin.page.getByLabel('Số đánh giá tối thiểu để hiện tỷ lệ');
      await expect.poll(() => minimum.inputValue(), WAIT).toBe('5');
      await minimum.fill('1000');
      await admin.page.getByRole('button', { name: 'Lưu' }).click();
      await expect.poll(() => admin.page.getByRole('status').innerText(), WAIT).toBe('Đã lưu cài đặt.');

      const province = await openConsolePage(browser);
      try {
        await signIn(province.page, site, 'so.noivu', '/reports/units/bg-ln-phuongson?from=2026-10-01&to=2026-10-31&kind=month');
        await province.page.getByTestId('staff-table').waitFor(WAIT);
        const cells = await province.page.getByTestId('staff-table').locator('tbody td.too-few').allInnerTexts();
        expect(cells.length).toBeGreaterThan(0);
        expect(new Set(cells)).toEqual(new Set(['quá ít đánh giá']));
        expect(await province.page.getByTestId('satisfaction-rate').innerText()).toBe('quá ít đánh giá');
        expect(await province.page.getByText('Ô có dưới 1000 đánh giá').count()).toBe(1);
      } finally {
        await province.close();
      }

      await minimum.fill('5');
      await admin.page.getByRole('button', { name: 'Lưu' }).click();
      await expect.poll(() => admin.page.getByRole('status').innerText(), WAIT).toBe('Đã lưu cài đặt.');

      await admin.page.getByTestId('nav-audit').click();
      const actions = admin.page.getByTestId('audit-table').locator('tbody tr');
      await expect.poll(() => actions.first().getAttribute('data-action'), WAIT).toBe('settings_changed');
      const seen = await actions.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-action')));
      for (const action of ['settings_changed', 'period_created', 'period_deleted', 'account_created', 'account_changed', 'login']) expect(seen, action).toContain(action);
      // Filtered by one action.
      await admin.page.getByLabel('Thao tác').selectOption('account_created');
      await admin.page.getByRole('button', { name: 'Áp dụng' }).click();
      await expect.poll(() => actions.evaluateAll((rows) => [...new Set(rows.map((row) => row.getAttribute('data-action')))]), WAIT).toEqual(['account_created']);
      expect(await actions.first().innerText()).toContain('truong.anchau');
      expect(admin.problems()).toEqual([]);
    } finally {
      await admin.close();
    }
  });
});
