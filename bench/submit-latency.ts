/**
 * Submit path latency: KioskApi submitRating (validation, context, one durable transaction) against
 * a bare better-sqlite3 single-row insert with synchronous=FULL, on the same disk, in the same run.
 * Runs alternate in blocks so that both see the same machine noise. Target: p50 ratio ≤ 1.5.
 *   node --import tsx bench/submit-latency.ts [samples=2000]
 */
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedDemoData } from '../electron/core/demo';
import { migrate } from '../electron/core/db/migrate';
import { KioskCore } from '../electron/core/kiosk-core';
import { updateKioskSettings } from '../electron/core/settings';
import { unansweredCriteria } from '../shared/criteria';
import { uuidv7 } from '../shared/uuid';
import { ms, summarize } from './stats';

const samples = Number(process.argv[2] ?? 2000);
const block = 100;
const dir = mkdtempSync(join(process.env.BENCH_DIR ?? tmpdir(), 'kiosk-bench-'));

const bare = new Database(join(dir, 'bare.db'));
bare.pragma('journal_mode = WAL');
bare.pragma('synchronous = FULL');
bare.exec('CREATE TABLE t (id TEXT PRIMARY KEY, seq INTEGER NOT NULL, score INTEGER NOT NULL, created_at INTEGER NOT NULL)');
const bareInsert = bare.prepare('INSERT INTO t VALUES (?, ?, ?, ?)');

// A third measure, to tell the schema's cost from the code's: the same bare insert, but into the
// kiosk's own ratings table with its indexes (no validation, no rules, no context).
const schemaDb = new Database(join(dir, 'schema.db'));
schemaDb.pragma('journal_mode = WAL');
schemaDb.pragma('synchronous = FULL');
migrate(schemaDb);
const schemaInsert = schemaDb.prepare(
  `INSERT INTO ratings (id, seq, flow_id, device_id, unit_id, counter_id, desk_role, staff_id, staff_session_id,
     created_at, clock_offset_ms, scale, score, criteria, locale, duration_ms, app_version, updated_at)
   VALUES (?, ?, ?, 'dev', 'bg-ttpvhcc', 'ttpvhcc-q01', 'reception', 'st-000101', ?, ?, NULL, 'vn3', 3, ?, 'vi', 900, 'bench', ?)`,
);
const criteriaJson = JSON.stringify(unansweredCriteria());
const sessionId = uuidv7();

// The core's clock starts on a Monday morning (Vietnam time) and moves 1.1 s per rating, so that
// the anti-abuse cap (at most 60 a minute) and the shift rules let every rating through while
// every rule still runs on the path measured.
let clock = Date.UTC(2026, 10, 23, 1, 0, 0);
const tick = () => (clock += 1_100);
const core = new KioskCore({ dataDir: join(dir, 'kiosk'), appVersion: 'bench', onOpen: seedDemoData, log: () => {}, now: () => clock });
updateKioskSettings(core.database!, { maxRatingsPerSessionPerMinute: 60 }, clock);

const bareTimes: number[] = [];
const schemaTimes: number[] = [];
let schemaSeq = 0;
const coreTimes: number[] = [];
let seq = 0;
// Warm-up: first statements prepare, first pages allocate.
for (let i = 0; i < 50; i++) {
  bareInsert.run(uuidv7(), ++seq, 3, Date.now());
  tick();
  const result = core.call('submitRating', { flowId: uuidv7(), scale: 'vn3', score: 3, locale: 'vi' });
  if (!result.ok) throw new Error(`warm-up submit failed: ${JSON.stringify(result.error)}`);
}
for (let i = 0; i < 50; i++) {
  const now = Date.now();
  schemaInsert.run(uuidv7(), ++schemaSeq, uuidv7(), sessionId, now, criteriaJson, now);
}
while (bareTimes.length < samples) {
  for (let i = 0; i < block; i++) {
    const start = process.hrtime.bigint();
    bareInsert.run(uuidv7(), ++seq, 3, Date.now());
    bareTimes.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  for (let i = 0; i < block; i++) {
    const start = process.hrtime.bigint();
    const now = Date.now();
    schemaInsert.run(uuidv7(), ++schemaSeq, uuidv7(), sessionId, now, criteriaJson, now);
    schemaTimes.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  for (let i = 0; i < block; i++) {
    tick();
    // The renderer makes the flow id when the citizen first touches the screen, before the call.
    const draft = { flowId: uuidv7(), scale: 'vn3', score: 3, locale: 'vi', durationMs: 900 };
    const start = process.hrtime.bigint();
    const result = core.call('submitRating', draft);
    coreTimes.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (!result.ok) throw new Error(`submit failed: ${JSON.stringify(result.error)}`);
  }
}

const b = summarize(bareTimes);
const k = summarize(coreTimes);
const sc = summarize(schemaTimes);
console.log(`submit latency, ${samples} samples each, data in ${dir}`);
console.log(`  bare insert (WAL, synchronous=FULL): p50 ${ms(b.p50)}  p99 ${ms(b.p99)}`);
console.log(`  bare insert, kiosk ratings schema:   p50 ${ms(sc.p50)}  p99 ${ms(sc.p99)}`);
console.log(`  kiosk submitRating (API to commit):  p50 ${ms(k.p50)}  p99 ${ms(k.p99)}`);
console.log(`  ratio kiosk/bare: p50 ${(k.p50 / b.p50).toFixed(2)}  p99 ${(k.p99 / b.p99).toFixed(2)}  (target p50 ≤ 1.5)`);
console.log(`  ratio kiosk/bare-same-schema: p50 ${(k.p50 / sc.p50).toFixed(2)}  p99 ${(k.p99 / sc.p99).toFixed(2)}`);
schemaDb.close();
core.close();
bare.close();
