/**
 * The console end to end: the real console API and the built console (dist/console) on a Fastify
 * server on 127.0.0.1, over an in-memory PGlite database with the seeded province (server/demo/demo-province.ts), the
 * campaign periods of the demo, and one account per role. Chromium comes from tests/e2e/harness.ts.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { registerConsole } from '../../../server/console/register';
import { openDatabase, type OpenedDatabase } from '../../../server/db/connect';
import { seedSynthetic } from '../../../server/synthetic/seed';
import { createReleaseAdmin, type ReleaseAdmin } from '../../../server/updates/release-admin';
import { ROOT } from '../harness';
import { createDemoAccounts, DEMO_ACCOUNTS, DEMO_PASSWORD, type DemoAccount } from '../../../server/demo/demo-console';
import { SEEDED_NOW, seedProvince } from '../../../server/demo/demo-province';
import { SecretKeyRing } from '../../../server/secret-keys';

export const CONSOLE_DIST = join(ROOT, 'dist/console');
export const PASSWORD = DEMO_PASSWORD;

export type SiteAccount = DemoAccount;

export const ACCOUNTS: readonly SiteAccount[] = DEMO_ACCOUNTS;

/** The same accounts on the synthetic province (server/synthetic): its Lục Ngạn district and a commune under it. */
const SYNTHETIC_UNITS: Record<string, string> = { 'bg-ln-motcua': 'syn-u-100', 'bg-ln-phuongson': 'syn-u-201' };

export interface ConsoleSite {
  url: string;
  db: OpenedDatabase['db'];
  /** What the database holds: ratings, of them with a comment, and the accounts made. */
  seeded: { ratings: number; comments: number };
  accounts: readonly SiteAccount[];
  /** Kiosk releases behind the updates page, kept in a fresh folder of this site's. */
  releases: ReleaseAdmin;
  releasesDir: string;
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
  /** Ratings per counter and working day of the small province (server/demo/demo-province.ts). */
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
    await seedSynthetic(database.db, { ...options.synthetic, now: SEEDED_NOW, keys: SecretKeyRing.development() });
    accounts = ACCOUNTS.map((account) => ({ ...account, unitId: account.unitId ? (SYNTHETIC_UNITS[account.unitId] ?? null) : null }));
  } else {
    await seedProvince(database.db, SecretKeyRing.development(), { now: SEEDED_NOW, ...(options.perCounterDay !== undefined ? { perCounterDay: options.perCounterDay } : {}) });
  }
  await createDemoAccounts(database.db, accounts, SEEDED_NOW);
  const counts = await database.db
    .selectFrom('ratings')
    .select((eb) => [eb.fn.countAll<number>().as('ratings'), eb.fn.count<number>('comment').as('comments')])
    .executeTakeFirstOrThrow();
  const seeded = { ratings: Number(counts.ratings), comments: Number(counts.comments) };
  const releasesDir = mkdtempSync(join(tmpdir(), 'nucuoi-site-releases-'));
  const releases = createReleaseAdmin(database.db, releasesDir, now);
  const app: FastifyInstance = Fastify();
  await registerConsole(app, { db: database.db, now, secureCookies: false, consoleDir: CONSOLE_DIST, releases, keys: SecretKeyRing.development() });
  await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
  return {
    url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`,
    db: database.db,
    seeded,
    accounts,
    releases,
    releasesDir,
    async close() {
      await app.close();
      await database.close();
      rmSync(releasesDir, { recursive: true, force: true });
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
