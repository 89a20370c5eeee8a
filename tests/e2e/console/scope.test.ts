/**
 * A unit head sees their unit and the units under it, and nothing else: not in the pages, not
 * through an edited URL, not through the API with another unit's id.
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
const YEAR = 'from=2026-01-01&to=2026-12-31&kind=year';

describe('a unit head’s scope', () => {
  it('the overview is their unit, with only the units under it, and the trail starts at their unit', async () => {
    const { page, close, problems } = await openConsolePage(browser);
    try {
      await signIn(page, site, 'truong.lucngan');
      await page.getByRole('heading', { level: 1, name: 'Bộ phận Một cửa UBND huyện Lục Ngạn' }).waitFor(WAIT);
      expect(new URL(page.url()).pathname).toBe('/reports/units/bg-ln-motcua');
      const units = page.getByTestId('units-table').locator('tbody th a');
      expect(await units.allInnerTexts()).toEqual(['Bộ phận Một cửa UBND xã Phượng Sơn']);
      const pageText = await page.locator('main').innerText();
      expect(pageText).not.toContain('Trung tâm Phục vụ hành chính công');
      expect(pageText).not.toContain('Sơn Động');
      await units.first().click();
      await page.getByRole('heading', { level: 1, name: 'Bộ phận Một cửa UBND xã Phượng Sơn' }).waitFor(WAIT);
      expect(await page.getByRole('navigation', { name: 'Vị trí trong báo cáo' }).getByRole('listitem').allInnerTexts()).toEqual([
        'Bộ phận Một cửa UBND huyện Lục Ngạn',
        'Bộ phận Một cửa UBND xã Phượng Sơn',
      ]);
      expect(problems()).toEqual([]);
    } finally {
      await close();
    }
  });

  it('an edited URL naming another unit, counter or officer shows the refusal, never its figures', async () => {
    const { page, close } = await openConsolePage(browser);
    try {
      await signIn(page, site, 'truong.lucngan');
      for (const path of [`/reports/units/bg-ttpvhcc?${YEAR}`, `/reports/counters/ttpvhcc-q01?${YEAR}`, `/reports/staff/st-000101?${YEAR}`, `/reports/units/bg-sd-anchau?${YEAR}`]) {
        await page.goto(`${site.url}${path}`);
        await expect.poll(() => page.getByRole('alert').innerText(), WAIT).toBe('Đơn vị này nằm ngoài phạm vi của tài khoản.');
        expect(await page.getByTestId('total-ratings').count(), path).toBe(0);
      }
      await page.goto(`${site.url}/reports/province?${YEAR}`);
      await expect.poll(() => page.getByRole('alert').innerText(), WAIT).toBe('Tài khoản của bạn không có quyền này.');
    } finally {
      await close();
    }
  });

  it('the API refuses another unit’s id with 403 out_of_scope, in the user’s language', async () => {
    const { page, close } = await openConsolePage(browser);
    try {
      await signIn(page, site, 'truong.phuongson');
      const answers = await page.evaluate(async (query) => {
        const ask = async (path: string) => {
          const response = await fetch(`/api/console/v1${path}?${query}`, { headers: { 'accept-language': 'vi' } });
          return { path, status: response.status, body: (await response.json()) as { error?: string; message?: string; subject?: unknown } };
        };
        return Promise.all(['/reports/units/bg-ln-motcua', '/reports/units/bg-ttpvhcc', '/reports/counters/ln-q01', '/reports/staff/st-010201', '/reports/units/bg-ln-phuongson'].map(ask));
      }, YEAR);
      for (const answer of answers.slice(0, 4)) {
        expect(answer.status, answer.path).toBe(403);
        expect(answer.body, answer.path).toEqual({ error: 'out_of_scope', message: expect.stringContaining('ngoài phạm vi') });
      }
      expect(answers[4]!.status).toBe(200);
      expect(answers[4]!.body.subject).toMatchObject({ kind: 'unit', id: 'bg-ln-phuongson' });
    } finally {
      await close();
    }
  });

  it('the unit list of the comments page holds only the units in scope', async () => {
    const { page, close } = await openConsolePage(browser);
    try {
      await signIn(page, site, 'truong.lucngan', '/comments');
      const options = page.getByLabel('Đơn vị').locator('option');
      await expect.poll(() => options.count(), WAIT).toBe(3);
      expect((await options.allInnerTexts()).map((text) => text.trim())).toEqual([
        'Tất cả đơn vị trong phạm vi',
        'Bộ phận Một cửa UBND huyện Lục Ngạn',
        'Bộ phận Một cửa UBND xã Phượng Sơn',
      ]);
    } finally {
      await close();
    }
  });
});
