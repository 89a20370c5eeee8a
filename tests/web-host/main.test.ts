import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../electron/core/helpers';
import { enrolmentCode, eventually, startDemoServer } from '../electron/core/sync/helpers';

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
});
