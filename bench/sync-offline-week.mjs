// A kiosk offline for a simulated week (issue 5): 50,000 ratings pile up while the provincial
// server is down (its process killed), then the server comes back on the same address and the
// kiosk catches up by itself — real backoff schedule (1 s doubling to a 5-minute cap, jitter), no
// one touching it. Figures: failures seen while down, time from the server's return to the last
// acknowledgement, ratings/s of the catch-up, and the set check (every rating on the server once).
//
//   node bench/sync-offline-week.mjs       (or: npm run bench -- sync-offline-week; a long run)
//   RATINGS=50000 DOWN_SECONDS=30 node bench/sync-offline-week.mjs
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const RATINGS = Number(process.env.RATINGS ?? 50_000);
const DOWN_SECONDS = Number(process.env.DOWN_SECONDS ?? 30);
const HARD_LIMIT_MS = 15 * 60 * 1000;
const DAY = 24 * 60 * 60 * 1000;

const { register } = await import('tsx/esm/api');
register();

if (process.argv[2] === '--child') await child(process.argv[3], Number(process.argv[4]));
else await parent();

async function child(dataDir, port) {
  const { startServer } = await import('../server/app.ts');
  const server = await startServer({ port, dataDir, demo: true });
  const code = await server.admin.createEnrollmentCode({ unitId: 'bg-ttpvhcc', counterId: 'ttpvhcc-q01' });
  console.log(JSON.stringify({ url: server.url, port: server.port, code }));
  for await (const line of createInterface({ input: process.stdin })) {
    if (line.trim() === 'ids') {
      const ids = await server.admin.ratingIds();
      console.log(JSON.stringify({ count: ids.length, distinct: new Set(ids).size, ids }));
    }
  }
}

function startChild(here, dataDir, port) {
  const proc = spawn(process.execPath, [here, '--child', dataDir, String(port)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: proc.stdout });
  const nextLine = () => new Promise((resolve) => lines.once('line', resolve));
  return { proc, nextLine };
}

async function parent() {
  const here = fileURLToPath(import.meta.url);
  const serverDir = mkdtempSync(join(tmpdir(), 'nucuoi-offline-server-'));
  let server = startChild(here, serverDir, 0);
  const killer = setTimeout(() => {
    console.error('sync-offline-week: hard time limit reached');
    server.proc.kill('SIGKILL');
    process.exit(1);
  }, HARD_LIMIT_MS);
  killer.unref();
  const { url, port, code } = JSON.parse(await server.nextLine());

  const { KioskCore } = await import('../electron/core/kiosk-core.ts');
  const { seedDemoData } = await import('../electron/core/demo.ts');
  const { FileSecretStore } = await import('../electron/core/sync/secret-store.ts');
  const { insertClosedRatings } = await import('../tests/sync/bulk-ratings.ts');

  const dataDir = mkdtempSync(join(tmpdir(), 'nucuoi-offline-kiosk-'));
  const core = new KioskCore({
    dataDir,
    appVersion: '0.1.0',
    onOpen: seedDemoData,
    log: (line) => console.log(`  kiosk: ${line}`),
    sync: { secrets: new FileSecretStore(dataDir), watchNetwork: false },
  });
  const engine = core.sync;
  core.call('enrollDevice', { serverUrl: url, enrollmentCode: code });
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  while (!engine.status().enrolled) await sleep(100);

  server.proc.kill('SIGKILL');
  console.log(`server down; inserting ${RATINGS} ratings spread over the last 7 days`);
  const ids = insertClosedRatings(core.database, { count: RATINGS, startAt: Date.now() - 7 * DAY, spacingMs: Math.floor((7 * DAY) / RATINGS) });
  engine.ratingClosed();
  await sleep(DOWN_SECONDS * 1000);
  const whileDown = engine.status();
  console.log(`after ${DOWN_SECONDS} s down: ${whileDown.consecutiveFailures} failures, ${whileDown.pendingCount} pending, oldest ${(whileDown.oldestPendingAgeMs / DAY).toFixed(1)} days`);

  server = startChild(here, serverDir, port);
  await server.nextLine();
  const back = performance.now();
  let drainedAt = null;
  while (performance.now() - back < 10 * 60 * 1000) {
    if (engine.status().pendingCount === 0) {
      drainedAt = performance.now();
      break;
    }
    await sleep(100);
  }
  if (drainedAt === null) throw new Error('the backlog was not drained within 10 minutes');
  server.proc.stdin.write('ids\n');
  const onServer = JSON.parse(await server.nextLine());
  const serverSet = new Set(onServer.ids);
  const missing = ids.filter((id) => !serverSet.has(id)).length;
  const extra = onServer.count - ids.length;
  const seconds = (drainedAt - back) / 1000;
  const figures = { ratings: RATINGS, downSeconds: DOWN_SECONDS, failuresWhileDown: whileDown.consecutiveFailures, catchUpSeconds: seconds, missing, extra, duplicates: onServer.count - onServer.distinct };
  console.log(`server back: caught up in ${seconds.toFixed(1)} s (includes waiting out the backoff); missing ${missing}, extra ${extra}, doubled ${figures.duplicates}`);
  mkdirSync('.tmp', { recursive: true });
  writeFileSync('.tmp/bench-sync-offline-week.json', JSON.stringify(figures, null, 2));
  core.close();
  server.proc.kill('SIGKILL');
  process.exit(missing === 0 && extra === 0 && figures.duplicates === 0 ? 0 : 1);
}
