/**
 * The report pages in Chromium: the drill-down from the province to an officer with the period
 * kept at every step, the period switch (kind, previous, reload), the desk filter, the chart
 * drawn as SVG with its ARIA description and its numbers as a table, and the console's CSP
 * obeyed throughout.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../harness';
import { openConsolePage, signIn, startConsoleSite, type ConsoleSite } from './harness';

let browser: Browser;
let site: ConsoleSite;
beforeAll(async () => {
  [browser, site] = await Promise.all([launchChromium(), startConsoleSite()]);
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

const WAIT = { timeout: 15_000 };
const heading = (page: Page) => page.getByRole('heading', { level: 1 }).innerText();
const search = (page: Page) => new URL(page.url()).searchParams;

describe('the report pages', () => {
  it('drill down from the province to a unit, a unit below, a counter and an officer, keeping the period', async () => {
    const { page, close, problems } = await openConsolePage(browser);
    try {
      await signIn(page, site, 'so.noivu', '/reports/province?from=2025-01-01&to=2025-12-31&kind=year');
      await expect.poll(() => heading(page), WAIT).toBe('Toàn tỉnh');
      await page.getByTestId('units-table').getByRole('link', { name: 'Bộ phận Một cửa UBND huyện Lục Ngạn' }).click();
      await expect.poll(() => heading(page), WAIT).toContain('Bộ phận Một cửa UBND huyện Lục Ngạn');
      expect(new URL(page.url()).pathname).toBe('/reports/units/bg-ln-motcua');
      expect(search(page).get('from')).toBe('2025-01-01');

      await page.getByTestId('units-table').getByRole('link', { name: 'Bộ phận Một cửa UBND xã Phượng Sơn' }).click();
      await expect.poll(() => heading(page), WAIT).toContain('Bộ phận Một cửa UBND xã Phượng Sơn');
      expect(new URL(page.url()).pathname).toBe('/reports/units/bg-ln-phuongson');

      await page.getByTestId('counters-table').getByRole('link', { name: 'Quầy tiếp nhận và trả kết quả' }).click();
      await expect.poll(() => heading(page), WAIT).toContain('Quầy tiếp nhận và trả kết quả');
      expect(new URL(page.url()).pathname).toBe('/reports/counters/ps-q01');
      expect(search(page).get('kind')).toBe('year');

      const officer = page.getByTestId('staff-table').getByRole('link').first();
      const name = await officer.innerText();
      await officer.click();
      await expect.poll(() => heading(page), WAIT).toContain(name);
      expect(new URL(page.url()).pathname).toMatch(/^\/reports\/staff\/st-0203\d\d$/);
      expect(search(page).get('to')).toBe('2025-12-31');
      const trail = page.getByRole('navigation', { name: 'Vị trí trong báo cáo' });
      expect(await trail.getByRole('listitem').allInnerTexts()).toEqual(['Toàn tỉnh', 'Bộ phận Một cửa UBND huyện Lục Ngạn', 'Bộ phận Một cửa UBND xã Phượng Sơn', name]);
      // The officer beside their unit and the province, month by month and behaviour by behaviour.
      expect(await page.getByTestId('officer-comparison').locator('tbody th').allInnerTexts()).toEqual([name, 'Bộ phận Một cửa UBND xã Phượng Sơn', 'Toàn tỉnh']);
      expect(await page.getByTestId('behaviour-greet').locator('td').count()).toBe(6);

      // The trail leads back up, with the same period.
      await trail.getByRole('link', { name: 'Bộ phận Một cửa UBND huyện Lục Ngạn' }).click();
      await expect.poll(() => heading(page), WAIT).toContain('Bộ phận Một cửa UBND huyện Lục Ngạn');
      expect(search(page).get('from')).toBe('2025-01-01');
      expect(problems()).toEqual([]);
    } finally {
      await close();
    }
  });

  it('the period switch: another kind, the previous period, and a reload that keeps it', async () => {
    const { page, close, problems } = await openConsolePage(browser);
    try {
      await signIn(page, site, 'so.noivu');
      await expect.poll(() => page.getByTestId('period-label').innerText(), WAIT).toContain('Năm 2026');
      const yearTotal = await page.getByTestId('total-ratings').innerText();
      await page.getByLabel('Loại kỳ').selectOption('month');
      await expect.poll(() => page.getByTestId('period-label').innerText(), WAIT).toContain('Tháng 11/2026');
      await page.getByTestId('period-previous').click();
      await expect.poll(() => page.getByTestId('period-label').innerText(), WAIT).toContain('Tháng 10/2026');
      expect(Object.fromEntries(search(page))).toEqual({ from: '2026-10-01', to: '2026-10-31', kind: 'month' });
      await page.getByTestId('total-ratings').waitFor(WAIT);
      const monthTotal = await page.getByTestId('total-ratings').innerText();
      expect(Number(monthTotal.replace(/\./g, ''))).toBeLessThan(Number(yearTotal.replace(/\./g, '')));
      expect(await page.getByTestId('satisfaction-change').innerText()).toContain('Tháng 9/2026');

      await page.reload();
      await expect.poll(() => page.getByTestId('period-label').innerText(), WAIT).toContain('Tháng 10/2026');
      await expect.poll(() => page.getByTestId('total-ratings').innerText(), WAIT).toBe(monthTotal);

      // The browser's Back goes to the period before.
      await page.goBack();
      await expect.poll(() => page.getByTestId('period-label').innerText(), WAIT).toContain('Tháng 11/2026');

      await page.getByLabel('Loại kỳ').selectOption('campaign');
      await expect.poll(() => page.getByTestId('period-label').innerText(), WAIT).toContain('Sơ kết 2021–2022');
      await page.getByLabel('Kỳ', { exact: true }).selectOption({ label: 'Tổng kết 2021–2025' });
      await expect.poll(() => page.getByTestId('period-label').innerText(), WAIT).toContain('Tổng kết 2021–2025');
      expect(Object.fromEntries(search(page))).toEqual({ from: '2021-04-28', to: '2025-12-31', kind: 'campaign' });

      await page.getByLabel('Loại kỳ').selectOption('range');
      await page.getByLabel('Từ ngày').fill('2025-03-15');
      await page.getByLabel('Đến ngày').fill('2025-03-01');
      await page.getByRole('button', { name: 'Áp dụng' }).click();
      await expect.poll(() => page.getByRole('alert').innerText(), WAIT).toBe('Ngày kết thúc trước ngày bắt đầu.');
      await page.getByLabel('Đến ngày').fill('2025-06-30');
      await page.getByRole('button', { name: 'Áp dụng' }).click();
      await expect.poll(() => Object.fromEntries(search(page)), WAIT).toEqual({ from: '2025-03-15', to: '2025-06-30', kind: 'range' });
      expect(problems()).toEqual([]);
    } finally {
      await close();
    }
  });

  it('reception and results apart and together, and the filter by desk', async () => {
    const { page, close } = await openConsolePage(browser);
    try {
      await signIn(page, site, 'so.noivu', '/reports/province?from=2025-01-01&to=2025-12-31&kind=year');
      await page.getByTestId('total-ratings').waitFor(WAIT);
      const count = async (testId: string) => Number((await page.getByTestId(testId).locator('td').first().innerText()).replace(/\./g, ''));
      const total = Number((await page.getByTestId('total-ratings').innerText()).replace(/\./g, ''));
      const reception = await count('desk-reception');
      const results = await count('desk-results');
      expect(reception).toBeGreaterThan(0);
      expect(results).toBeGreaterThan(0);
      expect(reception + results).toBe(total);
      await page.getByRole('radio', { name: 'Trả kết quả' }).check();
      await expect.poll(async () => Number((await page.getByTestId('total-ratings').innerText()).replace(/\./g, '')), WAIT).toBe(results);
      expect(search(page).get('deskRole')).toBe('results');
    } finally {
      await close();
    }
  });

  it('the chart is SVG with its ARIA description, its numbers are a table, and nothing breaks the CSP', async () => {
    const { page, close, problems } = await openConsolePage(browser);
    try {
      await signIn(page, site, 'so.noivu', '/reports/units/bg-ttpvhcc?from=2026-01-01&to=2026-12-31&kind=year');
      const chart = page.getByTestId('trend-chart');
      await chart.locator('svg').waitFor(WAIT);
      expect(await chart.locator('canvas').count()).toBe(0);
      const description = await chart.getAttribute('aria-label');
      expect(description).toContain('Biểu đồ số đánh giá và tỷ lệ hài lòng theo tháng của Trung tâm Phục vụ hành chính công tỉnh Bắc Giang');
      await page.getByText('Xem bảng số liệu (12 tháng)').click();
      const rows = page.getByTestId('trend-table').locator('tbody tr');
      expect(await rows.count()).toBe(12);
      expect(await rows.first().locator('th').innerText()).toBe('01/2026');
      // The months add up to the total.
      const counts = await rows.evaluateAll((trs) => trs.map((tr) => Number((tr.querySelector('td')?.textContent ?? '0').replace(/\./g, '').replace('–', '0'))));
      expect(counts.reduce((a, b) => a + b, 0)).toBe(Number((await page.getByTestId('total-ratings').innerText()).replace(/\./g, '')));
      expect(problems()).toEqual([]);
      // The watch above is real: an inline style element is refused by the CSP and reported.
      await page.evaluate(() => document.head.append(Object.assign(document.createElement('style'), { textContent: 'body { color: red }' })));
      await expect.poll(() => problems().join('\n'), WAIT).toContain('CSP violation: style-src');
    } finally {
      await close();
    }
  });
});
