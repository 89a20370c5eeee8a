import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../../server/app';
import { setStaffPin } from '../../../../electron/core/staff-login/pin';
import { findStaff } from '../../../../electron/core/roster';
import { pullRoster } from '../../../../electron/core/sync/etag-pull';
import { cleanForServer, sendHeartbeat } from '../../../../electron/core/sync/heartbeat';
import { HEADER_SERVER_SIGNATURE } from '../../../../shared/protocol';
import { deleteSyncState, readSyncState } from '../../../../electron/core/sync/state';
import type { SyncStatus } from '../../../../shared/sync-status';
import { enrolledKiosk, type EnrolledKioskOptions } from './enrolled-kiosk';
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

async function kioskReporting(options: EnrolledKioskOptions = {}) {
  const kiosk = await enrolledKiosk(server, options);
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

  it('a roster with two officers sharing a badge: the kiosk applies the rest and keeps rating, and the server shows the error until it is fixed', async () => {
    // What an import that made an officer twice sends: st-000103's badge also given to st-000102.
    let sameBadge = true;
    const kiosk = await kioskReporting({
      fetch: async (input, init) => {
        const answer = await fetch(input, init);
        if (!sameBadge || !String(input).endsWith('/roster') || answer.status !== 200) return answer;
        const roster = (await answer.json()) as { badges: { staff: { staffId: string; badgeHash: string }[] } };
        const taken = roster.badges.staff.find((m) => m.staffId === 'st-000103')!.badgeHash;
        roster.badges.staff.find((m) => m.staffId === 'st-000102')!.badgeHash = taken;
        const headers = new Headers(answer.headers);
        headers.delete(HEADER_SERVER_SIGNATURE);
        headers.set('etag', '"made-up"');
        return new Response(JSON.stringify(roster), { status: 200, headers });
      },
    });
    const pull = () => pullRoster(kiosk.db, kiosk.requests, kiosk.credentials, kiosk.now, () => {});
    deleteSyncState(kiosk.db, 'rosterEtag'); // the roster of its enrolment is applied already
    await pull();
    expect(findStaff(kiosk.db, 'st-000104')?.active).toBe(true);
    rateMany(kiosk.core, 1);
    await kiosk.report(kiosk.engine.status());
    expect(await kiosk.onFleetList()).toMatchObject({
      rosterProblems: [
        { staffId: 'st-000102', reason: 'duplicate_badge' },
        { staffId: 'st-000103', reason: 'duplicate_badge' },
      ],
      openAlerts: ['roster_not_applied'],
    });

    // HR fixed the roster: the next pull applies it whole, and the next heartbeat says so.
    sameBadge = false;
    await pull();
    await kiosk.report(kiosk.engine.status());
    expect(await kiosk.onFleetList()).toMatchObject({ rosterProblems: [], openAlerts: [] });
  });

  it('sends at most 500 characters of an error', () => {
    expect(cleanForServer('x'.repeat(600))).toHaveLength(500);
  });
});
