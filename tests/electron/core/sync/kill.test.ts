import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bundleNodeEntry, type NodeBundle } from '../../../node-bundle';
import { startFaultProxy } from '../../../sync/fault-proxy';
import { enrol, serverRatingIds, startDemoServer, syncKiosk } from './helpers';

const ROOT = resolve(__dirname, '../../../..');

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

// The child kiosk is started six times: bundled, it is ready in a fraction of tsx's time.
let childBundle: NodeBundle;
beforeAll(async () => {
  childBundle = await bundleNodeEntry('tests/sync/sync-child.ts');
});
afterAll(() => childBundle?.remove());

/** Runs the child kiosk; in 'rate' mode SIGKILLs it `killAfterMs` after it is ready. Resolves the ids it thanked for. */
function runChild(dataDir: string, mode: 'rate' | 'drain', killAfterMs = 0): Promise<{ thanked: string[]; out: string }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [childBundle.file, dataDir, mode], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let killTimer: ReturnType<typeof setTimeout> | undefined;
    const guard = setTimeout(() => child.kill('SIGKILL'), 110_000);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (mode === 'rate' && !killTimer && out.includes('ready\n')) killTimer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code, signal) => {
      clearTimeout(guard);
      clearTimeout(killTimer);
      if (mode === 'rate' && signal !== 'SIGKILL') return reject(new Error(`child ended by itself (${code}): ${err}`));
      if (mode === 'drain' && code !== 0) return reject(new Error(`drain failed (${code}): ${out} ${err.slice(-3000)}`));
      const thanked = out
        .split('\n')
        .filter((line) => line.startsWith('thanked '))
        .map((line) => line.slice('thanked '.length).trim())
        .filter((id) => id.length === 36);
      resolveRun({ thanked, out });
    });
  });
}

describe('kill -9 of the kiosk in the middle of a sync', () => {
  it('loses and doubles nothing: every thanked rating ends on the server exactly once', async () => {
    const server = await startDemoServer({ limits: { deviceBurst: 1_000, devicePerSecond: 1_000 } });
    cleanups.push(() => server.close());
    // Latency keeps requests in flight, so kills land while the server is committing a batch.
    const proxy = await startFaultProxy({ upstreamPort: server.port, maxLatencyMs: 80 });
    cleanups.push(() => proxy.close());
    const { core, dataDir } = syncKiosk();
    await enrol(core, { ...server, url: proxy.url });
    core.close();

    const thanked: string[] = [];
    let killedAfterServerGotSome = 0;
    // At least five kills; more (bounded) when a slow machine thanked too few between them, so
    // that what is checked is the count of ratings through kills, not the machine's speed.
    for (let round = 0; round < 5 || ((thanked.length <= 100 || killedAfterServerGotSome === 0) && round < 15); round++) {
      const before = (await server.admin.ratingIds()).length;
      const run = await runChild(dataDir, 'rate', 400 + Math.floor(Math.random() * 900));
      thanked.push(...run.thanked);
      if ((await server.admin.ratingIds()).length > before) killedAfterServerGotSome += 1;
    }
    expect(thanked.length).toBeGreaterThan(100);
    expect(killedAfterServerGotSome).toBeGreaterThan(0);
    await runChild(dataDir, 'drain');

    const kioskDb = new Database(join(dataDir, 'kiosk.db'), { readonly: true });
    const onKiosk = (kioskDb.prepare('SELECT id FROM ratings ORDER BY id').all() as { id: string }[]).map((r) => r.id);
    const quarantined = (kioskDb.prepare('SELECT count(*) AS n FROM ratings WHERE quarantined_at IS NOT NULL').get() as { n: number }).n;
    kioskDb.close();
    const onServer = await serverRatingIds(server);
    expect(quarantined).toBe(0);
    expect(onServer.length).toBe((await server.admin.listRatings()).length);
    expect(onServer).toEqual(onKiosk);
    const serverSet = new Set(onServer);
    expect(thanked.filter((id) => !serverSet.has(id))).toEqual([]);
    expect(await server.admin.conflictIds()).toEqual([]);
  }, 240_000);
});
