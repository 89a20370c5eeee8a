/**
 * The fair ranking and the exports in Chromium: from the overview to its ranking with the period
 * kept, officers and units, a unit head within their own units, another minimum tried and refused
 * with the server's message, the province's defaults kept; and files downloaded as a user
 * downloads them — a ranking's workbook and a report table's CSV — read back and compared with
 * what the page shows.
 */
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import type { Browser, Download, Page } from 'playwright-core';
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
const YEAR = 'from=2025-01-01&to=2025-12-31&kind=year';
const heading = (page: Page) => page.getByRole('heading', { level: 1 }).innerText();
const search = (page: Page) => new URL(page.url()).searchParams;
/** The names in a ranking table, in its order. */
const names = (page: Page, testId: string) => page.getByTestId(testId).locator('tbody th a').allInnerTexts();

/** Opens the page's download menu and downloads one of its files. */
async function downloadFrom(page: Page, testId: string): Promise<{ download: Download; bytes: Buffer }> {
  await page.getByTestId('export-menu').locator('summary').click();
  const [download] = await Promise.all([page.waitForEvent('download', WAIT), page.getByTestId(testId).click()]);
  return { download, bytes: readFileSync((await download.path())!) };
}

describe('the ranking page', () => {
  it('from the overview to its ranking, keeping the period; officers, then units, then one district', async () => {
    const { page, close, problems } = await openConsolePage(browser);
    try {
      await signIn(page, site, 'so.noivu', `/reports/province?${YEAR}`);
      await expect.poll(() => heading(page), WAIT).toBe('Toàn tỉnh');
      await page.getByTestId('view-rankings').click();
      await expect.poll(() => heading(page), WAIT).toContain('Xếp hạng để khen thưởng');
      expect(new URL(page.url()).pathname).toBe('/rankings');
      expect(search(page).get('from')).toBe('2025-01-01');
      expect(search(page).get('kind')).toBe('year');

      // The page's ranks are the server's, and the parameters are said.
      await page.getByTestId('ranking-all').waitFor(WAIT);
      const api = await page.evaluate(async (query) => (await fetch(`/api/console/v1/rankings?${query}`)).json(), `${YEAR}&by=staff`);
      expect(await names(page, 'ranking-all')).toEqual(api.ranked.map((r: { name: string }) => r.name));
      expect(await page.getByTestId('parameter-minimum').innerText()).toBe('30');
      expect(await page.getByTestId('parameter-weight').innerText()).toContain('trung vị');
      const ranks = await page.getByTestId('ranking-all').locator('tbody td:first-child').allInnerTexts();
      expect(ranks[0]).toBe('1');

      await page.getByRole('radio', { name: 'Đơn vị' }).check();
      await expect.poll(() => search(page).get('by'), WAIT).toBe('unit');
      await expect.poll(() => names(page, 'ranking-all'), WAIT).toContain('Bộ phận Một cửa UBND xã Phượng Sơn');
      await page.getByLabel('Trong phạm vi').selectOption('bg-ln-motcua');
      await expect.poll(() => names(page, 'ranking-all'), WAIT).toEqual(expect.arrayContaining(['Bộ phận Một cửa UBND huyện Lục Ngạn', 'Bộ phận Một cửa UBND xã Phượng Sơn']));
      expect((await names(page, 'ranking-all')).length).toBe(2);
      expect(search(page).get('unit')).toBe('bg-ln-motcua');

      // A unit links to its report page, with the same period.
      await page.getByTestId('ranking-all').getByRole('link', { name: 'Bộ phận Một cửa UBND xã Phượng Sơn' }).click();
      await expect.poll(() => heading(page), WAIT).toContain('Bộ phận Một cửa UBND xã Phượng Sơn');
      expect(search(page).get('to')).toBe('2025-12-31');
      expect(problems()).toEqual([]);
    } finally {
      await close();
    }
  });

  it('a unit head ranks within their own units, and is offered no other', async () => {
    const { page, close, problems } = await openConsolePage(browser);
    try {
      await signIn(page, site, 'truong.lucngan', `/rankings?${YEAR}&by=staff`);
      await page.getByTestId('ranking-all').waitFor(WAIT);
      expect(await page.locator('.page-heading .subject-detail').innerText()).toBe('Bộ phận Một cửa UBND huyện Lục Ngạn');
      const options = await page.getByLabel('Trong phạm vi').locator('option').allInnerTexts();
      expect(options.map((o) => o.trim())).toEqual(['Bộ phận Một cửa UBND huyện Lục Ngạn', 'Bộ phận Một cửa UBND xã Phượng Sơn']);
      // An edited URL naming another unit shows the refusal, never its officers.
      await page.goto(`${site.url}/rankings?${YEAR}&by=staff&unit=bg-ttpvhcc`);
      await expect.poll(() => page.getByRole('alert').innerText(), WAIT).toBe('Đơn vị này nằm ngoài phạm vi của tài khoản.');
      expect(await page.getByTestId('ranking-all').count()).toBe(0);
      expect(problems()).toEqual([]);
    } finally {
      await close();
    }
  });

  it('another minimum is tried in the URL; a minimum of 0 is refused with the reason; the province keeps its defaults', async () => {
    const { page, close, problems } = await openConsolePage(browser);
    try {
      await signIn(page, site, 'so.noivu', `/rankings?${YEAR}&by=staff`);
      await page.getByTestId('ranking-parameters').waitFor(WAIT);
      const form = page.getByTestId('parameters-form');
      await page.getByText('Thử tham số khác').click();
      await form.getByLabel('Số đánh giá tối thiểu').fill('0');
      await form.getByRole('button', { name: 'Xem với tham số này' }).click();
      await expect.poll(() => page.getByRole('alert').innerText(), WAIT).toContain('Số đánh giá tối thiểu để xếp hạng phải là số nguyên');
      expect(search(page).get('minRatings')).toBe('0');
      await page.getByTestId('parameters-reset').click();
      await page.getByTestId('ranking-all').waitFor(WAIT);
      expect(search(page).get('minRatings')).toBeNull();

      await page.getByText('Thử tham số khác').click();
      await form.getByLabel('Số đánh giá tối thiểu').fill('100');
      await form.getByLabel('Trọng số m').fill('25');
      await form.getByRole('button', { name: 'Xem với tham số này' }).click();
      await expect.poll(() => page.getByTestId('parameter-minimum').innerText(), WAIT).toBe('100');
      expect(await page.getByTestId('parameter-weight').innerText()).toContain('chọn cho lần xem này');
      // The province keeps them as its defaults: the view drops its own values, the defaults apply.
      await page.getByText('Thử tham số khác').click();
      await page.getByTestId('parameters-keep').click();
      await expect.poll(() => search(page).get('minRatings'), WAIT).toBeNull();
      await expect.poll(() => page.getByTestId('parameter-weight').innerText(), WAIT).toContain('do Sở Nội vụ đặt');
      expect(await page.getByTestId('parameter-minimum').innerText()).toBe('100');
      const audit = await site.db.selectFrom('console_audit').select('details').where('action', '=', 'settings_changed').execute();
      expect(audit.map((a) => JSON.parse(a.details))).toContainEqual({ rankings: { minRatingsForRanking: 100, rankingWeight: 25 } });
      // Back to DOMAIN's defaults for the other tests.
      await page.getByText('Thử tham số khác').click();
      await form.getByLabel('Số đánh giá tối thiểu').fill('30');
      await form.getByLabel('Trọng số m').fill('');
      await page.getByTestId('parameters-keep').click();
      await expect.poll(() => page.getByTestId('parameter-weight').innerText(), WAIT).toContain('trung vị');
      expect(problems()).toEqual([]);
    } finally {
      await close();
    }
  });
});

describe('downloads', () => {
  it('the ranking’s workbook holds the page’s ranking, sheet by sheet, and the download is audited', async () => {
    const { page, close, problems } = await openConsolePage(browser);
    try {
      await signIn(page, site, 'so.noivu', `/rankings?${YEAR}&by=staff`);
      await page.getByTestId('ranking-all').waitFor(WAIT);
      const shown = await names(page, 'ranking-all');
      const { download, bytes } = await downloadFrom(page, 'export-xlsx');
      expect(download.suggestedFilename()).toBe('xep-hang-can-bo_toan-tinh_2025-01-01_2025-12-31.xlsx');
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(bytes as unknown as ArrayBuffer);
      expect(book.worksheets.map((s) => s.name)).toEqual(['Thông tin', 'Xếp hạng', 'Chưa đủ số đánh giá']);
      const sheet = book.getWorksheet('Xếp hạng')!;
      const inFile: string[] = [];
      sheet.eachRow((row, number) => number > 1 && inFile.push(row.getCell(3).value as string));
      expect(inFile).toEqual(shown);
      const exports = await site.db.selectFrom('console_audit').select(['login', 'details']).where('action', '=', 'export').execute();
      expect(exports.map((e) => [e.login, JSON.parse(e.details).export, JSON.parse(e.details).format])).toContainEqual(['so.noivu', 'ranking', 'xlsx']);
      expect(problems()).toEqual([]);
    } finally {
      await close();
    }
  });

  it('a report table’s CSV opens as UTF-8 with its BOM and holds the officers the page lists, names exact', async () => {
    const { page, close, problems } = await openConsolePage(browser);
    try {
      await signIn(page, site, 'truong.lucngan', `/reports/units/bg-ln-motcua?${YEAR}`);
      await page.getByTestId('staff-table').waitFor(WAIT);
      const shown = await page.getByTestId('staff-table').locator('tbody th a').allInnerTexts();
      const { download, bytes } = await downloadFrom(page, 'export-csv-staff');
      expect(download.suggestedFilename()).toBe('bao-cao_bo-phan-mot-cua-ubnd-huyen-luc-ngan_staff_2025-01-01_2025-12-31.csv');
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(3)).trimEnd().split('\r\n');
      expect(lines[0]!.split(',').slice(0, 4)).toEqual(['Hạng', 'Mã', 'Cán bộ', 'Chức danh']);
      // "Dương Thị Hoà" and "Dương Thị Hòa" are two people: both come back exactly.
      expect(lines.slice(1).map((line) => line.split(',')[2])).toEqual(shown);
      expect(shown).toEqual(expect.arrayContaining(['Dương Thị Hoà', 'Dương Thị Hòa']));
      // A unit head is not offered the raw ratings (province accounts only).
      expect(await page.getByTestId('export-raw-csv').count()).toBe(0);
      expect(problems()).toEqual([]);
    } finally {
      await close();
    }
  });
});

describe('an export the server refuses', () => {
  it('is explained in the menu in Vietnamese, and nothing is saved as a file', async () => {
    const { page, close, problems } = await openConsolePage(browser);
    const account = await site.db.selectFrom('console_users').select(['id', 'role', 'unit_id']).where('login', '=', 'so.noivu.canhan').executeTakeFirstOrThrow();
    try {
      await signIn(page, site, 'so.noivu.canhan', `/rankings?${YEAR}&by=staff`);
      await page.getByTestId('ranking-all').waitFor(WAIT);
      // The account is moved to IT staff while the page is open: rankings are no longer theirs to read.
      await site.db.updateTable('console_users').set({ role: 'it', unit_id: null }).where('id', '=', account.id).execute();
      let downloads = 0;
      page.on('download', () => (downloads += 1));
      await page.getByTestId('export-menu').locator('summary').click();
      await page.getByTestId('export-xlsx').click();
      const notice = page.getByTestId('export-menu').getByRole('alert');
      await notice.waitFor(WAIT);
      expect(await notice.innerText()).toBe('Tài khoản của bạn không có quyền này.');
      expect(downloads).toBe(0);
      expect(problems()).toEqual([]);
    } finally {
      await site.db.updateTable('console_users').set({ role: account.role, unit_id: account.unit_id }).where('id', '=', account.id).execute();
      await close();
    }
  });
});
