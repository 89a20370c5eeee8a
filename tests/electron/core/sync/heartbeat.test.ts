import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../../server/app';
import { setStaffPin } from '../../../../electron/core/staff-login/pin';
import { cleanForServer, sendHeartbeat } from '../../../../electron/core/sync/heartbeat';
import { readSyncState } from '../../../../electron/core/sync/state';
import type { SyncStatus } from '../../../../shared/sync-status';
import { enrolledKiosk } from './enrolled-kiosk';
import { rateMany, startDemoServer } from './helpers';

let server: RunningServer;
beforeAll(async () => {
  server = await startDemoServer();
});
afterAll(() => server.close());
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function kioskReporting() {
  const kiosk = await enrolledKiosk(server);
  cleanups.push(() => kiosk.core.close());
  const report = (status: SyncStatus) =>
    sendHeartbeat(kiosk.db, kiosk.requests, kiosk.credentials, { appVersion: '0.2.0-test', status, now: kiosk.now });
  const onFleetList = async () => (await server.admin.listDevices()).find((d) => d.deviceId === kiosk.credentials.deviceId)!;
  return { ...kiosk, report, onFleetList };
}

describe('the heartbeat', () => {
  it('shows the fleet list the kiosk’s version, backlog, oldest pending rating and clock offset', async () => {
    const kiosk = await kioskReporting();
    rateMany(kiosk.core, 3);
    const status = kiosk.engine.status();
    await kiosk.report(status);
    expect(await kiosk.onFleetList()).toMatchObject({
      appVersion: '0.2.0-test',
      pendingCount: 3,
      oldestPendingAgeMs: status.oldestPendingAgeMs,
      clockOffsetMs: status.clockOffsetMs,
      lastError: null,
    });
    expect(readSyncState(kiosk.db, 'lastHeartbeatAt')).toBeGreaterThan(0);
  });

  it('reports an error of the last interval, as clean text, and not again once reported', async () => {
    const kiosk = await kioskReporting();
    const failing: SyncStatus = { ...kiosk.engine.status(), lastError: { at: Date.now(), message: 'batch: network error\n(ECONNRESET)\u0007', code: 'network' } };
    await kiosk.report(failing);
    expect((await kiosk.onFleetList()).lastError).toBe('batch: network error (ECONNRESET) ');
    // The same error, older than the last heartbeat: the fleet list no longer shows it.
    await kiosk.report(failing);
    expect((await kiosk.onFleetList()).lastError).toBeNull();
  });

  it('tells IT staff how many staff logins were refused at the kiosk in the last day', async () => {
    const kiosk = await kioskReporting();
    setStaffPin(kiosk.db, 'st-000106', '135790', Date.now());
    for (const code of ['BG-26-999998', 'BG-26-999999', '%%%']) kiosk.core.call('scanBadge', { code });
    for (const pin of ['000000', '111111']) kiosk.core.call('loginWithPin', { staffId: 'st-000106', pin });
    await kiosk.report(kiosk.engine.status());
    expect((await kiosk.onFleetList()).failedLogins).toEqual({ badges: 3, pins: 2 });
  });

  it('sends at most 500 characters of an error', () => {
    expect(cleanForServer('x'.repeat(600))).toHaveLength(500);
  });
});
