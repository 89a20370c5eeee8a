import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE } from '../../electron/core/db/open';
import { notOwnerOnly, olderKioskFolder, readableByAnotherAccount } from '../electron/core/file-modes';
import { tempDir } from '../electron/core/helpers';
import { enrolmentCode, eventually, sleep, startDemoServer } from '../electron/core/sync/helpers';
import { uuidv7 } from '../../shared/uuid';

const ROOT = resolve(__dirname, '../..');
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('the web host with KIOSK_SERVER_URL and KIOSK_ENROLMENT_CODE', () => {
  it('enrols at start, keeps the secret in a 0600 file, and shows the sync status over its API', async () => {
    const server = await startDemoServer();
    cleanups.push(() => server.close());
    const dataDir = tempDir('kiosk-webhost-');
    const child = spawn(process.execPath, ['--import', 'tsx', 'web-host/main.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        KIOSK_PORT: '0',
        KIOSK_DATA_DIR: dataDir,
        KIOSK_SERVER_URL: server.url,
        KIOSK_ENROLMENT_CODE: await enrolmentCode(server),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    cleanups.push(() => void child.kill('SIGKILL'));
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await eventually(() => /kiosk: http:\/\/127\.0\.0\.1:\d+/.test(output), 'the web host listens', 30_000);
    const port = /kiosk: http:\/\/127\.0\.0\.1:(\d+)/.exec(output)![1];
    await eventually(() => output.includes('sync: enrolled with'), 'the kiosk is enrolled', 30_000);

    const response = await fetch(`http://127.0.0.1:${port}/api/kiosk/getSyncStatus`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '',
    });
    const result = (await response.json()) as { ok: boolean; value: Record<string, unknown> };
    expect(result).toMatchObject({ ok: true, value: { enrolled: true, serverUrl: server.url, unitId: 'bg-ttpvhcc' } });
    expect((await server.admin.listDevices()).length).toBe(1);
    if (process.platform !== 'win32') expect(statSync(join(dataDir, 'device-secret')).mode & 0o777).toBe(0o600);
  }, 90_000);

  it.skipIf(process.platform === 'win32')('after it has run and rated, no other local account can read its data folder, even one an older version left open', async () => {
    const server = await startDemoServer();
    cleanups.push(() => server.close());
    const dataDir = olderKioskFolder();
    const child = spawn(process.execPath, ['--import', 'tsx', 'web-host/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, KIOSK_PORT: '0', KIOSK_DATA_DIR: dataDir, KIOSK_SERVER_URL: server.url, KIOSK_ENROLMENT_CODE: await enrolmentCode(server) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    cleanups.push(() => void child.kill('SIGKILL'));
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await eventually(() => /kiosk: http:\/\/127\.0\.0\.1:\d+/.test(output), 'the web host listens', 30_000);
    const port = /kiosk: http:\/\/127\.0\.0\.1:(\d+)/.exec(output)![1];
    await eventually(() => output.includes('sync: enrolled with'), 'the kiosk is enrolled', 30_000);
    const call = async (method: string, payload: unknown) => {
      const response = await fetch(`http://127.0.0.1:${port}/api/kiosk/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(payload),
      });
      return (await response.json()) as { ok: boolean; value: { id: string } };
    };
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const rated = await call('submitRating', { flowId: uuidv7(), scale: 'vn3', score: 3, locale: 'vi' });
      expect(rated.ok).toBe(true);
      await call('updateRating', { id: rated.value.id, comment: 'Cán bộ hướng dẫn tận tình' });
      await call('finishRating', { id: rated.value.id });
      ids.push(rated.value.id);
    }
    let onServer: string[] = [];
    const deadline = Date.now() + 30_000;
    while (!ids.every((id) => onServer.includes(id)) && Date.now() < deadline) {
      await sleep(200);
      onServer = await server.admin.ratingIds();
    }
    expect(onServer).toEqual(expect.arrayContaining(ids));
    expect(readdirSync(dataDir)).toEqual(expect.arrayContaining([DATABASE_FILE, `${DATABASE_FILE}-wal`, 'device-secret']));
    expect(notOwnerOnly(dataDir)).toEqual([]);
    for (const name of readdirSync(dataDir)) {
      const readable = readableByAnotherAccount(join(dataDir, name));
      if (readable !== null) expect(readable, name).toBe(false);
    }
  }, 90_000);
});
