/**
 * What the integrity work of issue 14 (g2's part) costs ingest, in the same run on the same
 * database (target ≥ 80% of the rate without it): the flags raised at arrival (`uncertain_time`),
 * and the two indexes the periodic gaming checks read (arrival order, staff session), against
 * ingest without them. Phases alternate (off, on, on, off, …); before each phase the indexes are
 * made or dropped (outside the timing). Batches of 50 ratings from 200 kiosks of the synthetic
 * province, each rating of an officer's session, one in a hundred with a time no correction makes
 * plausible, through the server's own ingestBatch in-process. Then the periodic checks' rounds over
 * everything received: ratings checked per second.
 *
 *   npm run bench -- gaming-flags-ingest          (PHASES=8 BATCHES=40 to change the run)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { CRITERIA_KEYS } from '../shared/criteria';
import type { RatingV1 } from '../shared/rating';
import { uuidv7 } from '../shared/uuid';
import { DEFAULT_LIMITS } from '../server/app';
import { openDatabase, type OpenedDatabase } from '../server/db/connect';
import { ingestBatch, ReferenceCache } from '../server/ingest';
import { checkOnArrival } from '../server/integrity/arrival-flags';
import { runGamingChecks } from '../server/integrity/gaming-checks';
import { SecretKeyRing } from '../server/secret-keys';
import { seedSynthetic } from '../server/synthetic/seed';
import { alternatingPhases } from './lib-alternating-phases';
import { summarize } from './stats';

const PHASES = Number(process.env.PHASES ?? 8);
const BATCHES = Number(process.env.BATCHES ?? 40);
const BATCH_SIZE = 50;
const KIOSKS = 200;

interface Kiosk {
  deviceId: string;
  unitId: string;
  counterId: string;
  deskRole: 'reception' | 'results';
  session: string;
  seq: number;
}

async function kiosksOf(db: OpenedDatabase['db']): Promise<Kiosk[]> {
  const devices = await db
    .selectFrom('devices')
    .innerJoin('counters', 'counters.id', 'devices.counter_id')
    .select(['devices.id', 'devices.unit_id', 'counters.id as counter_id', 'counters.desk_role'])
    .where('devices.id', 'like', 'syn-kiosk-%')
    .orderBy('devices.id')
    .limit(KIOSKS)
    .execute();
  return devices.map((d) => ({ deviceId: d.id, unitId: d.unit_id, counterId: d.counter_id, deskRole: d.desk_role as Kiosk['deskRole'], session: uuidv7(Date.now()), seq: 1_000_000_000 }));
}

function batchOf(kiosk: Kiosk, now: number): { batchId: string; sentAt: number; ratings: RatingV1[] } {
  const ratings = Array.from({ length: BATCH_SIZE }, (): RatingV1 => {
    // One in a hundred made "tomorrow" by a clock no correction can trust.
    const uncertain = Math.random() < 0.01;
    const createdAt = uncertain ? now + 86_400_000 : now - Math.floor(Math.random() * 4 * 3_600_000);
    kiosk.seq += 1;
    return {
      id: uuidv7(Math.min(createdAt, now)),
      deviceId: kiosk.deviceId,
      seq: kiosk.seq,
      unitId: kiosk.unitId,
      counterId: kiosk.counterId,
      deskRole: kiosk.deskRole,
      staffId: null,
      staffSessionId: kiosk.session,
      createdAt,
      clockOffsetMs: 0,
      scale: 'vn3',
      score: ([3, 3, 3, 2, 2, 1] as const)[Math.floor(Math.random() * 6)]!,
      criteria: Object.fromEntries(CRITERIA_KEYS.map((key) => [key, [true, false, null, null][Math.floor(Math.random() * 4)]!])) as RatingV1['criteria'],
      comment: null,
      dossierCode: null,
      locale: 'vi',
      durationMs: 5000,
      appVersion: '0.1.0',
    };
  });
  return { batchId: uuidv7(now), sentAt: now, ratings };
}

const INDEXES = {
  ratings_arrival: 'CREATE INDEX IF NOT EXISTS ratings_arrival ON ratings (received_at, id)',
  ratings_session: 'CREATE INDEX IF NOT EXISTS ratings_session ON ratings (staff_session_id) WHERE staff_session_id IS NOT NULL',
};

async function withChecks(db: OpenedDatabase['db'], on: boolean): Promise<void> {
  checkOnArrival(on);
  for (const [name, create] of Object.entries(INDEXES)) await sql.raw(on ? create : `DROP INDEX IF EXISTS ${name}`).execute(db);
}

async function run(label: string, opened: OpenedDatabase) {
  const { db } = opened;
  const now = Date.now();
  console.log(`${label}: seeding the synthetic province with 20,000 ratings…`);
  await seedSynthetic(db, { ratings: 20_000, years: 1, now, keys: SecretKeyRing.development() });
  const kiosks = await kiosksOf(db);
  const references = new ReferenceCache();
  const limits = {
    futureToleranceMs: DEFAULT_LIMITS.futureToleranceMs,
    maxAgeMs: DEFAULT_LIMITS.maxRatingAgeMs,
    maxConflictsPerRating: DEFAULT_LIMITS.maxConflictsPerRating,
    maxConflictsPerDevicePerDay: DEFAULT_LIMITS.maxConflictsPerDevicePerDay,
    maxRatings: DEFAULT_LIMITS.maxBatchRatings,
  };
  const phase = async (on: boolean) => {
    await withChecks(db, on);
    const batches = Array.from({ length: BATCHES }, () => batchOf(kiosks[Math.floor(Math.random() * kiosks.length)]!, Date.now()));
    const started = performance.now();
    for (const batch of batches) {
      const kiosk = kiosks.find((k) => k.deviceId === batch.ratings[0]!.deviceId)!;
      const answer = await ingestBatch(db, { device: { id: kiosk.deviceId, unit_id: kiosk.unitId }, body: batch, receivedAt: Date.now(), limits, references });
      if (answer.accepted.length !== BATCH_SIZE) throw new Error(`a batch was not accepted whole: ${JSON.stringify(answer).slice(0, 300)}`);
    }
    return (BATCHES * BATCH_SIZE) / ((performance.now() - started) / 1000);
  };
  const rates = await alternatingPhases(PHASES, phase);
  await withChecks(db, true);
  const on = summarize(rates.on).p50;
  const off = summarize(rates.off).p50;
  // The periodic checks over what arrived (the first round looks back a week: all of it).
  const started = performance.now();
  let checked = 0;
  let flags = 0;
  for (;;) {
    const round = await runGamingChecks(db, Date.now());
    if (round.ratings === 0) break;
    checked += round.ratings;
    flags += round.flags;
  }
  const checkRate = checked / ((performance.now() - started) / 1000);
  console.log(`${label}: ${PHASES} phases of ${BATCHES} batches × ${BATCH_SIZE} ratings`);
  console.log(`  without the checks: median ${Math.round(off).toLocaleString('en')} ratings/s (phases ${rates.off.map(Math.round).join(', ')})`);
  console.log(`  with the checks:    median ${Math.round(on).toLocaleString('en')} ratings/s (phases ${rates.on.map(Math.round).join(', ')})`);
  console.log(`  with ÷ without:     ${((on / off) * 100).toFixed(1)}% of the rate (target ≥ 80%)`);
  console.log(`  periodic checks: ${checked.toLocaleString('en')} ratings in ${Math.round(performance.now() - started)} ms, ${Math.round(checkRate).toLocaleString('en')} ratings/s, ${flags} findings`);
  return { backend: label, ratingsPerSecondWithout: Math.round(off), ratingsPerSecondWith: Math.round(on), ratioPct: Number(((on / off) * 100).toFixed(1)), checkedPerSecond: Math.round(checkRate) };
}

console.log(`machine: load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} at the start`);
const dir = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), 'nucuoi-gaming-flags-ingest-'));
const results = [];
try {
  const pglite = await openDatabase({ dataDir: dir });
  try {
    results.push(await run('PGlite', pglite));
  } finally {
    await pglite.close();
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`machine: load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} at the end`);
console.log(JSON.stringify({ bench: 'gaming-flags-ingest', node: process.version, results }));
