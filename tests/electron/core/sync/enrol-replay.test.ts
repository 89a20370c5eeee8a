import { afterEach, describe, expect, it } from 'vitest';
import { readSyncState } from '../../../../electron/core/sync/state';
import { FileSecretStore, type SecretStore } from '../../../../electron/core/sync/secret-store';
import { startFaultProxy } from '../../../sync/fault-proxy';
import { tempDir } from '../helpers';
import { DEMO_UNIT_ID, enrolmentCode, eventually, rateMany, serverRatingIds, startDemoServer, syncKiosk } from './helpers';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(kioskOptions: Parameters<typeof syncKiosk>[0] = {}) {
  const server = await startDemoServer();
  cleanups.push(() => server.close());
  const proxy = await startFaultProxy({ upstreamPort: server.port });
  cleanups.push(() => proxy.close());
  const kiosk = syncKiosk(kioskOptions);
  cleanups.push(() => kiosk.core.close());
  return { server, proxy, ...kiosk };
}

async function unitDevices(server: Awaited<ReturnType<typeof startDemoServer>>) {
  return (await server.admin.listDevices()).filter((d) => d.unitId === DEMO_UNIT_ID);
}

describe('enrolment whose answer is lost', () => {
  it('keeps the pending enrolment and its requestId when the answer is cut after the server committed, and ends enrolled with one device', async () => {
    const { server, proxy, core, engine } = await setup();
    proxy.setRates({}, ['cut_after_commit']);
    expect(core.call('enrollDevice', { serverUrl: proxy.url, enrollmentCode: await enrolmentCode(server) }).ok).toBe(true);
    const db = core.database!;
    const requestId = readSyncState(db, 'pendingEnrolment')?.requestId;
    expect(requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);

    await engine.syncNow();
    expect(proxy.counts.cut_after_commit).toBe(1);
    // The server made the device, the kiosk never heard it: the enrolment stays pending, same requestId.
    expect(await unitDevices(server)).toHaveLength(1);
    expect(engine.status()).toMatchObject({ enrolled: false, enrolment: { pending: true } });
    expect(readSyncState(db, 'pendingEnrolment')?.requestId).toBe(requestId);

    await engine.syncNow();
    const status = engine.status();
    expect(status).toMatchObject({ enrolled: true, enrolment: { pending: false, error: null } });
    const devices = await unitDevices(server);
    expect(devices).toHaveLength(1);
    expect(readSyncState(db, 'serverDeviceId')).toBe(devices[0]!.deviceId);

    // The replayed secret is the real one: ratings are accepted.
    const thanked = rateMany(core, 3);
    await engine.syncNow();
    expect(await serverRatingIds(server)).toEqual([...thanked].sort());
  });

  it('retries by itself with backoff, and a kiosk that failed to keep the secret gets the same device again', async () => {
    const dataDir = tempDir('kiosk-sync-');
    const store = new FileSecretStore(dataDir);
    let failWrites = 1;
    const secrets: SecretStore = {
      description: store.description,
      read: () => store.read(),
      clear: () => store.clear(),
      write: async (secret) => {
        if (failWrites-- > 0) throw new Error('disk full');
        return store.write(secret);
      },
    };
    const { server, proxy, core, engine } = await setup({ dataDir, sync: { autoSync: true, backoffScale: 0.01, secrets } });
    proxy.setRates({}, ['cut_after_commit', 'status_500', 'reset']);
    expect(core.call('enrollDevice', { serverUrl: proxy.url, enrollmentCode: await enrolmentCode(server) }).ok).toBe(true);
    await eventually(() => engine.status().enrolled, 'enrolled', 20_000);
    expect(proxy.counts).toMatchObject({ cut_after_commit: 1, status_500: 1, reset: 1 });
    const devices = await unitDevices(server);
    expect(devices).toHaveLength(1);
    expect(readSyncState(core.database!, 'serverDeviceId')).toBe(devices[0]!.deviceId);
  });
});
