import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { enrolWithProcess, startServerProcess } from './server-process';

/** Every file and folder under `dir` whose mode lets the group or others in, with its mode. */
function openToOthers(dir: string): string[] {
  const found: string[] = [];
  const walk = (path: string) => {
    const stats = lstatSync(path);
    if (stats.isSymbolicLink()) return;
    if ((stats.mode & 0o077) !== 0) found.push(`${path} ${(stats.mode & 0o777).toString(8)}`);
    if (stats.isDirectory()) for (const name of readdirSync(path)) walk(join(path, name));
  };
  walk(dir);
  return found;
}

/**
 * Finding 1 of issue 13 (server side): under DATA_DIR/pglite 969 of 1,016 files were 0666 and the
 * folder 0755, and a new device's secret sat in a WAL file every local account could read.
 */
describe('the server’s files', { timeout: 300_000 }, () => {
  const root = mkdtempSync(join(tmpdir(), 'nucuoi-modes-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('are its own account’s only after it has run and written, and after a start on a folder that was not', async () => {
    const dataDir = join(root, 'data');
    const first = await startServerProcess({ DATA_DIR: dataDir, SERVER_DEMO: '1' });
    const kiosk = await enrolWithProcess(dataDir, first.url);
    const heartbeat = JSON.stringify({ appVersion: '0.1.0', pendingCount: 0, oldestPendingAgeMs: null, lastError: null, clockOffsetMs: 0 });
    expect((await kiosk.send('POST', '/heartbeat', heartbeat)).status).toBe(200);
    expect(openToOthers(dataDir)).toEqual([]); // while it runs: the lock note, the WAL as written
    expect(await first.stop()).toBe(0);
    expect(openToOthers(dataDir)).toEqual([]);

    // A folder as an older version, a copy or a careless hand left it: opened up to everyone.
    const loosen = (path: string) => {
      const stats = lstatSync(path);
      chmodSync(path, stats.isDirectory() ? 0o777 : 0o666);
      if (stats.isDirectory()) for (const name of readdirSync(path)) loosen(join(path, name));
    };
    mkdirSync(join(dataDir, 'notes'));
    writeFileSync(join(dataDir, 'notes', 'copied-by-hand.txt'), 'x');
    loosen(dataDir);
    expect(openToOthers(dataDir).length).toBeGreaterThan(900);
    const second = await startServerProcess({ DATA_DIR: dataDir, DEVICE_SECRET_DEV_KEY: '1' });
    expect(openToOthers(dataDir)).toEqual([]);
    const another = await enrolWithProcess(dataDir, second.url);
    expect((await another.send('POST', '/heartbeat', heartbeat)).status).toBe(200);
    expect(await second.stop()).toBe(0);
    expect(openToOthers(dataDir)).toEqual([]);
  });
});
