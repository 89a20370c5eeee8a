// `npm run screenshots:console`: every page of the provincial console at 1366×768 and 1920×1080,
// in Vietnamese (and the overview in English), into docs/screenshots/console/, against the seeded
// console of the end-to-end tests (tests/e2e/console/harness.ts) in Debian's Chromium; then the
// overview and a district of the synthetic province (200 units, 100,000 ratings) to see a whole
// province's lists. At 1366×768 long pages are also shot scrolled down (`-below`). Needs the
// built console (the npm script builds it). `-- --only <prefix>` re-makes only the shots whose name
// starts with it (`--only 3` the roster's), keeping the others.
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { launchChromium } from '../tests/e2e/harness';
import { openConsolePage, signIn, startConsoleSite, type ConsoleSite } from '../tests/e2e/console/harness';
import { seedReleases } from '../tests/e2e/console/demo-releases';
import { SEEDED_NOW } from '../server/demo/demo-province';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'docs/screenshots/console');
const onlyIndex = process.argv.indexOf('--only');
const only = onlyIndex === -1 ? null : (process.argv[onlyIndex + 1] ?? '');
if (only === null) rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const SIZES = [
  { name: '1366x768', width: 1366, height: 768 },
  { name: '1920x1080', width: 1920, height: 1080 },
];
const YEAR = 'from=2026-01-01&to=2026-12-31&kind=year';

interface Shot {
  name: string;
  login: string;
  path: string;
  /** What the page shows once it is ready. */
  ready: string;
  /** Also shoot the page scrolled to this element. */
  below?: string;
  english?: boolean;
  prepare?: (page: Page) => Promise<void>;
}

const SHOTS: Shot[] = [
  { name: '02-overview-province', login: 'so.noivu', path: `/reports/province?${YEAR}`, ready: '[data-testid="trend-chart"] svg', below: '[data-testid="units-table"]' },
  { name: '03-overview-province-en', login: 'so.noivu', path: `/reports/province?${YEAR}`, ready: '[data-testid="trend-chart"] svg', english: true },
  { name: '04-unit-district', login: 'so.noivu', path: `/reports/units/bg-ln-motcua?${YEAR}`, ready: '[data-testid="trend-chart"] svg', below: '[data-testid="counters-table"]' },
  { name: '05-unit-commune-long-name', login: 'so.noivu', path: `/reports/units/bg-sd-anchau?${YEAR}`, ready: '[data-testid="trend-chart"] svg', below: '[data-testid="staff-table"]' },
  { name: '06-counter', login: 'so.noivu', path: `/reports/counters/ln-q01?from=2026-10-01&to=2026-10-31&kind=month`, ready: '[data-testid="staff-table"]', below: '[data-testid="staff-table"]' },
  { name: '07-officer', login: 'so.noivu', path: `/reports/staff/st-010202?${YEAR}`, ready: '[data-testid="trend-chart"] svg', below: '[data-testid="trend-chart"]' },
  { name: '08-unit-head-overview', login: 'truong.lucngan', path: `/reports/units/bg-ln-motcua?from=2025-01-01&to=2025-12-31&kind=year`, ready: '[data-testid="trend-chart"] svg' },
  { name: '09-comments', login: 'so.noivu', path: `/comments?from=2025-01-01&to=2026-11-20&kind=range`, ready: '[data-testid="comments-table"]' },
  { name: '10-comments-search', login: 'so.noivu', path: `/comments?from=2025-01-01&to=2026-11-20&kind=range&q=goi+lai`, ready: '[data-testid="comments-table"]' },
  { name: '11-campaign-periods', login: 'so.noivu', path: '/periods', ready: '[data-testid="campaigns-table"]' },
  {
    name: '12-accounts',
    login: 'quantri',
    path: '/accounts',
    ready: '[data-testid="accounts-table"]',
    prepare: async (page) => {
      await page.getByRole('button', { name: 'Sửa tài khoản truong.lucngan' }).click();
      await page.getByTestId('account-edit-form').waitFor();
    },
    below: '[data-testid="account-edit-form"]',
  },
  { name: '13-audit-log', login: 'quantri', path: '/audit', ready: '[data-testid="audit-table"]' },
  { name: '14-settings', login: 'quantri', path: '/settings', ready: '[data-testid="settings-form"]' },
  { name: '15-password', login: 'so.noivu', path: '/password', ready: '[data-testid="password-form"]' },
  { name: '19-rankings', login: 'so.noivu', path: `/rankings?${YEAR}&by=staff`, ready: '[data-testid="ranking-parameters"]', below: '[data-testid="ranking-parameters"]' },
  { name: '20-fleet', login: 'kythuat', path: '/fleet', ready: '[data-testid="fleet-table"]', below: '[data-testid="fleet-table"]' },
  { name: '21-kiosk', login: 'kythuat', path: '/fleet/kiosks/dev-bg-ln-motcua', ready: '[data-testid="heartbeats-table"]' },
  { name: '22-kiosk-settings', login: 'kythuat', path: '/fleet/settings', ready: '[data-testid="settings-unit"]' },
  { name: '23-enrolment-codes', login: 'kythuat', path: '/fleet/enrolment', ready: '[data-testid="enrolment-form"]' },
  { name: '18-kiosk-updates', login: 'kythuat', path: '/updates', ready: '[data-testid="kiosk-updaters"]', below: '[data-testid="ring-assignment"]' },
  {
    name: '30-roster-staff',
    login: 'kythuat',
    path: '/roster/staff',
    ready: '[data-testid="roster-staff-table"]',
    prepare: async (page) => {
      await page.getByTestId('staff-st-010205').getByRole('button').click();
      await page.getByTestId('staff-edit-form').waitFor();
    },
    below: '[data-testid="staff-edit-form"]',
  },
  { name: '31-roster-counters', login: 'kythuat', path: '/roster/counters', ready: '[data-testid="roster-counters-table"]' },
  { name: '32-roster-units', login: 'kythuat', path: '/roster/units', ready: '[data-testid="roster-units-table"]' },
  {
    name: '33-roster-import-plan',
    login: 'kythuat',
    path: '/roster/import',
    ready: '[data-testid="roster-import-form"]',
    prepare: async (page) => {
      const sheet = ['HỌ VÀ TÊN;SỐ THẺ;CƠ QUAN;CHỨC DANH', 'Lý Văn Sáng;BG-26-020301;Bộ phận Một cửa UBND xã Phượng Sơn;Công chức Tư pháp', 'Hà Thị Mới;;bg-ln-phuongson;Chuyên viên', 'Người Khác;BG-26-020302;bg-ln-phuongson;Chuyên viên'].join('\r\n');
      await page.getByTestId('roster-import-file').setInputFiles({ name: 'can-bo-phuong-son.csv', mimeType: 'text/csv', buffer: Buffer.from(sheet) });
      await page.getByTestId('roster-import-preview').click();
      await page.getByTestId('roster-import-plan').waitFor();
    },
    below: '[data-testid="roster-import-rows"]',
  },
];

/** At the synthetic province's scale: the province's units, a district's communes and officers. */
const AT_SCALE: Shot[] = [
  { name: '16-synthetic-province', login: 'so.noivu', path: `/reports/province?${YEAR}`, ready: '[data-testid="trend-chart"] svg', below: '[data-testid="units-table"]' },
  { name: '17-synthetic-district', login: 'so.noivu', path: `/reports/units/syn-u-100?${YEAR}`, ready: '[data-testid="trend-chart"] svg', below: '[data-testid="units-table"]' },
];

const browser = await launchChromium();
const files: string[] = [];

async function shootSite(site: ConsoleSite, shots: Shot[], withSignIn: boolean): Promise<void> {
  for (const size of SIZES) {
    const shoot = async (page: Page, name: string) => {
      await page.evaluate(() => document.fonts.ready);
      const file = join(out, `${name}-${size.name}.png`);
      await page.screenshot({ path: file });
      files.push(file);
    };
    if (withSignIn) {
    // The sign-in page, with a refusal.
    const signInPage = await openConsolePage(browser, size);
    await signInPage.page.goto(site.url);
    await signInPage.page.getByTestId('sign-in-login').fill('so.noivu');
    await signInPage.page.getByTestId('sign-in-password').fill('sai mật khẩu');
    await signInPage.page.getByTestId('sign-in-submit').click();
    await signInPage.page.getByTestId('sign-in-error').waitFor();
    await shoot(signInPage.page, '01-sign-in');
    await signInPage.close();
    }

    const pages = new Map<string, Awaited<ReturnType<typeof openConsolePage>>>();
    for (const shot of shots) {
      const key = `${shot.login}:${shot.english ? 'en' : 'vi'}`;
      let consolePage = pages.get(key);
      if (!consolePage) {
        consolePage = await openConsolePage(browser, size);
        await signIn(consolePage.page, site, shot.login);
        if (shot.english) await consolePage.page.getByTestId('language-switch').click();
        pages.set(key, consolePage);
      }
      const { page } = consolePage;
      await page.goto(`${site.url}${shot.path}`);
      await page.locator(shot.ready).first().waitFor();
      await shot.prepare?.(page);
      await page.evaluate(() => window.scrollTo(0, 0));
      await shoot(page, shot.name);
      // Below the first screen only where the first screen is small (1920×1080 shows most of it).
      if (shot.below && size.width < 1920) {
        await page.locator(shot.below).first().evaluate((element) => element.scrollIntoView({ block: 'start' }));
        await shoot(page, `${shot.name}-below`);
      }
    }
    for (const consolePage of pages.values()) {
      if (consolePage.problems().length > 0) throw new Error(`problems while shooting: ${consolePage.problems().join('; ')}`);
      await consolePage.close();
    }
  }
}

try {
  const small = await startConsoleSite();
  try {
    await seedReleases(small, SEEDED_NOW - 3_600_000);
    await shootSite(small, only === null ? SHOTS : SHOTS.filter((shot) => shot.name.startsWith(only)), only === null);
  } finally {
    await small.close();
  }
  if (only === null) {
    const large = await startConsoleSite({ synthetic: { ratings: 100_000, years: 2 } });
    try {
      await shootSite(large, AT_SCALE, false);
    } finally {
      await large.close();
    }
  }
  console.log(`${files.length} screenshots in ${out}`);
} finally {
  await browser.close();
}
