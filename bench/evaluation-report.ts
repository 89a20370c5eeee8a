/**
 * `npm run bench -- evaluation-report`: the yearly evaluation report of the whole synthetic
 * province (200 units, 1,000 counters, 3,000 officers) as PDF and as Excel. The ratings of one
 * calendar year (2026) are seeded by seed-synthetic, then each file is made three times; the data
 * (rollups and comments) and the whole file are timed apart.
 *
 * The fair ranking of the province's officers for the year (as the rankings page and
 * `admin ranking` ask it) is timed too: one warm-up, then 20 runs.
 *
 * PGlite in a temporary folder by default, BENCH_RATINGS (default 1,000,000) ratings. With
 * DATABASE_URL (a database of its own: it is seeded once, and reused while it has at least
 * BENCH_RATINGS ratings) PostgreSQL, default 10,000,000 ratings. Targets (issue 10): the PDF in
 * ≤ 10 s and the officer ranking in ≤ 1 s at p95, on PostgreSQL over 10 million.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openDatabase } from '../server/db/connect';
import { UserScope } from '../server/console/scope';
import { COMMAND_LINE_USER, evaluationFile } from '../server/evaluation/export';
import { evaluationReport } from '../server/evaluation/report-data';
import { fairRanking } from '../server/reports/rankings';
import { seedSynthetic } from '../server/synthetic/seed';
import { SecretKeyRing } from '../server/secret-keys';
import { summarize } from './stats';

const databaseUrl = process.env.DATABASE_URL || undefined;
const ratings = Number(process.env.BENCH_RATINGS ?? (databaseUrl ? 10_000_000 : 1_000_000));
const dir = databaseUrl ? null : mkdtempSync(join(tmpdir(), 'nucuoi-bench-evaluation-'));
const now = Date.UTC(2026, 11, 31, 10, 0, 0);
const period = { kind: 'year' as const, from: '2026-01-01', to: '2026-12-31' };

const opened = await openDatabase({ databaseUrl, dataDir: dir ?? undefined });
try {
  const { n } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ratings`.execute(opened.db).then((r) => r.rows[0]!);
  if (n < ratings) {
    console.log(`seeding ${ratings.toLocaleString('en')} ratings into ${opened.kind}…`);
    await seedSynthetic(opened.db, { ratings, years: 1, now, keys: SecretKeyRing.development(), progress: (line) => process.stderr.write(`${line}\n`) });
  }
  const scope = await UserScope.of(opened.db, COMMAND_LINE_USER);
  const timings: Record<string, number[]> = { data: [], pdf: [], xlsx: [] };
  let pages = 0;
  let bytes = { pdf: 0, xlsx: 0 };
  for (let round = 0; round < 3; round += 1) {
    let started = performance.now();
    await evaluationReport(opened.db, scope, { unitId: null, period, minRatings: 5, ranking: { minRatings: 30, weight: null }, now });
    timings.data!.push(performance.now() - started);
    for (const format of ['pdf', 'xlsx'] as const) {
      started = performance.now();
      const file = await evaluationFile(opened.db, COMMAND_LINE_USER, { unitId: null, period, format, now });
      timings[format]!.push(performance.now() - started);
      bytes = { ...bytes, [format]: file.bytes.length };
      if (format === 'pdf') pages = (file.bytes.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    }
  }
  const rankingRuns: number[] = [];
  for (let run = 0; run <= 20; run += 1) {
    const started = performance.now();
    await fairRanking(opened.db, { by: 'staff', period, unitIds: null, deskRole: null, minRatings: 30, weight: null, minRatingsForFigures: 5 });
    if (run > 0) rankingRuns.push(performance.now() - started);
  }
  const fmt = (list: number[]) => `median ${(summarize(list).p50 / 1000).toFixed(2)} s, worst ${(Math.max(...list) / 1000).toFixed(2)} s`;
  console.log(`${opened.kind}, ${ratings.toLocaleString('en')} ratings in 2026, whole province, 3 rounds:`);
  console.log(`  data (rollups + comments): ${fmt(timings.data!)}`);
  console.log(`  PDF (data, HTML, Chromium): ${fmt(timings.pdf!)} — ${pages} pages, ${bytes.pdf.toLocaleString('en')} bytes`);
  console.log(`  Excel: ${fmt(timings.xlsx!)} — ${bytes.xlsx.toLocaleString('en')} bytes`);
  const ranking = summarize(rankingRuns);
  console.log(`  fair ranking of officers, whole province, 20 runs: p50 ${ranking.p50.toFixed(0)} ms, p95 ${ranking.p95.toFixed(0)} ms, worst ${Math.max(...rankingRuns).toFixed(0)} ms`);
} finally {
  await opened.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
}
