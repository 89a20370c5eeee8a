/**
 * Signing in to the console, per role: each sees their name, role and scope, and the pages of
 * their role; a wrong password is told in Vietnamese (or English); a deep link survives the
 * sign-in; signing out ends the session.
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

describe('signing in to the console', () => {
  it.each([
    { login: 'so.noivu', who: 'Sở Nội vụ (toàn tỉnh) · Toàn tỉnh', nav: ['Tổng quan', 'Ý kiến người dân', 'Báo cáo hằng tháng', 'Xem xét', 'Kỳ đánh giá', 'Thẻ cán bộ', 'Chuỗi bản ghi', 'Danh bạ'], heading: 'Toàn tỉnh' },
    { login: 'truong.lucngan', who: 'Thủ trưởng đơn vị · Bộ phận Một cửa UBND huyện Lục Ngạn', nav: ['Tổng quan', 'Ý kiến người dân', 'Báo cáo hằng tháng', 'Xem xét', 'Thẻ cán bộ', 'Chuỗi bản ghi', 'Danh bạ'], heading: 'Bộ phận Một cửa UBND huyện Lục Ngạn' },
    { login: 'kythuat', who: 'Cán bộ kỹ thuật · Toàn tỉnh', nav: ['Tổng quan', 'Thiết bị kiosk', 'Cài đặt kiosk', 'Mã kích hoạt', 'Cập nhật phần mềm', 'Thẻ cán bộ', 'Chuỗi bản ghi', 'Danh bạ'], heading: 'Toàn tỉnh' },
    { login: 'quantri', who: 'Quản trị viên · Toàn tỉnh', nav: ['Tổng quan', 'Thiết bị kiosk', 'Cài đặt kiosk', 'Mã kích hoạt', 'Tài khoản', 'Nhật ký truy cập', 'Kỳ đánh giá', 'Cài đặt', 'Báo cáo hằng tháng', 'Chuỗi bản ghi', 'Danh bạ'], heading: 'Toàn tỉnh' },
  ])('$login sees their role, their scope and the pages of their role', async ({ login, who, nav, heading }) => {
    const { page, close, problems } = await openConsolePage(browser);
    try {
      await signIn(page, site, login);
      await expect.poll(() => page.getByTestId('who').innerText(), WAIT).toContain(who);
      expect(await page.getByRole('navigation', { name: 'Các trang' }).getByRole('link').allInnerTexts()).toEqual(nav);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor(WAIT);
      await page.getByTestId('total-ratings').waitFor(WAIT);
      expect(problems()).toEqual([]);
    } finally {
      await close();
    }
  });

  it('a wrong password is refused in Vietnamese, and in English after the switch', async () => {
    const { page, close } = await openConsolePage(browser);
    try {
      await page.goto(site.url);
      await page.getByTestId('sign-in-login').fill('so.noivu');
      await page.getByTestId('sign-in-password').fill('không phải mật khẩu');
      await page.getByTestId('sign-in-submit').click();
      await expect.poll(() => page.getByTestId('sign-in-error').innerText(), WAIT).toBe('Tên đăng nhập hoặc mật khẩu không đúng.');
      await page.getByTestId('language-switch').click();
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Sign in');
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      expect(await page.getByTestId('sign-in-error').innerText()).toBe('Wrong login or password.');
    } finally {
      await close();
    }
  });

  it('a deep link opens after the sign-in, and signing out ends the session', async () => {
    const { page, close, problems } = await openConsolePage(browser);
    try {
      const deepLink = '/reports/counters/ln-q05?from=2026-10-01&to=2026-10-31&kind=month';
      await signIn(page, site, 'so.noivu', deepLink);
      await page.getByRole('heading', { level: 1, name: /Quầy 5/ }).waitFor(WAIT);
      expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe(deepLink);
      await page.getByTestId('sign-out').click();
      await page.getByTestId('sign-in-form').waitFor(WAIT);
      // The cookie is gone with the session: a reload asks to sign in again.
      await page.goto(`${site.url}/reports/province`);
      await page.getByTestId('sign-in-form').waitFor(WAIT);
      expect(problems()).toEqual([]);
    } finally {
      await close();
    }
  });

  it('a session that ends on the server sends the user to sign in again, and back to the same page', async () => {
    const { page, close, problems } = await openConsolePage(browser);
    try {
      await signIn(page, site, 'so.noivu', '/reports/units/bg-ln-motcua?from=2026-01-01&to=2026-12-31&kind=year');
      await page.getByTestId('units-table').waitFor(WAIT);
      // The server forgets every session (expiry, a password change elsewhere): the next request is refused.
      await site.db.deleteFrom('console_sessions').execute();
      await page.getByTestId('units-table').getByRole('link', { name: 'Bộ phận Một cửa UBND xã Phượng Sơn' }).click();
      await page.getByTestId('sign-in-form').waitFor(WAIT);
      expect(await page.getByTestId('sign-in-form').getByRole('status').innerText()).toBe('Vui lòng đăng nhập.');
      await page.getByTestId('sign-in-login').fill('so.noivu');
      await page.getByTestId('sign-in-password').fill(PASSWORD);
      await page.getByTestId('sign-in-submit').click();
      await page.getByRole('heading', { level: 1, name: 'Bộ phận Một cửa UBND xã Phượng Sơn' }).waitFor(WAIT);
      expect(new URL(page.url()).searchParams.get('from')).toBe('2026-01-01');
      expect(problems()).toEqual([]);
    } finally {
      await close();
    }
  });
});
