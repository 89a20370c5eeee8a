/**
 * The console's answers at a province's scale (issue 9: each ≤ 1 s at p95): the province overview
 * for one year, a district's year (with its 19 communes), the officer ranking of the whole
 * province for a year (its query function, and the fair ranking of officers and of units as the
 * rankings page asks it, issue 10: ≤ 1 s at p95), and the first page of the comments list — on a
 * database seeded by seed-synthetic. The pages are asked over HTTP from the console API on
 * 127.0.0.1 as the browser asks them (session cookie, scope, settings, the audit write for
 * comments). One warm-up, then 20 runs each.
 */
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import Fastify from 'fastify';
import { sql } from 'kysely';
import { CONSOLE_API_PREFIX } from '../shared/console/api';
import { createAccount } from '../server/console/accounts';
import { consoleApi } from '../server/console/plugin';
import type { ServerDb } from '../server/db/connect';
import { staffRanking } from '../server/reports/staff-ranking';
import { seedSynthetic } from '../server/synthetic/seed';
import { SecretKeyRing } from '../server/secret-keys';
import { summarize } from './stats';

const RUNS = 20;
const LOGIN = 'bench.so.noivu';
const PASSWORD = 'bench password, long enough';
/** The synthetic district with the most communes (server/synthetic/province.ts). */
const DISTRICT = 'syn-u-100';

export interface ScaleOptions {
  label: string;
  db: ServerDb;
  ratings: number;
  years: number;
}

async function count(db: ServerDb, table: 'ratings' | 'rating_rollup_days' | 'rating_rollup_months'): Promise<number> {
  return (await db.selectFrom(table).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n;
}

export async function measureConsoleAtScale({ label, db, ratings, years }: ScaleOptions): Promise<Record<string, unknown>> {
  const present = await count(db, 'ratings');
  if (present < ratings) {
    console.log(`${label}: seeding ${(ratings - present).toLocaleString('en')} ratings over ${years} years (seed-synthetic)…`);
    let last = 0;
    const summary = await seedSynthetic(db, {
      ratings: ratings - present,
      years,
      now: Date.now(),
      keys: SecretKeyRing.development(),
      progress: (line) => {
        if (Date.now() - last < 30_000 && line.startsWith('ratings:')) return;
        console.log(`  ${line}`);
        last = Date.now();
      },
    });
    console.log(`  seeded at ${summary.ratingsPerSecond.toLocaleString('en')} ratings/s (${summary.insertSeconds.toFixed(0)} s), rollups and statistics ${summary.rollupSeconds.toFixed(0)} s`);
  } else console.log(`${label}: reusing ${present.toLocaleString('en')} ratings already there`);

  const now = Date.now();
  const year = new Date(now).getUTCFullYear() - 1;
  const period = `from=${year}-01-01&to=${year}-12-31&kind=year`;
  if (!(await db.selectFrom('console_users').select('id').where('login_key', '=', LOGIN).executeTakeFirst())) {
    await createAccount(db, { login: LOGIN, displayName: 'Bench', role: 'province', password: PASSWORD }, now);
  }
  const app = Fastify();
  await app.register(consoleApi, { prefix: CONSOLE_API_PREFIX, db, now: Date.now, secureCookies: false, keys: SecretKeyRing.development() });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}${CONSOLE_API_PREFIX}`;
  try {
    const login = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: LOGIN, password: PASSWORD }) });
    if (login.status !== 200) throw new Error(`sign-in failed: ${login.status} ${await login.text()}`);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const page = (path: string) => async () => {
      const response = await fetch(`${base}${path}`, { headers: { cookie } });
      const body = await response.text();
      if (response.status !== 200) throw new Error(`${path}: ${response.status} ${body.slice(0, 200)}`);
      return body;
    };
    const measures: [string, () => Promise<unknown>][] = [
      [`province overview, ${year}`, page(`/reports/province?${period}`)],
      [`a district's year (${DISTRICT}, 19 communes)`, page(`/reports/units/${DISTRICT}?${period}`)],
      [`officer ranking, whole province, ${year}`, () => staffRanking(db, null, { from: `${year}-01-01`, to: `${year}-12-31` })],
      [`fair ranking of officers, whole province, ${year}`, page(`/rankings?${period}&by=staff`)],
      [`fair ranking of units, whole province, ${year}`, page(`/rankings?${period}&by=unit`)],
      [`comments, first page, province, ${year}`, page(`/comments?from=${year}-01-01&to=${year}-12-31&page=1&pageSize=25`)],
    ];
    const rows = { ratings: await count(db, 'ratings'), dayRollups: await count(db, 'rating_rollup_days'), monthRollups: await count(db, 'rating_rollup_months') };
    console.log(`${label}: ${rows.ratings.toLocaleString('en')} ratings (${rows.monthRollups.toLocaleString('en')} month and ${rows.dayRollups.toLocaleString('en')} day rollup rows)`);
    console.log(`  load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} before`);
    const results: Record<string, { p50: number; p95: number; max: number }> = {};
    for (const [name, run] of measures) {
      await run();
      const samples: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const started = performance.now();
        await run();
        samples.push(performance.now() - started);
      }
      const s = summarize(samples);
      results[name] = { p50: Math.round(s.p50), p95: Math.round(s.p95), max: Math.round(Math.max(...samples)) };
      console.log(`  ${name.padEnd(48)} p50 ${String(Math.round(s.p50)).padStart(5)} ms   p95 ${String(Math.round(s.p95)).padStart(5)} ms   max ${String(Math.round(Math.max(...samples))).padStart(5)} ms${s.p95 > 1000 ? '   (over the 1 s target)' : ''}`);
    }
    console.log(`  load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} after`);
    return { backend: label, rows, loadavg: loadavg().map((x) => Number(x.toFixed(1))), results };
  } finally {
    await app.close();
  }
}
