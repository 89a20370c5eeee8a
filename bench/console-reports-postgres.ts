/**
 * The console's reports on PostgreSQL with 10,000,000 ratings over five years — a province's
 * campaign (bench/lib-console-scale.ts). Only when named, and only with a database given by
 * BENCH_DATABASE_URL (or DATABASE_URL): it is seeded the first time (many minutes) and reused
 * after, so give it a database of its own.
 *
 *   BENCH_DATABASE_URL=postgres://… npm run bench -- console-reports-postgres      RATINGS=… YEARS=…
 */
import { openDatabase } from '../server/db/connect';
import { measureConsoleAtScale } from './lib-console-scale';

const url = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL;
if (!url) {
  console.log('console-reports-postgres: skipped — set BENCH_DATABASE_URL to a database of its own (it is seeded with 10 million ratings and kept)');
} else {
  const opened = await openDatabase({ databaseUrl: url });
  try {
    const result = await measureConsoleAtScale({
      label: 'PostgreSQL',
      db: opened.db,
      ratings: Number(process.env.RATINGS ?? 10_000_000),
      years: Number(process.env.YEARS ?? 5),
    });
    console.log(JSON.stringify({ bench: 'console-reports-postgres', node: process.version, ...result }));
  } finally {
    await opened.close();
  }
}
