import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PREFIX } from '../../shared/protocol';
import { uuidv7 } from '../../shared/uuid';
import { signRequest } from '../../shared/node/signing';
import { backend, freshPostgresDatabase } from './helpers';

/** What the server acknowledged survives a kill -9 of the server process (PGlite's files, or PostgreSQL). */
// Processes start slowly on a loaded 2-core machine: generous, still bounded, time limits.
describe(`server kill -9 (${backend})`, { timeout: 180_000 }, () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let database: { url: string; drop(): Promise<void> } | null = null;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nucuoi-kill-'));
    const { DATABASE_URL: _ignored, ...rest } = process.env;
    env = { ...rest, DATA_DIR: join(dir, 'data'), PORT: '0', SERVER_DEMO: '1' };
    if (backend === 'postgres') {
      database = await freshPostgresDatabase();
      env.DATABASE_URL = database.url;
    }
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  function startServerProcess(): Promise<{ child: ChildProcess; url: string }> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    return new Promise((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`server did not start in 90 s: ${out}`)), 90_000);
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const match = /listening on (\S+)/.exec(out);
        if (match) {
          clearTimeout(timer);
          resolve({ child, url: match[1]! });
        }
      });
      child.on('exit', (code) => reject(new Error(`server exited ${code}: ${out}`)));
    });
  }

  it('keeps every acknowledged rating', async () => {
    const first = await startServerProcess();
    // The CLI reaches the running server (PGlite) or the database (PostgreSQL).
    const code = await new Promise<string>((resolve) => {
      const cli = spawn(process.execPath, ['--import', 'tsx', 'server/admin.ts', 'enrol-code', '--unit', 'bg-ttpvhcc'], { env, stdio: ['ignore', 'pipe', 'ignore'] });
      let out = '';
      cli.stdout.on('data', (d: Buffer) => (out += d.toString()));
      cli.on('close', () => resolve(out.trim()));
    });
    const enrolled = (await (
      await fetch(`${first.url}${API_PREFIX}/enroll`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ enrollmentCode: code, deviceName: 'K', appVersion: '0.1.0' }),
      })
    ).json()) as { deviceId: string; deviceSecret: string };

    const acknowledged: string[] = [];
    for (let b = 0; b < 5; b++) {
      const now = Date.now();
      const ratings = Array.from({ length: 100 }, (_, i) => ({
        id: uuidv7(now - 5_000),
        deviceId: enrolled.deviceId,
        seq: b * 100 + i + 1,
        unitId: 'bg-ttpvhcc',
        counterId: 'ttpvhcc-q01',
        deskRole: 'reception',
        staffId: null,
        staffSessionId: null,
        createdAt: now - 5_000,
        clockOffsetMs: 0,
        scale: 'vn3',
        score: 2,
        criteria: { greet: null, apologise: null, thank: null, ask_permission: null, smile: null, gentle: null, listen: null, help: null },
        comment: null,
        dossierCode: null,
        locale: 'vi',
        durationMs: null,
        appVersion: '0.1.0',
      }));
      const body = JSON.stringify({ batchId: uuidv7(now), sentAt: now, ratings });
      const path = `${API_PREFIX}/ratings/batches`;
      const timestamp = String(Date.now());
      const response = await fetch(`${first.url}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-device-id': enrolled.deviceId,
          'x-timestamp': timestamp,
          'x-signature': signRequest(enrolled.deviceSecret, 'POST', path, timestamp, body),
        },
        body,
      });
      acknowledged.push(...((await response.json()) as { accepted: string[] }).accepted);
    }
    expect(acknowledged).toHaveLength(500);
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.on('exit', resolve));

    const second = await startServerProcess();
    const counts = await new Promise<string>((resolve) => {
      const cli = spawn(process.execPath, ['--import', 'tsx', 'server/admin.ts', 'stats'], { env, stdio: ['ignore', 'pipe', 'ignore'] });
      let out = '';
      cli.stdout.on('data', (d: Buffer) => (out += d.toString()));
      cli.on('close', () => resolve(out));
    });
    expect(counts).toMatch(/^ratings: 500$/m);
    second.child.kill('SIGTERM');
    expect(await new Promise((resolve) => second.child.on('exit', resolve))).toBe(0);
  });
});
