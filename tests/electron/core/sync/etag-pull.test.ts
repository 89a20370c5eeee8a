import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../../server/app';
import { DEMO_COUNTER_ID } from '../../../../electron/core/demo';
import { findStaff } from '../../../../electron/core/roster';
import { currentSession } from '../../../../electron/core/sessions';
import { readKioskSettings, readSetting } from '../../../../electron/core/settings';
import { pullConfig, pullRoster } from '../../../../electron/core/sync/etag-pull';
import { deleteSyncState, readSyncState, recentJournal } from '../../../../electron/core/sync/state';
import demoRoster from '../../../../assets/demo/roster.json';
import { enrolledKiosk, recordingFetch } from './enrolled-kiosk';
import { DEMO_OFFICER_ID, startDemoServer } from './helpers';

let server: RunningServer;
beforeAll(async () => {
  server = await startDemoServer();
});
afterAll(() => server.close());
const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function kioskPulling(fetchImpl?: typeof fetch) {
  const recording = recordingFetch();
  const kiosk = await enrolledKiosk(server, { fetch: fetchImpl ?? recording.fetch });
  cleanups.push(() => kiosk.core.close());
  // The enrolment's own run already pulled both: start these tests from a kiosk that never did.
  deleteSyncState(kiosk.db, 'rosterEtag');
  deleteSyncState(kiosk.db, 'configEtag');
  kiosk.db.exec('DELETE FROM sync_journal');
  const logs: string[] = [];
  return {
    ...kiosk,
    calls: recording.calls,
    logs,
    roster: () => pullRoster(kiosk.db, kiosk.requests, kiosk.credentials, kiosk.now, (line) => logs.push(line)),
    config: () => pullConfig(kiosk.db, kiosk.requests, kiosk.credentials, kiosk.now),
  };
}

describe('roster and config, pulled with their ETag', () => {
  it('takes the roster once, then asks with its ETag and gets a 304 that changes nothing', async () => {
    const kiosk = await kioskPulling();
    await kiosk.roster();
    const etag = readSyncState(kiosk.db, 'rosterEtag');
    expect(etag).toBeTruthy();
    await kiosk.roster();
    expect(kiosk.calls.map((c) => c.status)).toEqual([200, 304]);
    expect(kiosk.calls[1]!.headers.get('if-none-match')).toBe(etag);
    expect(recentJournal(kiosk.db).filter((j) => j.kind === 'roster')).toEqual([
      expect.objectContaining({ details: expect.objectContaining({ ok: true, staff: demoRoster.staff.filter((s) => s.unitId === 'bg-ttpvhcc').length }) }),
    ]);
  });

  it('applies a changed roster at once: a deactivated officer on duty here is logged out', async () => {
    const kiosk = await kioskPulling();
    await kiosk.roster();
    const roster = structuredClone(demoRoster) as { staff: { id: string; active: boolean }[] };
    roster.staff.find((s) => s.id === DEMO_OFFICER_ID)!.active = false;
    await server.admin.importRoster(roster);
    cleanups.push(() => server.admin.importRoster(demoRoster));
    await kiosk.roster();
    expect(kiosk.calls.map((c) => c.status)).toEqual([200, 200]);
    expect(currentSession(kiosk.db, DEMO_COUNTER_ID)).toBeNull();
    expect(kiosk.logs).toEqual([`sync: officer ${DEMO_OFFICER_ID} was deactivated by the roster and logged out`]);
  });

  it('applies the settings the server holds for the kiosk, and then asks with the ETag', async () => {
    await server.admin.setConfig('*', { idleTimeoutMs: 45_000 });
    cleanups.push(() => server.admin.setConfig('*', {}));
    const kiosk = await kioskPulling();
    await kiosk.config();
    expect(readKioskSettings(kiosk.db).idleTimeoutMs).toBe(45_000);
    await kiosk.config();
    expect(kiosk.calls.map((c) => c.status)).toEqual([200, 304]);
    expect(recentJournal(kiosk.db)[0]).toMatchObject({ kind: 'config', details: { ok: true, counterChanged: false } });
  });

  it('a counter the config named before the kiosk had the roster that holds it is taken at the next roster pull', async () => {
    const kiosk = await kioskPulling();
    const assigned = readSetting<string>(kiosk.db, 'counterId')!;
    expect(assigned).toBeTruthy();
    // As right after enrolment: no counter taken yet, and a roster that does not hold it.
    kiosk.db.exec('DELETE FROM staff_sessions');
    kiosk.db.prepare("DELETE FROM settings WHERE key = 'counterId'").run();
    kiosk.db.prepare('DELETE FROM counters WHERE id = ?').run(assigned);
    await kiosk.config();
    expect(readSetting<string>(kiosk.db, 'counterId')).toBeUndefined();
    await kiosk.roster();
    expect(readSetting<string>(kiosk.db, 'counterId')).toBe(assigned);
    expect(recentJournal(kiosk.db)[0]).toMatchObject({ kind: 'roster', details: { ok: true, counterAssigned: true } });
  });

  it('applies the rest of a roster with a row it cannot take, keeps its ETag, and journals and keeps for the heartbeat what it left out', async () => {
    const withBadRow = {
      ...demoRoster,
      counters: [...demoRoster.counters, { id: 'x-q01', unitId: 'no-such-unit', name: 'Quầy X', deskRole: 'reception' }],
      staff: demoRoster.staff.map((s) => (s.id === 'st-000105' ? { ...s, title: 'Phó trưởng phòng' } : s)),
      serverTime: Date.now(),
    };
    const kiosk = await kioskPulling(async (input, init) =>
      String(input).endsWith('/roster')
        ? new Response(JSON.stringify(withBadRow), { status: 200, headers: { etag: '"v2"', 'content-type': 'application/json' } })
        : fetch(input, init),
    );
    await kiosk.roster();
    expect(readSyncState(kiosk.db, 'rosterEtag')).toBe('"v2"');
    expect(findStaff(kiosk.db, 'st-000105')?.title).toBe('Phó trưởng phòng');
    expect(kiosk.db.prepare("SELECT count(*) AS n FROM counters WHERE id = 'x-q01'").get()).toEqual({ n: 0 });
    expect(readSyncState(kiosk.db, 'rosterProblems')).toEqual([{ reason: 'counter_unknown_unit' }]);
    expect(recentJournal(kiosk.db)[0]).toMatchObject({ kind: 'roster', details: { ok: true, problems: [{ reason: 'counter_unknown_unit' }] } });
  });

  it('journals an answer that is not a roster at all, changes nothing, keeps no ETag (asks again next time), and does not fail the run', async () => {
    const kiosk = await kioskPulling(async (input, init) =>
      String(input).endsWith('/roster')
        ? new Response(JSON.stringify({ units: 'all of them', serverTime: Date.now() }), { status: 200, headers: { etag: '"v2"', 'content-type': 'application/json' } })
        : fetch(input, init),
    );
    const countersBefore = kiosk.db.prepare('SELECT count(*) AS n FROM counters').get();
    await kiosk.roster();
    expect(readSyncState(kiosk.db, 'rosterEtag')).toBeUndefined();
    expect(kiosk.db.prepare('SELECT count(*) AS n FROM counters').get()).toEqual(countersBefore);
    expect(recentJournal(kiosk.db)[0]).toMatchObject({ kind: 'roster', details: { ok: false, status: 200 } });
  });

  it('journals an answer that is not protocol v1, keeping no ETag', async () => {
    const kiosk = await kioskPulling(async (input, init) =>
      String(input).endsWith('/config')
        ? new Response(JSON.stringify({ settings: { idleTimeoutMs: 'soon' }, serverTime: Date.now() }), { status: 200, headers: { etag: '"v3"' } })
        : fetch(input, init),
    );
    await kiosk.config();
    expect(readSyncState(kiosk.db, 'configEtag')).toBeUndefined();
    expect(readKioskSettings(kiosk.db).idleTimeoutMs).toBe(30_000);
    expect(recentJournal(kiosk.db)[0]).toMatchObject({ kind: 'config', details: { ok: false, status: 200 } });
  });
});
