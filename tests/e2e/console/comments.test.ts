/**
 * Citizens' comments in Chromium: personal data masked (and shown to the account allowed to see
 * it), a search that ignores tones and case, filters and paging kept in the URL, the roles that
 * may not read comments refused, and every view in the audit log.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../harness';
import { openConsolePage, signIn, startConsoleSite, type ConsoleSite } from './harness';

let browser: Browser;
let site: ConsoleSite;
beforeAll(async () => {
  [browser, site] = await Promise.all([launchChromium(), startConsoleSite({ perCounterDay: 0.4 })]);
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

const WAIT = { timeout: 15_000 };
const TWO_YEARS = 'from=2025-01-01&to=2026-11-20&kind=range';
const rows = (page: Page) => page.getByTestId('comments-table').locator('tbody tr[data-testid="comment-row"]');
const texts = (page: Page) => rows(page).locator('td.comment-text span[lang]').allInnerTexts();

async function search(page: Page, words: string): Promise<void> {
  await page.getByLabel('Tìm trong ý kiến').fill(words);
  await page.getByRole('button', { name: 'Tìm', exact: true }).click();
  await expect.poll(() => new URL(page.url()).searchParams.get('q'), WAIT).toBe(words);
  await page.getByTestId('comments-table').waitFor(WAIT);
}

describe('citizens’ comments', () => {
  it('a search without tones finds comments with tones, and phone numbers, addresses and ID numbers are masked and marked', async () => {
    const { page, close, problems } = await openConsolePage(browser);
    try {
      await signIn(page, site, 'so.noivu', `/comments?${TWO_YEARS}`);
      await expect.poll(() => rows(page).count(), WAIT).toBe(25);

      await search(page, 'GOI LAI CHO TOI');
      await expect.poll(() => texts(page), WAIT).toContain('Có việc gấp xin gọi lại cho tôi: •••• ••• •78.');
      const found = await texts(page);
      expect(new Set(found)).toEqual(new Set(['Có việc gấp xin gọi lại cho tôi: •••• ••• •78.']));
      expect(await rows(page).first().getByTestId('masked-marker').innerText()).toBe('Đã che 1 thông tin cá nhân');

      await search(page, 'cccd cua toi');
      await expect.poll(async () => (await texts(page))[0], WAIT).toBe('Số CCCD của tôi ••••••••••67 bị ghi sai trên giấy hẹn.');
      await search(page, 'thu dien tu');
      await expect.poll(async () => (await texts(page))[0], WAIT).toBe('Gửi kết quả qua thư điện tử n•••@•••.com giúp tôi.');
      expect((await page.locator('main').innerText()).includes('0912')).toBe(false);

      await search(page, 'nhiệt TÌNH');
      await expect.poll(async () => new Set(await texts(page)), WAIT).toEqual(new Set(['Cán bộ nhiệt tình, giải thích rõ ràng. Rất hài lòng!']));
      expect(problems()).toEqual([]);
    } finally {
      await close();
    }
  });

  it('an account allowed to see personal data sees the number itself', async () => {
    const { page, close } = await openConsolePage(browser);
    try {
      await signIn(page, site, 'so.noivu.canhan', `/comments?${TWO_YEARS}&q=goi+lai`);
      await expect.poll(async () => (await texts(page))[0], WAIT).toBe('Có việc gấp xin gọi lại cho tôi: 0912 345 678.');
      expect(await page.getByTestId('masked-marker').count()).toBe(0);
    } finally {
      await close();
    }
  });

  it('filters by score, unit and officer, and pages, all kept in the URL', async () => {
    const { page, close, problems } = await openConsolePage(browser);
    try {
      await signIn(page, site, 'so.noivu', `/comments?${TWO_YEARS}`);
      await page.getByTestId('comments-table').waitFor(WAIT);
      await page.getByLabel('Mức đánh giá').selectOption('1');
      await expect.poll(() => new URL(page.url()).searchParams.get('score'), WAIT).toBe('1');
      await expect.poll(async () => new Set(await rows(page).locator('.score').allInnerTexts()), WAIT).toEqual(new Set(['Không hài lòng']));

      await page.getByLabel('Mức đánh giá').selectOption('');
      await page.getByLabel('Đơn vị', { exact: true }).selectOption('bg-ln-phuongson');
      await expect.poll(async () => new Set(await rows(page).locator('.cell-main').allInnerTexts()), WAIT).toEqual(new Set(['Bộ phận Một cửa UBND xã Phượng Sơn']));
      const officer = page.getByLabel('Cán bộ', { exact: true });
      await expect.poll(() => officer.locator('option').count(), WAIT).toBeGreaterThan(1);
      const chosen = (await officer.locator('option').nth(1).innerText()).trim();
      await officer.selectOption({ index: 1 });
      await expect.poll(async () => new Set(await rows(page).locator('td:nth-child(4)').allInnerTexts()), WAIT).toEqual(new Set([chosen]));
      expect(new URL(page.url()).searchParams.get('staff')).toMatch(/^st-0203\d\d$/);

      await page.getByLabel('Đơn vị', { exact: true }).selectOption('');
      await expect.poll(() => page.getByRole('navigation', { name: 'Trang ý kiến' }).innerText(), WAIT).toMatch(/^Trang trước\s+Trang 1\/\d+/);
      const first = await texts(page);
      await page.getByRole('button', { name: 'Trang sau' }).click();
      await expect.poll(() => new URL(page.url()).searchParams.get('page'), WAIT).toBe('2');
      await expect.poll(() => page.getByRole('navigation', { name: 'Trang ý kiến' }).innerText(), WAIT).toMatch(/Trang 2\//);
      const second = await texts(page);
      expect(second).toHaveLength(25);
      expect(second).not.toEqual(first);
      await page.reload();
      await expect.poll(() => texts(page), WAIT).toEqual(second);
      expect(problems()).toEqual([]);
    } finally {
      await close();
    }
  });

  it('IT staff read no comments: not offered, refused in the page and by the API', async () => {
    const { page, close } = await openConsolePage(browser);
    try {
      await signIn(page, site, 'kythuat');
      expect(await page.getByTestId('nav-comments').count()).toBe(0);
      await page.goto(`${site.url}/comments?${TWO_YEARS}`);
      await page.getByRole('heading', { level: 1, name: 'Tài khoản của bạn không có quyền này.' }).waitFor(WAIT);
      const answer = await page.evaluate(async (query) => {
        const response = await fetch(`/api/console/v1/comments?${query}`);
        return { status: response.status, body: (await response.json()) as { error: string } };
      }, TWO_YEARS);
      expect(answer).toEqual({ status: 403, body: expect.objectContaining({ error: 'forbidden' }) });
    } finally {
      await close();
    }
  });

  it('the audit log records who viewed which comments, with the filters, never their text', async () => {
    const reader = await openConsolePage(browser);
    try {
      await signIn(reader.page, site, 'truong.lucngan', `/comments?${TWO_YEARS}&q=may+lay+so`);
      await reader.page.getByTestId('comments-table').waitFor(WAIT);
    } finally {
      await reader.close();
    }
    const { page, close } = await openConsolePage(browser);
    try {
      await signIn(page, site, 'quantri', '/audit?action=comments_viewed');
      const entry = page.getByTestId('audit-table').locator('tbody tr[data-action="comments_viewed"]').first();
      await expect.poll(() => entry.innerText(), WAIT).toContain('truong.lucngan');
      const text = await entry.innerText();
      expect(text).toContain('Xem ý kiến người dân');
      expect(text).toContain('bg-ln-motcua');
      expect(text).toContain('may lay so');
      expect(text).toContain('2025-01-01');
      expect(text).not.toContain('Máy lấy số thứ tự bị hỏng');
    } finally {
      await close();
    }
  });
});
