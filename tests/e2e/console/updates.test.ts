/**
 * Kiosk software updates in the console, in Chromium, as IT staff use them: the releases and
 * what each ring is offered, a kiosk's updater as it reported it, promotion to everyone, a pin
 * back to an older version, a unit put in the pilot ring, and the kill switch.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../harness';
import { seedReleases } from './demo-releases';
import { openConsolePage, signIn, startConsoleSite, type ConsoleSite } from './harness';

let browser: Browser;
let site: ConsoleSite;

beforeAll(async () => {
  [browser, site] = await Promise.all([launchChromium(), startConsoleSite({ perCounterDay: 0.1 })]);
  await seedReleases(site, Date.UTC(2026, 10, 21, 2));
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

const WAIT = { timeout: 15_000 };

describe('kiosk software updates in the console', () => {
  it('IT staff promote a release, pin a ring back, put a unit in the pilot ring and pause every update', async () => {
    const { page, close, problems } = await openConsolePage(browser);
    try {
      await signIn(page, site, 'kythuat');
      await page.getByTestId('nav-updates').click();
      await page.getByRole('heading', { level: 1, name: 'Cập nhật phần mềm kiosk' }).waitFor(WAIT);
      const cells = (ring: string) => page.getByTestId(`ring-${ring}`).locator('td').allInnerTexts();
      await expect.poll(async () => (await cells('pilot'))[0], WAIT).toBe('0.2.0');
      expect((await cells('everyone'))[0]).toBe('0.1.0');
      expect(await page.getByTestId('kiosk-updater').filter({ hasText: 'Kiosk bg-ln-motcua' }).innerText()).toContain('Đã tải bản 0.2.0, chờ cài — chờ giờ yên tĩnh');

      await page.getByTestId('promote-0.2.0').click();
      await expect.poll(() => page.getByTestId('updates-done').innerText(), WAIT).toBe('Bản 0.2.0 đã được phát hành cho tất cả.');
      await expect.poll(async () => (await cells('everyone'))[0], WAIT).toBe('0.2.0');

      await page.getByTestId('pin-version-everyone').selectOption('0.1.0');
      await page.getByTestId('pin-everyone').click();
      await expect.poll(async () => (await cells('everyone'))[0], WAIT).toBe('0.1.0 (đã ghim)');

      const assign = page.getByTestId('ring-assignment');
      await assign.getByLabel('Đơn vị (gồm các đơn vị trực thuộc) hoặc máy kiosk').selectOption('unit:bg-ln-motcua');
      await assign.getByLabel('Nhóm').selectOption('pilot');
      await assign.getByRole('button', { name: 'Lưu' }).click();
      await expect.poll(async () => (await cells('pilot'))[2], WAIT).toBe('Bộ phận Một cửa UBND huyện Lục Ngạn');

      await page.getByTestId('updates-pause').click();
      await expect.poll(() => page.getByTestId('updates-state').innerText(), WAIT).toBe('Đã tạm dừng mọi cập nhật: không máy nào được mời cài bản mới.');
      expect((await cells('pilot'))[0]).toBe('Chưa có bản nào');
      expect(problems()).toEqual([]);
    } finally {
      await close();
    }
  });

  it('a unit head does not find the page, and is told so if they type its address', async () => {
    const { page, close } = await openConsolePage(browser);
    try {
      await signIn(page, site, 'truong.lucngan', '/updates');
      await page.getByRole('heading', { level: 1, name: 'Tài khoản của bạn không có quyền này.' }).waitFor(WAIT);
      expect(await page.getByTestId('nav-updates').count()).toBe(0);
    } finally {
      await close();
    }
  });
});
