/**
 * The admin screen's "test connection" (electron/core/sync/connection-test.ts), against the real
 * provincial server: ok with a signed request once enrolled, and each way it can fail named by a
 * code the screen translates.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../../server/app';
import type { KioskCore } from '../../../../electron/core/kiosk-core';
import type { ConnectionTest } from '../../../../shared/kiosk-admin';
import type { Result } from '../../../../shared/result';
import { enrol, startDemoServer, syncKiosk } from './helpers';

let server: RunningServer;
beforeAll(async () => {
  server = await startDemoServer();
});
afterAll(() => server.close());
const cores: KioskCore[] = [];
afterEach(() => {
  for (const core of cores.splice(0)) core.close();
});

/** A demo kiosk whose roster names an IT officer, with its admin screen opened by that officer's badge. */
function kioskWithAdminOpen() {
  const kiosk = syncKiosk();
  cores.push(kiosk.core);
  kiosk.core.database!.prepare(`UPDATE staff SET roles = '["it"]' WHERE id = 'st-000106'`).run();
  const opened = kiosk.core.call('openAdminScreen', { itCredential: { badgeCode: 'BG-26-000106' } });
  if (!opened.ok) throw new Error(opened.error.message);
  return { ...kiosk, test: () => kiosk.core.call('testConnection', undefined) as Promise<Result<ConnectionTest>> };
}

/** The same kiosk enrolled with the server (its roster replaces the demo's; the open session stays). */
async function enrolledWithAdminOpen() {
  const kiosk = kioskWithAdminOpen();
  await enrol(kiosk.core, server);
  expect(kiosk.engine.status().enrolled).toBe(true);
  return kiosk;
}

describe('testing the connection from the admin screen', () => {
  it('an enrolled kiosk: ok, by a signed request the server answered', async () => {
    const kiosk = await enrolledWithAdminOpen();
    const tested = await kiosk.test();
    expect(tested).toMatchObject({ ok: true, value: { ok: true, problem: null, signed: true, httpStatus: 200, serverUrl: server.url } });
    expect(tested.ok && tested.value.roundTripMs).toBeGreaterThanOrEqual(0);
  });

  it('a kiosk retired in the console: “device revoked”', async () => {
    const kiosk = await enrolledWithAdminOpen();
    await server.admin.revokeDevice(kiosk.engine.status().serverDeviceId!);
    expect(await kiosk.test()).toMatchObject({ ok: true, value: { ok: false, problem: 'device_revoked', signed: true, httpStatus: 401 } });
  });

  it('a server that is not there: “network”, and the sync error of the same cause has the same code', async () => {
    const kiosk = kioskWithAdminOpen();
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    expect(kiosk.core.call('startPairing', { serverUrl: url }).ok).toBe(true);
    expect(await kiosk.test()).toMatchObject({ ok: true, value: { ok: false, problem: 'network', signed: false, serverUrl: url } });
    await kiosk.engine.syncNow();
    expect(kiosk.engine.status().lastError).toMatchObject({ code: 'network' });
  });

  it('a server whose disk is nearly full: “server storage”; one that fails: “server error”', async () => {
    const kiosk = kioskWithAdminOpen();
    let answer = { status: 503, body: { status: 'unavailable', error: 'storage_low', message: 'full', serverTime: Date.now() } };
    const fake: Server = createServer((_req, res) => {
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer.body));
    });
    await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
    try {
      expect(kiosk.core.call('startPairing', { serverUrl: `http://127.0.0.1:${(fake.address() as AddressInfo).port}` }).ok).toBe(true);
      expect(await kiosk.test()).toMatchObject({ ok: true, value: { ok: false, problem: 'server_storage', httpStatus: 503 } });
      answer = { status: 500, body: { status: 'unavailable', error: 'internal', message: 'boom', serverTime: Date.now() } };
      expect(await kiosk.test()).toMatchObject({ ok: true, value: { ok: false, problem: 'server_error', httpStatus: 500 } });
    } finally {
      await new Promise<void>((resolve) => fake.close(() => resolve()));
    }
  });

  it('a kiosk pairing with a server that answers: ok, unsigned (it has no credentials yet)', async () => {
    const kiosk = kioskWithAdminOpen();
    expect(kiosk.core.call('startPairing', { serverUrl: server.url }).ok).toBe(true);
    expect(await kiosk.test()).toMatchObject({ ok: true, value: { ok: true, signed: false, httpStatus: 200 } });
  });

  it('a kiosk with no server yet: “no server”', async () => {
    const kiosk = kioskWithAdminOpen();
    expect(await kiosk.test()).toMatchObject({ ok: true, value: { ok: false, problem: 'no_server', serverUrl: null, httpStatus: null } });
  });
});
