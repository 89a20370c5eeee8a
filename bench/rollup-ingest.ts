/**
 * Ingest with the report rollups kept up to date against ingest without them (issue 9: target
 * ≥ 80%), in the same run on the same database: phases of batches alternate (off, on, on, off, …)
 * so that both see the same machine noise and the same table sizes. Batches of 50 ratings from
 * 200 kiosks of the synthetic province go through the server's own ingestBatch in-process — the
 * HTTP, signature and gzip work, which is the same either way, is left out, so the ratio is the
 * harshest one. Runs on PGlite (files on disk), and also on PostgreSQL when BENCH_DATABASE_URL
 * (or TEST_DATABASE_URL) names a server (a fresh database is made in it and dropped afterwards).
 *
 *   npm run bench -- rollup-ingest          (PHASES=12 BATCHES=40 to change the run)
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { CRITERIA_KEYS } from '../shared/criteria';
import type { RatingV1 } from '../shared/rating';
import { uuidv7 } from '../shared/uuid';
import { DEFAULT_LIMITS } from '../server/app';
import { openDatabase, type OpenedDatabase } from '../server/db/connect';
import { ingestBatch, ReferenceCache } from '../server/ingest';
import { keepRollupsWithIngest, rebuildRollups } from '../server/reports/rollups';
import { SecretKeyRing } from '../server/secret-keys';
import { syntheticProvince } from '../server/synthetic/province';
import { seedSynthetic } from '../server/synthetic/seed';
import { alternatingPhases } from './lib-alternating-phases';
import { summarize } from './stats';

const PHASES = Number(process.env.PHASES ?? 12);
const BATCHES = Number(process.env.BATCHES ?? 40);
const BATCH_SIZE = 50;
const KIOSKS = 200;

interface Kiosk {
  deviceId: string;
  unitId: string;
  counterId: string;
  deskRole: 'reception' | 'results';
  staff: string[];
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
  const province = syntheticProvince();
  return devices.map((d) => ({
    deviceId: d.id,
    unitId: d.unit_id,
    counterId: d.counter_id,
    deskRole: d.desk_role as Kiosk['deskRole'],
    // The officers who serve at this counter.
    staff: province.staff.filter((o) => o.counterId === d.counter_id).map((o) => o.id),
    seq: 1_000_000_000,
  }));
}

/**
 * A batch as a busy kiosk sends it after a while offline: 50 ratings of the last hours, given to
 * the one to three officers who took turns at the counter (and a few with no one logged in).
 */
function batchOf(kiosk: Kiosk, now: number): { batchId: string; sentAt: number; ratings: RatingV1[] } {
  const onDuty = kiosk.staff.slice(0, 1 + Math.floor(Math.random() * kiosk.staff.length));
  const ratings = Array.from({ length: BATCH_SIZE }, (): RatingV1 => {
    const createdAt = now - Math.floor(Math.random() * 4 * 3_600_000);
    kiosk.seq += 1;
    return {
      id: uuidv7(createdAt),
      deviceId: kiosk.deviceId,
      seq: kiosk.seq,
      unitId: kiosk.unitId,
      counterId: kiosk.counterId,
      deskRole: kiosk.deskRole,
      staffId: Math.random() < 0.03 ? null : onDuty[Math.floor(Math.random() * onDuty.length)]!,
      staffSessionId: null,
      createdAt,
      clockOffsetMs: 0,
      scale: 'vn3',
      score: ([3, 3, 3, 2, 2, 1] as const)[Math.floor(Math.random() * 6)]!,
      criteria: Object.fromEntries(CRITERIA_KEYS.map((key) => [key, [true, false, null, null][Math.floor(Math.random() * 4)]!])) as RatingV1['criteria'],
      comment: Math.random() < 0.1 ? 'Cán bộ nhiệt tình, hướng dẫn chu đáo' : null,
      dossierCode: null,
      locale: 'vi',
      durationMs: 5000,
      appVersion: '0.1.0',
    };
  });
  return { batchId: uuidv7(now), sentAt: now, ratings };
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
  };
  const phase = async (withRollups: boolean) => {
    keepRollupsWithIngest(withRollups);
    const batches = Array.from({ length: BATCHES }, () => batchOf(kiosks[Math.floor(Math.random() * kiosks.length)]!, Date.now()));
    const started = performance.now();
    const cpu = process.cpuUsage();
    for (const batch of batches) {
      const kiosk = kiosks.find((k) => k.deviceId === batch.ratings[0]!.deviceId)!;
      const answer = await ingestBatch(db, {
        device: { id: kiosk.deviceId, unit_id: kiosk.unitId },
        body: batch,
        receivedAt: Date.now(),
        limits: { ...limits, maxRatings: DEFAULT_LIMITS.maxBatchRatings },
        references,
      });
      if (answer.accepted.length !== BATCH_SIZE) throw new Error(`a batch was not accepted whole: ${JSON.stringify(answer).slice(0, 300)}`);
    }
    const used = process.cpuUsage(cpu);
    const ratings = BATCHES * BATCH_SIZE;
    return { wall: ratings / ((performance.now() - started) / 1000), cpu: ratings / ((used.user + used.system) / 1e6) };
  };
  const rates = await alternatingPhases(PHASES, phase);
  keepRollupsWithIngest(true);
  await rebuildRollups(db);
  const stored = await db.selectFrom('ratings').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  const rolled = await db.selectFrom('rating_rollup_months').select(sql<number>`sum(ratings)::int`.as('n')).executeTakeFirstOrThrow();
  if (stored.n !== rolled.n) throw new Error(`rollups hold ${rolled.n} ratings, the table ${stored.n}`);
  const median = (list: { wall: number; cpu: number }[], of: 'wall' | 'cpu') => summarize(list.map((r) => r[of])).p50;
  const show = (list: { wall: number; cpu: number }[]) => list.map((r) => Math.round(r.wall)).join(', ');
  const wall = { on: median(rates.on, 'wall'), off: median(rates.off, 'wall') };
  const cpu = { on: median(rates.on, 'cpu'), off: median(rates.off, 'cpu') };
  console.log(`${label}: ${PHASES} phases of ${BATCHES} batches × ${BATCH_SIZE} ratings, ${stored.n.toLocaleString('en')} ratings stored at the end`);
  console.log(`  without rollups: median ${Math.round(wall.off).toLocaleString('en')} ratings/s (phases ${show(rates.off)})`);
  console.log(`  with rollups:    median ${Math.round(wall.on).toLocaleString('en')} ratings/s (phases ${show(rates.on)})`);
  console.log(`  with ÷ without:  ${((wall.on / wall.off) * 100).toFixed(1)}% of the rate (target ≥ 80%)`);
  // This process's CPU time per rating: immune to other processes on the machine. With PGlite it
  // holds the database's work too; with PostgreSQL only the client's.
  console.log(`  per CPU second of this process: ${Math.round(cpu.off).toLocaleString('en')} without, ${Math.round(cpu.on).toLocaleString('en')} with: ${((cpu.on / cpu.off) * 100).toFixed(1)}%`);
  return {
    backend: label,
    ratingsPerSecondWithout: Math.round(wall.off),
    ratingsPerSecondWith: Math.round(wall.on),
    ratioPct: Number(((wall.on / wall.off) * 100).toFixed(1)),
    cpuRatioPct: Number(((cpu.on / cpu.off) * 100).toFixed(1)),
  };
}

const results = [];
console.log(`machine: load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} at the start`);
const dir = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), 'nucuoi-rollup-ingest-'));
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

const serverUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
if (serverUrl) {
  const name = `nucuoi_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  try {
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const postgres = await openDatabase({ databaseUrl: url.toString() });
    try {
      results.push(await run('PostgreSQL', postgres));
    } finally {
      await postgres.close();
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
console.log(`machine: load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} at the end`);
console.log(JSON.stringify({ bench: 'rollup-ingest', node: process.version, loadavg: loadavg().map((x) => Number(x.toFixed(1))), results }));
