/**
 * The console end to end: the real console API and the built console (dist/console) on a Fastify
 * server on 127.0.0.1, over an in-memory PGlite database with the seeded province (seed.ts), the
 * campaign periods of the demo, and one account per role. Chromium comes from tests/e2e/harness.ts.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createAccount } from '../../../server/console/accounts';
import { createCampaignPeriod } from '../../../server/console/periods';
import { registerConsole } from '../../../server/console/register';
import { openDatabase, type OpenedDatabase } from '../../../server/db/connect';
import { seedSynthetic } from '../../../server/synthetic/seed';
import type { ConsoleRole } from '../../../shared/console/constants';
import { ROOT } from '../harness';
import { SEEDED_NOW, seedProvince } from './seed';

export const CONSOLE_DIST = join(ROOT, 'dist/console');
export const PASSWORD = 'mật khẩu đủ dài 2026';

export interface SiteAccount {
  login: string;
  displayName: string;
  role: ConsoleRole;
  unitId: string | null;
  maySeePersonalData?: boolean;
}

/** One account per role; the unit heads answer for Lục Ngạn (with Phượng Sơn under it) and for Phượng Sơn alone. */
export const ACCOUNTS: SiteAccount[] = [
  { login: 'so.noivu', displayName: 'Nguyễn Thị Minh Nguyệt', role: 'province', unitId: null },
  { login: 'so.noivu.canhan', displayName: 'Trần Quang Khải', role: 'province', unitId: null, maySeePersonalData: true },
  { login: 'truong.lucngan', displayName: 'Hoàng Văn Thắng', role: 'unit_head', unitId: 'bg-ln-motcua' },
  { login: 'truong.phuongson', displayName: 'Lý Thị Sen', role: 'unit_head', unitId: 'bg-ln-phuongson' },
  { login: 'kythuat', displayName: 'Đỗ Minh Tuấn', role: 'it', unitId: null },
  { login: 'quantri', displayName: 'Phạm Thu Trang', role: 'admin', unitId: null },
];

export const CAMPAIGNS = [
  { name: 'Sơ kết 2021–2022', from: '2021-04-28', to: '2022-12-31' },
  { name: 'Tổng kết 2021–2025', from: '2021-04-28', to: '2025-12-31' },
];

/** The same accounts on the synthetic province (server/synthetic): its Lục Ngạn district and a commune under it. */
const SYNTHETIC_UNITS: Record<string, string> = { 'bg-ln-motcua': 'syn-u-100', 'bg-ln-phuongson': 'syn-u-201' };

export interface ConsoleSite {
  url: string;
  db: OpenedDatabase['db'];
  /** What the database holds: ratings, of them with a comment, and the accounts made. */
  seeded: { ratings: number; comments: number };
  accounts: SiteAccount[];
  close(): Promise<void>;
}

export function requireConsoleBuild(): void {
  if (!existsSync(join(CONSOLE_DIST, 'index.html'))) {
    throw new Error(`${CONSOLE_DIST}/index.html is missing: run \`node scripts/build.mjs\` first (npm test does it)`);
  }
}

export interface ConsoleSiteOptions {
  port?: number;
  host?: string;
  /** Ratings per counter and working day of the small province (seed.ts). */
  perCounterDay?: number;
  /** Instead: the synthetic province of `npm run admin -- seed-synthetic` (200 units, 3,000 officers). */
  synthetic?: { ratings: number; years: number };
}

/** Starts the seeded console on 127.0.0.1 (port 0: a free one). */
export async function startConsoleSite(options: ConsoleSiteOptions = {}): Promise<ConsoleSite> {
  requireConsoleBuild();
  const database = await openDatabase({});
  const now = () => SEEDED_NOW;
  let accounts = ACCOUNTS;
  if (options.synthetic) {
    await seedSynthetic(database.db, { ...options.synthetic, now: SEEDED_NOW });
    accounts = ACCOUNTS.map((account) => ({ ...account, unitId: account.unitId ? (SYNTHETIC_UNITS[account.unitId] ?? null) : null }));
  } else {
    await seedProvince(database.db, { now: SEEDED_NOW, ...(options.perCounterDay !== undefined ? { perCounterDay: options.perCounterDay } : {}) });
  }
  for (const account of accounts) {
    await createAccount(database.db, { ...account, password: PASSWORD, maySeePersonalData: account.maySeePersonalData ?? false }, SEEDED_NOW);
  }
  const counts = await database.db
    .selectFrom('ratings')
    .select((eb) => [eb.fn.countAll<number>().as('ratings'), eb.fn.count<number>('comment').as('comments')])
    .executeTakeFirstOrThrow();
  const seeded = { ratings: Number(counts.ratings), comments: Number(counts.comments) };
  for (const campaign of CAMPAIGNS) await createCampaignPeriod(database.db, campaign, SEEDED_NOW);
  const app: FastifyInstance = Fastify();
  await registerConsole(app, { db: database.db, now, secureCookies: false, consoleDir: CONSOLE_DIST });
  await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
  return {
    url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`,
    db: database.db,
    seeded,
    accounts,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

/** Signs in on the sign-in page as a user would, and waits for the first page of the console. */
export async function signIn(page: Page, site: { url: string }, login: string, path = '/'): Promise<void> {
  await page.goto(`${site.url}${path}`);
  await page.getByTestId('sign-in-login').fill(login);
  await page.getByTestId('sign-in-password').fill(PASSWORD);
  await page.getByTestId('sign-in-submit').click();
  await page.getByTestId('who').waitFor();
}

export interface ConsolePage {
  page: Page;
  close(): Promise<void>;
  /** Script errors, failed requests other than the expected ones, and CSP violations so far. */
  problems(): string[];
}

/**
 * A fresh browser context and page for one test, watching for what must never happen: script
 * errors, Content-Security-Policy violations, files that fail to load, server errors. An API's
 * 4xx answer is not a problem here (the session probe before sign-in, a refusal the page shows):
 * the tests check what the user is told.
 */
export async function openConsolePage(browser: Browser, options: { width?: number; height?: number; locale?: string } = {}): Promise<ConsolePage> {
  const context = await browser.newContext({ viewport: { width: options.width ?? 1366, height: options.height ?? 768 }, locale: options.locale ?? 'vi-VN' });
  const page = await context.newPage();
  // Every wait of a test is bounded, well inside the test's own time limit.
  page.setDefaultTimeout(15_000);
  const problems: string[] = [];
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    if (/status of 4\d\d/.test(text) && message.location().url.includes('/api/console/v1/')) return;
    problems.push(`console: ${text} (${message.location().url})`);
  });
  return { page, close: () => context.close(), problems: () => [...problems] };
}
