/**
 * The console's reports on PGlite with 1,000,000 ratings over five years (bench/lib-console-scale.ts).
 * The database is seeded in a temporary folder, or kept in BENCH_DATA_DIR to be reused by the
 * next run (seeding takes a few minutes).
 *
 *   npm run bench -- console-reports          RATINGS=… YEARS=… BENCH_DATA_DIR=…
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../server/db/connect';
import { measureConsoleAtScale } from './lib-console-scale';

const ratings = Number(process.env.RATINGS ?? 1_000_000);
const years = Number(process.env.YEARS ?? 5);
const keep = process.env.BENCH_DATA_DIR;
const dir = keep ?? mkdtempSync(join(tmpdir(), 'nucuoi-console-scale-'));
const opened = await openDatabase({ dataDir: dir });
try {
  const result = await measureConsoleAtScale({ label: 'PGlite', db: opened.db, ratings, years });
  console.log(JSON.stringify({ bench: 'console-reports', node: process.version, ...result }));
} finally {
  await opened.close();
  if (!keep) rmSync(dir, { recursive: true, force: true });
}
