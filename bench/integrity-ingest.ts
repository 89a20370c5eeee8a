/**
 * Ingest with the integrity checks of issue 14 against ingest without them (target ≥ 80%), in the
 * same run on the same database: phases of batches alternate (off, on, on, off, …) so that both
 * see the same machine noise and the same table sizes. "Without": batches of 50 unchained ratings
 * as a kiosk of revision 2 sends them (with their officer's session id), no checks. "With": the
 * same kiosks at revision 3 — each batch a staff login and 50 ratings of that session, every
 * record carrying its chain link — and every check the server runs at ingest: the counter binding at the rating's time, the session
 * events (stored, capped), each rating placed in its session, the chain links stored and the
 * stretch judged, the device's daily volume. Batches go through the server's own ingestBatch
 * in-process (HTTP, signature and gzip, the same either way, are left out: the harshest ratio).
 * Runs on PGlite (files on disk), and also on PostgreSQL when BENCH_DATABASE_URL (or
 * TEST_DATABASE_URL) names a server.
 *
 *   npm run bench -- integrity-ingest          (PHASES=24 BATCHES=80 to change the run)
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { CRITERIA_KEYS } from '../shared/criteria';
import { ratingChainHash, sessionEventChainHash } from '../shared/node/record-chain';
import { CHAIN_GENESIS, type RatingV1 } from '../shared/rating';
import type { SessionEventV1 } from '../shared/record-chain';
import { uuidv7 } from '../shared/uuid';
import { DEFAULT_LIMITS } from '../server/app';
import { openDatabase, type OpenedDatabase } from '../server/db/connect';
import { ingestBatch, ReferenceCache, type IntegrityChecks } from '../server/ingest';
import { recordBinding } from '../server/integrity/device-bindings';
import { DeviceVolumeCheck } from '../server/integrity/device-volume';
import { SecretKeyRing } from '../server/secret-keys';
import { syntheticProvince } from '../server/synthetic/province';
import { seedSynthetic } from '../server/synthetic/seed';
import { alternatingPhases } from './lib-alternating-phases';
import { summarize } from './stats';

const PHASES = Number(process.env.PHASES ?? 24);
const BATCHES = Number(process.env.BATCHES ?? 80);
const BATCH_SIZE = 50;
const KIOSKS = 200;

interface Kiosk {
  deviceId: string;
  unitId: string;
  counterId: string;
  deskRole: 'reception' | 'results';
  staff: string[];
  seq: number;
  /** Batches sent so far: each is the ratings of a later day (see batchOf). */
  batches: number;
  /** The link of its last chained record. */
  head: string;
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
    batches: 0,
    head: CHAIN_GENESIS,
  }));
}

interface Batch {
  batchId: string;
  sentAt: number;
  ratings: RatingV1[];
  sessionEvents?: SessionEventV1[];
}

/** Days back the kiosks' first batches lie: each batch of a kiosk is the next day's (at most this many per kiosk). */
const DAYS_BACK = 60;

/**
 * A batch as a busy kiosk sends it after a while offline: 50 ratings of one working day, each
 * batch of a kiosk a day after its last. A counter's day then holds 50 ratings, below the
 * plausible maximum of a device (300 at least): a run that piled every batch of a kiosk into one
 * day would have most kiosks above it after a few phases, and measure the volume flag growing
 * with every batch (the check working on traffic no counter makes) instead of ingest. Unchained
 * (revision 2): given to the one to three officers who took turns at the counter, each rating
 * with its officer's session id as every kiosk has sent it (and a few with no one logged in).
 * Chained (revision 3): an officer's login and 50 ratings of that session, every record carrying
 * the link of the one before.
 */
function batchOf(kiosk: Kiosk, now: number, chained: boolean): Batch {
  if (kiosk.batches >= DAYS_BACK) throw new Error(`kiosk ${kiosk.deviceId} has sent a batch for each of the last ${DAYS_BACK} days: fewer phases or batches`);
  const dayEnd = now - (DAYS_BACK - kiosk.batches - 1) * 86_400_000;
  kiosk.batches += 1;
  const onDuty = kiosk.staff.slice(0, 1 + Math.floor(Math.random() * kiosk.staff.length));
  const loginAt = dayEnd - 4 * 3_600_000 - 60_000;
  // Every kiosk has sent its officer's session id with each rating since the first protocol;
  // revision 3 adds the session's events to the batch.
  const sessionOf = new Map(onDuty.map((staffId) => [staffId, uuidv7(loginAt)]));
  const sessionEvents: SessionEventV1[] = [];
  let session: { id: string; staffId: string } | null = null;
  if (chained) {
    session = { id: sessionOf.get(onDuty[0]!)!, staffId: onDuty[0]! };
    kiosk.seq += 1;
    const body = { id: uuidv7(loginAt), seq: kiosk.seq, kind: 'login' as const, sessionId: session.id, staffId: session.staffId, counterId: kiosk.counterId, reason: 'badge', createdAt: loginAt, clockOffsetMs: 0 };
    sessionEvents.push({ ...body, prevHash: kiosk.head });
    kiosk.head = sessionEventChainHash(kiosk.head, body);
  }
  const ratings = Array.from({ length: BATCH_SIZE }, (_, i): RatingV1 => {
    const createdAt = dayEnd - 4 * 3_600_000 + i * 60_000 + Math.floor(Math.random() * 30_000);
    kiosk.seq += 1;
    const staffId = session ? session.staffId : Math.random() < 0.03 ? null : onDuty[Math.floor(Math.random() * onDuty.length)]!;
    const rating: RatingV1 = {
      id: uuidv7(createdAt),
      deviceId: kiosk.deviceId,
      seq: kiosk.seq,
      unitId: kiosk.unitId,
      counterId: kiosk.counterId,
      deskRole: kiosk.deskRole,
      staffId,
      staffSessionId: staffId === null ? null : sessionOf.get(staffId)!,
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
    if (!chained) return rating;
    const linked = { ...rating, prevHash: kiosk.head };
    kiosk.head = ratingChainHash(kiosk.head, linked);
    return linked;
  });
  return { batchId: uuidv7(now), sentAt: now, ratings, ...(chained ? { sessionEvents } : {}) };
}

async function run(label: string, opened: OpenedDatabase) {
  const { db } = opened;
  const now = Date.now();
  console.log(`${label}: seeding the synthetic province with 20,000 ratings…`);
  await seedSynthetic(db, { ratings: 20_000, years: 1, now, keys: SecretKeyRing.development() });
  const kiosks = await kiosksOf(db);
  // Bound to their counters, as enrolment binds them.
  for (const kiosk of kiosks) await recordBinding(db, kiosk.deviceId, kiosk.counterId, now - 400 * 86_400_000);
  const references = new ReferenceCache();
  const integrity: IntegrityChecks = {
    moveGraceMs: DEFAULT_LIMITS.moveGraceMs,
    maxSessionEventsPerDevicePerDay: DEFAULT_LIMITS.maxSessionEventsPerDevicePerDay,
    volume: new DeviceVolumeCheck({ factor: DEFAULT_LIMITS.deviceVolumeFactor, floor: DEFAULT_LIMITS.deviceVolumeFloor }),
  };
  const limits = {
    futureToleranceMs: DEFAULT_LIMITS.futureToleranceMs,
    maxAgeMs: DEFAULT_LIMITS.maxRatingAgeMs,
    maxConflictsPerRating: DEFAULT_LIMITS.maxConflictsPerRating,
    maxConflictsPerDevicePerDay: DEFAULT_LIMITS.maxConflictsPerDevicePerDay,
  };
  // A kiosk is of one revision for the whole run: the chained ones keep their chain whole.
  const chainedKiosks = kiosks.filter((_, i) => i % 2 === 0);
  const plainKiosks = kiosks.filter((_, i) => i % 2 === 1);
  const phase = async (withChecks: boolean) => {
    const pool = withChecks ? chainedKiosks : plainKiosks;
    // As the server's body parser hands them to ingest: parsed from JSON (objects of another shape than literals, slower to validate).
    const batches = Array.from({ length: BATCHES }, () => JSON.parse(JSON.stringify(batchOf(pool[Math.floor(Math.random() * pool.length)]!, Date.now(), withChecks))) as Batch);
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
        ...(withChecks ? { integrity } : {}),
      });
      if (answer.accepted.length !== BATCH_SIZE + (batch.sessionEvents?.length ?? 0)) throw new Error(`a batch was not accepted whole: ${JSON.stringify(answer).slice(0, 300)}`);
    }
    const used = process.cpuUsage(cpu);
    const ratings = BATCHES * BATCH_SIZE;
    return { wall: ratings / ((performance.now() - started) / 1000), cpu: ratings / ((used.user + used.system) / 1e6) };
  };
  const rates = await alternatingPhases(PHASES, phase);
  const stored = await db.selectFrom('ratings').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  const breaks = await db.selectFrom('chain_breaks').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  const flags = await db.selectFrom('rating_flags').select(sql<number>`count(*)::int`.as('n')).where('reason', '=', 'no_session').executeTakeFirstOrThrow();
  const volume = await db.selectFrom('rating_flags').select(sql<number>`count(*)::int`.as('n')).where('reason', '=', 'device_volume').executeTakeFirstOrThrow();
  // Every chain sent whole, every rating in its session, every day below the device maximum: the
  // checks found nothing to say of them.
  if (breaks.n !== 0 || flags.n !== 0) throw new Error(`${breaks.n} chain breaks and ${flags.n} no_session flags where there should be none`);
  console.log(`${label}: no chain break, no no_session flag; ${volume.n} device_volume flags (a counter's day holds 50 ratings)`);
  const median = (list: { wall: number; cpu: number }[], of: 'wall' | 'cpu') => summarize(list.map((r) => r[of])).p50;
  const show = (list: { wall: number; cpu: number }[]) => list.map((r) => Math.round(r.wall)).join(', ');
  const wall = { on: median(rates.on, 'wall'), off: median(rates.off, 'wall') };
  const cpu = { on: median(rates.on, 'cpu'), off: median(rates.off, 'cpu') };
  console.log(`${label}: ${PHASES} phases of ${BATCHES} batches × ${BATCH_SIZE} ratings, ${stored.n.toLocaleString('en')} ratings stored at the end`);
  console.log(`  without checks: median ${Math.round(wall.off).toLocaleString('en')} ratings/s (phases ${show(rates.off)})`);
  console.log(`  with checks:    median ${Math.round(wall.on).toLocaleString('en')} ratings/s (phases ${show(rates.on)})`);
  // Each phase with the checks beside the phase without them it ran next to (off, on, on, off, …):
  // the ratio of each pair, their median. A machine whose speed drifts over seconds (other
  // processes, other machines on the host) moves both phases of a pair alike.
  const paired = summarize(rates.on.map((on, i) => on.wall / rates.off[i]!.wall)).p50;
  console.log(`  with ÷ without:  ${((wall.on / wall.off) * 100).toFixed(1)}% of the rate (medians); ${(paired * 100).toFixed(1)}% (median of the ${rates.on.length} neighbouring pairs) (target ≥ 80%)`);
  // This process's CPU time per rating: immune to other processes on the machine. With PGlite it
  // holds the database's work too; with PostgreSQL only the client's.
  console.log(`  per CPU second of this process: ${Math.round(cpu.off).toLocaleString('en')} without, ${Math.round(cpu.on).toLocaleString('en')} with: ${((cpu.on / cpu.off) * 100).toFixed(1)}%`);
  return {
    backend: label,
    ratingsPerSecondWithout: Math.round(wall.off),
    ratingsPerSecondWith: Math.round(wall.on),
    ratioPct: Number(((wall.on / wall.off) * 100).toFixed(1)),
    pairedRatioPct: Number((paired * 100).toFixed(1)),
    cpuRatioPct: Number(((cpu.on / cpu.off) * 100).toFixed(1)),
  };
}

const results = [];
console.log(`machine: load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} at the start`);
const dir = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), 'nucuoi-integrity-ingest-'));
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
console.log(JSON.stringify({ bench: 'integrity-ingest', node: process.version, loadavg: loadavg().map((x) => Number(x.toFixed(1))), results }));
