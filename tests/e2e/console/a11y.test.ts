/**
 * Accessibility of every page of the console, in Vietnamese and in English: axe-core finds no
 * serious or critical violation, the skip link is the first stop of the keyboard, and the page's
 * heading takes the focus when the user arrives on a new page.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../harness';
import { openConsolePage, signIn, startConsoleSite, type ConsoleSite, type ConsolePage } from './harness';

let browser: Browser;
let site: ConsoleSite;
beforeAll(async () => {
  [browser, site] = await Promise.all([launchChromium(), startConsoleSite({ perCounterDay: 0.3 })]);
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

const WAIT = { timeout: 15_000 };
const YEAR = 'from=2026-01-01&to=2026-12-31&kind=year';

async function seriousViolations(page: Page, name: string): Promise<string[]> {
  // Folded content too (the charts' tables): axe checks only what is shown.
  await page.evaluate(() => document.querySelectorAll('details').forEach((details) => (details.open = true)));
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${name}: ${v.id} (${v.impact}) at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Waits for what the page is for: a table, a form, a figure — not for a fixed time. */
const PAGES: { login: string; path: string; ready: string }[] = [
  { login: 'so.noivu', path: `/reports/province?${YEAR}`, ready: '[data-testid="trend-chart"] svg' },
  { login: 'so.noivu', path: `/reports/units/bg-ln-motcua?${YEAR}`, ready: '[data-testid="staff-table"]' },
  { login: 'so.noivu', path: `/reports/counters/ln-q01?${YEAR}`, ready: '[data-testid="staff-table"]' },
  { login: 'so.noivu', path: `/reports/staff/st-010201?${YEAR}`, ready: '[data-testid="officer-comparison"]' },
  { login: 'so.noivu', path: `/rankings?${YEAR}&by=staff`, ready: '[data-testid="ranking-parameters"]' },
  { login: 'truong.lucngan', path: `/rankings?${YEAR}&by=unit`, ready: '[data-testid="ranking-parameters"]' },
  { login: 'so.noivu', path: `/comments?${YEAR}`, ready: '[data-testid="comments-table"], [role="alert"]' },
  { login: 'so.noivu', path: '/periods', ready: '[data-testid="campaigns-table"]' },
  { login: 'so.noivu', path: '/password', ready: '[data-testid="password-form"]' },
  { login: 'quantri', path: '/accounts', ready: '[data-testid="accounts-table"]' },
  { login: 'quantri', path: '/audit', ready: '[data-testid="audit-table"]' },
  { login: 'quantri', path: '/settings', ready: '[data-testid="settings-form"]' },
  { login: 'kythuat', path: '/updates', ready: '[data-testid="kiosk-updaters"]' },
  { login: 'kythuat', path: '/fleet', ready: '[data-testid="pairing-form"]' },
  { login: 'kythuat', path: '/fleet/settings', ready: '[data-testid="alert-settings-form"]' },
  { login: 'kythuat', path: '/fleet/enrolment', ready: '[data-testid="enrolment-form"]' },
  { login: 'so.noivu', path: '/review', ready: '[data-testid="integrity-settings-form"]' },
  { login: 'kythuat', path: '/badges', ready: '[data-testid="badges-unit"]' },
  { login: 'kythuat', path: '/roster/staff', ready: '[data-testid="roster-staff-table"]' },
  { login: 'kythuat', path: '/roster/counters', ready: '[data-testid="roster-counters-table"]' },
  { login: 'kythuat', path: '/roster/units', ready: '[data-testid="roster-units-table"]' },
  { login: 'kythuat', path: '/roster/import', ready: '[data-testid="roster-import-form"]' },
  { login: 'truong.lucngan', path: '/roster/staff', ready: '[data-testid="roster-staff-table"]' },
];

describe('accessibility of the console', () => {
  it('the sign-in page, in both languages, with and without an error', async () => {
    const { page, close } = await openConsolePage(browser);
    try {
      await page.goto(site.url);
      await page.getByTestId('sign-in-form').waitFor(WAIT);
      const found = await seriousViolations(page, 'sign-in');
      await page.getByTestId('sign-in-login').fill('ai.do');
      await page.getByTestId('sign-in-password').fill('sai mật khẩu');
      await page.getByTestId('sign-in-submit').click();
      await page.getByTestId('sign-in-error').waitFor(WAIT);
      found.push(...(await seriousViolations(page, 'sign-in with an error')));
      await page.getByTestId('language-switch').click();
      found.push(...(await seriousViolations(page, 'sign-in in English')));
      expect(found).toEqual([]);
    } finally {
      await close();
    }
  });

  // One signed-in page per account and language, kept across its pages: each page of the
  // console is loaded afresh (goto), and signing in again for each would only repeat the sign-in.
  const signedIn = new Map<string, Promise<ConsolePage>>();
  afterAll(async () => {
    for (const opened of signedIn.values()) await (await opened).close();
  });
  const pageFor = (language: 'vi' | 'en', login: string): Promise<ConsolePage> => {
    const key = `${language} ${login}`;
    let opened = signedIn.get(key);
    if (!opened) {
      opened = (async () => {
        const consolePage = await openConsolePage(browser);
        await signIn(consolePage.page, site, login);
        if (language === 'en') await consolePage.page.getByTestId('language-switch').click();
        return consolePage;
      })();
      signedIn.set(key, opened);
    }
    return opened;
  };

  const CASES = (['vi', 'en'] as const).flatMap((language) => PAGES.map((p) => ({ language, ...p })));
  it.each(CASES)('$language $path: no serious or critical axe violation', async ({ language, login, path, ready }) => {
    const { page, problems } = await pageFor(language, login);
    const before = problems().length;
    await page.goto(`${site.url}${path}`);
    await page.locator(ready).first().waitFor(WAIT);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe(language);
    expect(await seriousViolations(page, `${language} ${path}`)).toEqual([]);
    expect(problems().slice(before)).toEqual([]);
  });

  it('the keyboard: the skip link comes first and leads to the content; a new page puts the focus on its heading', async () => {
    const { page, close } = await openConsolePage(browser);
    try {
      await signIn(page, site, 'so.noivu');
      // A fresh load of a page: the first Tab reaches the skip link.
      await page.goto(`${site.url}/reports/province?${YEAR}`);
      await page.getByTestId('units-table').waitFor(WAIT);
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Bỏ qua, đến nội dung chính');
      expect(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).not.toBe('none');
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
      // A link of the ranking, followed with the keyboard, lands on the unit's heading.
      await page.getByTestId('units-table').getByRole('link').first().focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => page.evaluate(() => document.activeElement?.tagName), WAIT).toBe('H1');
      await expect.poll(() => page.evaluate(() => document.activeElement?.textContent ?? ''), WAIT).not.toBe('Đơn vị');
    } finally {
      await close();
    }
  });
});
