// Kiosk sync throughput and bytes on the wire (issue 5), figures for docs/sync.md:
//  1. bytes per rating (no comment): a backlog sent through a counting TCP proxy on 127.0.0.1,
//     every byte the kiosk sends (HTTP headers, gzip bodies) divided by the ratings sent;
//  2. a 100,000-rating backlog drained to a local server (PGlite on disk, in a child process):
//     ratings/s end to end, from the first read of the outbox to the last acknowledgement;
//  3. the raw bulk-insert rate of the same server database in the same run (Kysely inserts of
//     500 rows per transaction into its ratings table, no HTTP, no validation): the ceiling.
//
//   node bench/sync-drain.mjs            (or: npm run bench -- sync-drain)
//   RATINGS=100000 WIRE_RATINGS=20000 node bench/sync-drain.mjs
//
// Everything stops itself: the child server is killed at the end or after HARD_LIMIT_MS.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const RATINGS = Number(process.env.RATINGS ?? 100_000);
const WIRE_RATINGS = Number(process.env.WIRE_RATINGS ?? 20_000);
const HARD_LIMIT_MS = 10 * 60 * 1000;

const { register } = await import('tsx/esm/api');
register();

if (process.argv[2] === '--child') await child(process.argv[3]);
else await parent();

/** The server: startServer() on PGlite in `dataDir`; on "raw <n> <deviceId>", the raw insert rate of that database. */
async function child(dataDir) {
  const { startServer } = await import('../server/app.ts');
  const { openDatabase } = await import('../server/db/connect.ts');
  const { uuidv7 } = await import('../shared/uuid.ts');
  const server = await startServer({ port: 0, dataDir, demo: true });
  const code = await server.admin.createEnrollmentCode({ unitId: 'bg-ttpvhcc', counterId: 'ttpvhcc-q01' });
  console.log(JSON.stringify({ url: server.url, code }));
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    const [command, n, deviceId] = line.trim().split(' ');
    if (command !== 'raw') continue;
    const stored = (await server.admin.counts()).ratings;
    await server.close();
    const { db, close } = await openDatabase({ dataDir });
    const sample = await db.selectFrom('ratings').selectAll().limit(1).executeTakeFirstOrThrow();
    const count = Number(n);
    const started = performance.now();
    const now = Date.now();
    for (let done = 0; done < count; done += 500) {
      const rows = [];
      for (let i = done; i < Math.min(count, done + 500); i++) {
        const createdAt = now - (count - i) * 1000;
        rows.push({ ...sample, id: uuidv7(createdAt), device_id: deviceId, seq: 10_000_000 + i, created_at: createdAt, corrected_at: createdAt, received_at: now });
      }
      await db.transaction().execute((trx) => trx.insertInto('ratings').values(rows).onConflict((oc) => oc.column('id').doNothing()).execute());
    }
    const seconds = (performance.now() - started) / 1000;
    await close();
    console.log(JSON.stringify({ stored, rawRows: count, rawSeconds: seconds, rawPerSecond: count / seconds }));
    process.exit(0);
  }
}

async function parent() {
  const here = fileURLToPath(import.meta.url);
  const serverDir = mkdtempSync(join(tmpdir(), 'nucuoi-sync-bench-server-'));
  const serverProcess = spawn(process.execPath, [...(process.env.SERVER_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir=.tmp/prof'] : []), here, '--child', serverDir], { stdio: ['pipe', 'pipe', 'inherit'] });
  const killer = setTimeout(() => {
    console.error('sync-drain: hard time limit reached');
    serverProcess.kill('SIGKILL');
    process.exit(1);
  }, HARD_LIMIT_MS);
  killer.unref();
  const childLines = createInterface({ input: serverProcess.stdout });
  const nextLine = () => new Promise((resolve) => childLines.once('line', resolve));
  const { url, code } = JSON.parse(await nextLine());

  const { KioskCore } = await import('../electron/core/kiosk-core.ts');
  const { seedDemoData } = await import('../electron/core/demo.ts');
  const { FileSecretStore } = await import('../electron/core/sync/secret-store.ts');
  const { writeSyncState } = await import('../electron/core/sync/state.ts');
  const { insertClosedRatings } = await import('../tests/sync/bulk-ratings.ts');
  const { startFaultProxy } = await import('../tests/sync/fault-proxy.ts');

  const dataDir = mkdtempSync(join(tmpdir(), 'nucuoi-sync-bench-kiosk-'));
  const core = new KioskCore({
    dataDir,
    appVersion: '0.1.0',
    onOpen: seedDemoData,
    log: () => {},
    sync: { secrets: new FileSecretStore(dataDir), autoSync: false, watchNetwork: false },
  });
  const engine = core.sync;
  const db = core.database;
  core.call('enrollDevice', { serverUrl: url, enrollmentCode: code });
  await engine.syncNow({ full: true });
  const status = engine.status();
  if (!status.enrolled) throw new Error(`not enrolled: ${JSON.stringify(status.enrolment)}`);
  const DAY = 24 * 60 * 60 * 1000;

  // 1. Bytes on the wire, through a counting proxy.
  const proxy = await startFaultProxy({ upstreamPort: Number(new URL(url).port) });
  writeSyncState(db, 'serverUrl', proxy.url, Date.now());
  insertClosedRatings(db, { count: WIRE_RATINGS, startAt: Date.now() - 2 * DAY, spacingMs: 8_000 });
  const wireRun = await engine.syncNow();
  const batchPath = '/api/v1/ratings/batches';
  const batchStats = proxy.bodyBytesByPath.get(batchPath);
  const wire = {
    ratings: wireRun.sent,
    requests: batchStats.requests,
    bytesUp: proxy.bytesFromClients,
    bytesUpPerRating: proxy.bytesFromClients / wireRun.sent,
    gzipBodyBytesPerRating: batchStats.bodies / wireRun.sent,
    bytesDownPerRating: proxy.bytesFromServer / wireRun.sent,
  };
  await proxy.close();
  writeSyncState(db, 'serverUrl', url, Date.now());

  // 2. The 100,000-rating drain, straight to the server.
  const insertStarted = performance.now();
  insertClosedRatings(db, { count: RATINGS, startAt: Date.now() - 7 * DAY, spacingMs: Math.floor((7 * DAY) / RATINGS) });
  const kioskInsertSeconds = (performance.now() - insertStarted) / 1000;
  const started = performance.now();
  const run = await engine.syncNow();
  const seconds = (performance.now() - started) / 1000;
  if (!run.ok || run.sent !== RATINGS) throw new Error(`drain incomplete: ${JSON.stringify(run)}`);
  const drain = { ratings: run.sent, batches: run.batches, seconds, perSecond: run.sent / seconds, kioskBulkInsertSeconds: kioskInsertSeconds };
  core.close();

  // 3. The raw insert rate of the same database.
  serverProcess.stdin.write(`raw ${RATINGS} ${status.serverDeviceId}\n`);
  const raw = JSON.parse(await nextLine());
  if (raw.stored !== WIRE_RATINGS + RATINGS) throw new Error(`server holds ${raw.stored} ratings, expected ${WIRE_RATINGS + RATINGS}`);

  const figures = {
    node: process.version,
    wire,
    drain,
    raw: { rows: raw.rawRows, seconds: raw.rawSeconds, perSecond: raw.rawPerSecond },
    drainVsRaw: drain.perSecond / raw.rawPerSecond,
  };
  console.log(`bytes on the wire per rating (no comment): ${wire.bytesUpPerRating.toFixed(1)} up (gzip bodies ${wire.gzipBodyBytesPerRating.toFixed(1)}), ${wire.bytesDownPerRating.toFixed(1)} down; ${wire.requests} batches for ${wire.ratings} ratings`);
  console.log(`drain of ${RATINGS} ratings: ${drain.seconds.toFixed(1)} s, ${Math.round(drain.perSecond)} ratings/s end to end (${drain.batches} batches)`);
  console.log(`raw bulk insert, same database: ${Math.round(raw.rawPerSecond)} rows/s`);
  console.log(`drain / raw: ${(figures.drainVsRaw * 100).toFixed(0)} % (target >= 50 %)`);
  mkdirSync('.tmp', { recursive: true });
  writeFileSync('.tmp/bench-sync-drain.json', JSON.stringify(figures, null, 2));
  // The child exits by itself after the raw insert (a CPU profile, if asked, is written then).
  await Promise.race([new Promise((resolve) => serverProcess.once('exit', resolve)), new Promise((resolve) => setTimeout(resolve, 10_000))]);
  serverProcess.kill('SIGKILL');
  process.exit(0);
}
