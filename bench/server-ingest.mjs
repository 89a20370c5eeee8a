// Server ingest under load (issue 5): 200 simulated kiosks, each enrolled, send signed gzip batches
// back to back to a server on 127.0.0.1 for a bounded time; figures are batches/s, ratings/s and
// request latency (p50/p99). Runs on embedded PGlite, and on PostgreSQL when BENCH_DATABASE_URL or
// TEST_DATABASE_URL names one (a fresh database is made in it and dropped afterwards).
//
//   node bench/server-ingest.mjs            (or: npm run bench -- server-ingest)
//   KIOSKS=200 BATCH=50 SECONDS=15 node bench/server-ingest.mjs
//
// The server runs in a child process (this same file with --child, through tsx), so that the 200
// clients' signing and gzip do not share its event loop. Everything stops itself: each phase has a
// deadline and the child is killed at the end whatever happens.
import { spawn } from 'node:child_process';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const KIOSKS = Number(process.env.KIOSKS ?? 200);
const BATCH = Number(process.env.BATCH ?? 50);
const SECONDS = Number(process.env.SECONDS ?? 15);
const HARD_LIMIT_MS = (SECONDS + 120) * 1000;

if (process.argv[2] === '--child') await child(process.argv[3]);
else await parent();

/** The server side: startServer() with the demo roster and enrolment codes for every kiosk. */
async function child(databaseUrl) {
  const { register } = await import('tsx/esm/api');
  register();
  const { startServer } = await import('../server/app.ts');
  const dataDir = databaseUrl ? undefined : mkdtempSync(join(tmpdir(), 'nucuoi-bench-'));
  const server = await startServer({
    port: 0,
    demo: true,
    ...(databaseUrl ? { databaseUrl } : { dataDir }),
    // One address enrols 200 kiosks here; per-device limits stay as deployed.
    limits: { enrollBurst: 100_000, enrollPerSecond: 100_000 },
  });
  const codes = [];
  for (let i = 0; i < KIOSKS; i++) codes.push(await server.admin.createEnrollmentCode({ unitId: 'bg-ttpvhcc', counterId: 'ttpvhcc-q01' }));
  process.stdout.write(`${JSON.stringify({ url: server.url, kind: server.databaseKind, codes })}\n`);
  process.stdin.on('data', async (data) => {
    if (String(data).trim() === 'count') process.stdout.write(`${JSON.stringify(await server.admin.counts())}\n`);
  });
  process.stdin.on('end', async () => {
    await server.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  });
}

function uuidv7(ms) {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(ms, 0, 6);
  bytes[6] = 0x70 | (bytes[6] & 0x0f);
  bytes[8] = 0x80 | (bytes[8] & 0x3f);
  const h = bytes.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

async function runPhase(label, databaseUrl) {
  const server = spawn(process.execPath, [fileURLToPath(import.meta.url), '--child', databaseUrl ?? ''], { stdio: ['pipe', 'pipe', 'inherit'] });
  const killer = setTimeout(() => server.kill('SIGKILL'), HARD_LIMIT_MS);
  const lines = [];
  const waiters = [];
  let buffered = '';
  server.stdout.on('data', (d) => {
    buffered += d;
    let i;
    while ((i = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, i);
      buffered = buffered.slice(i + 1);
      const waiter = waiters.shift();
      if (waiter) waiter(line);
      else lines.push(line);
    }
  });
  const nextLine = () =>
    new Promise((resolve, reject) => {
      if (lines.length) return resolve(lines.shift());
      waiters.push(resolve);
      server.once('exit', (code) => reject(new Error(`server exited (${code})`)));
    });
  try {
    const { url, kind, codes } = JSON.parse(await nextLine());
    const kiosks = [];
    for (const code of codes) {
      const response = await fetch(`${url}/api/v1/enroll`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ enrollmentCode: code, deviceName: 'bench', appVersion: '0.1.0' }),
      });
      if (response.status !== 201) throw new Error(`enrol: ${response.status} ${await response.text()}`);
      kiosks.push({ ...(await response.json()), seq: 0 });
    }

    const latencies = [];
    // Latencies of each kiosk's later batches: the first round is 200 kiosks at once (a thundering
    // herd, as after a server restart), reported separately from the steady state.
    const steady = [];
    const statuses = new Map();
    let accepted = 0;
    let wireBytes = 0;
    const started = performance.now();
    const deadline = started + SECONDS * 1000;
    async function kioskLoop(kiosk) {
      while (performance.now() < deadline) {
        const now = Date.now();
        const ratings = [];
        for (let i = 0; i < BATCH; i++) {
          kiosk.seq += 1;
          ratings.push({
            id: uuidv7(now - 1000 + i),
            deviceId: kiosk.deviceId,
            seq: kiosk.seq,
            unitId: kiosk.unitId,
            counterId: 'ttpvhcc-q01',
            deskRole: 'reception',
            staffId: 'st-000101',
            staffSessionId: uuidv7(now - 3_600_000),
            createdAt: now - 1000 + i,
            clockOffsetMs: 0,
            scale: 'vn3',
            score: 1 + (kiosk.seq % 3),
            criteria: { greet: true, apologise: null, thank: true, ask_permission: null, smile: true, gentle: null, listen: null, help: null },
            comment: kiosk.seq % 10 === 0 ? 'Cán bộ hướng dẫn tận tình, chu đáo' : null,
            dossierCode: null,
            locale: 'vi',
            durationMs: 4000,
            appVersion: '0.1.0',
          });
        }
        const body = gzipSync(JSON.stringify({ batchId: uuidv7(now), sentAt: now, ratings }));
        const path = '/api/v1/ratings/batches';
        const timestamp = String(Date.now());
        const bodyHash = createHash('sha256').update(body).digest('hex');
        const signature = createHmac('sha256', kiosk.deviceSecret).update(`POST\n${path}\n${timestamp}\n${bodyHash}`).digest('base64');
        const t0 = performance.now();
        const response = await fetch(`${url}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', 'x-device-id': kiosk.deviceId, 'x-timestamp': timestamp, 'x-signature': signature },
          body,
        });
        const json = await response.json();
        latencies.push(performance.now() - t0);
        if (kiosk.seq > BATCH) steady.push(performance.now() - t0);
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        wireBytes += body.length;
        if (response.status === 200) accepted += json.accepted.length;
        else if (response.status === 429) await new Promise((r) => setTimeout(r, Number(response.headers.get('retry-after') ?? 1) * 1000));
        else throw new Error(`batch: ${response.status} ${JSON.stringify(json)}`);
      }
    }
    await Promise.all(kiosks.map(kioskLoop));
    const elapsed = (performance.now() - started) / 1000;
    server.stdin.write('count\n');
    const counts = JSON.parse(await nextLine());
    const sorted = latencies.sort((a, b) => a - b);
    const sortedSteady = steady.sort((a, b) => a - b);
    const ok = statuses.get(200) ?? 0;
    const result = {
      label,
      kind,
      kiosks: KIOSKS,
      ratingsPerBatch: BATCH,
      seconds: Number(elapsed.toFixed(1)),
      batches: ok,
      batchesPerSecond: Number((ok / elapsed).toFixed(1)),
      ratingsPerSecond: Math.round(accepted / elapsed),
      p50Ms: Number(percentile(sorted, 50).toFixed(1)),
      p99Ms: Number(percentile(sorted, 99).toFixed(1)),
      maxMs: Number(sorted[sorted.length - 1].toFixed(1)),
      steadyP50Ms: Number(percentile(sortedSteady, 50).toFixed(1)),
      steadyP99Ms: Number(percentile(sortedSteady, 99).toFixed(1)),
      gzipBytesPerRating: Number((wireBytes / Math.max(1, latencies.length * BATCH)).toFixed(1)),
      statuses: Object.fromEntries(statuses),
      storedEqualsAccepted: counts.ratings === accepted,
    };
    console.log(
      `${label.padEnd(10)} ${KIOSKS} kiosks × ${BATCH}-rating batches for ${result.seconds} s: ` +
        `${result.batchesPerSecond} batches/s, ${result.ratingsPerSecond} ratings/s, ` +
        `p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, max ${result.maxMs} ms ` +
        `(after the first round: p50 ${result.steadyP50Ms} ms, p99 ${result.steadyP99Ms} ms); ` +
        `statuses ${JSON.stringify(result.statuses)}; stored = accepted: ${result.storedEqualsAccepted}`,
    );
    return result;
  } finally {
    server.stdin.end();
    await new Promise((resolve) => {
      if (server.exitCode !== null) return resolve();
      server.once('exit', resolve);
      setTimeout(() => server.kill('SIGKILL'), 15_000).unref();
    });
    clearTimeout(killer);
  }
}

async function parent() {
  const results = [await runPhase('PGlite')];
  const adminUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
  if (adminUrl) {
    const pg = (await import('pg')).default;
    const name = `nucuoi_bench_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    try {
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      results.push(await runPhase('PostgreSQL', url.toString()));
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  } else {
    console.log('PostgreSQL: skipped (set BENCH_DATABASE_URL or TEST_DATABASE_URL)');
  }
  const os = await import('node:os');
  console.log(JSON.stringify({ bench: 'server-ingest', node: process.version, cpus: os.cpus().length, loadavg: os.loadavg().map((x) => Number(x.toFixed(1))), results }));
  if (results.some((r) => !r.storedEqualsAccepted)) process.exit(1);
}
