/**
 * An officer's own PIN, set at one kiosk after a badge login, reaches the server and then the
 * unit's other kiosk with the roster — also when it was set while the kiosk was offline and the
 * kiosk restarted before it could send it; a resend changes nothing on the server.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../../server/app';
import type { KioskCore } from '../../../../electron/core/kiosk-core';
import { writeSetting } from '../../../../electron/core/settings';
import type { Result } from '../../../../shared/result';
import type { OwnPinOutcome, StaffLoginOutcome } from '../../../../shared/staff-login';
import { tempDir } from '../helpers';
import { startDemoServer, syncKiosk } from './helpers';

let server: RunningServer;
beforeAll(async () => {
  server = await startDemoServer();
});
afterAll(() => server.close());
const cores: KioskCore[] = [];
afterEach(() => {
  for (const core of cores.splice(0)) core.close();
});

/** Whether the kiosk's network is down: its requests fail as with a cable pulled. */
const network = { down: false };
const kioskFetch: typeof fetch = (input, init) => (network.down ? Promise.reject(new TypeError('fetch failed')) : fetch(input, init));

/** A kiosk of the demo unit at `counterId`, enrolled with the server and holding its roster. */
async function kioskAt(counterId: string, dataDir = tempDir('kiosk-own-pin-'), enrolNow = true) {
  const kiosk = syncKiosk({ dataDir, sync: { fetch: kioskFetch } });
  cores.push(kiosk.core);
  const db = kiosk.core.database!;
  if (enrolNow) {
    writeSetting(db, 'counterId', counterId, Date.now());
    const queued = kiosk.core.call('enrollDevice', { serverUrl: server.url, enrollmentCode: await server.admin.createEnrollmentCode({ unitId: 'bg-ttpvhcc', counterId }) });
    if (!queued.ok) throw new Error(queued.error.message);
    await kiosk.engine.syncNow();
  }
  return {
    ...kiosk,
    db,
    call: <T>(method: string, payload?: unknown) => kiosk.core.call(method, payload) as Result<T>,
    pull: () => kiosk.engine.syncNow({ full: true }),
    queued: () => (db.prepare('SELECT count(*) AS n FROM pin_uploads').get() as { n: number }).n,
  };
}

const badgeOf = async (staffId: string) => (await server.admin.currentBadges('bg-ttpvhcc', [staffId])).badges[0]!.code;

describe('a PIN set at one kiosk reaches the unit’s other kiosks', () => {
  it('set after a badge login at counter 01, it logs the officer in with his PIN at counter 02 after its roster pull', async () => {
    const first = await kioskAt('ttpvhcc-q01');
    const second = await kioskAt('ttpvhcc-q02');
    const badge = await badgeOf('st-000103');
    expect(first.call<StaffLoginOutcome>('scanBadge', { code: badge })).toMatchObject({ ok: true, value: { action: 'login', officer: { staffId: 'st-000103' } } });
    // Before: no PIN anywhere.
    await second.pull();
    expect(second.call('loginWithPin', { staffId: 'st-000103', pin: '482915' })).toMatchObject({ ok: false, error: { reason: 'no_pin' } });

    expect(first.call<OwnPinOutcome>('setOwnPin', { badge, pin: '482915' })).toMatchObject({ ok: true, value: { hasPin: true } });
    await first.pull(); // the run the change kicked, or the next one
    await first.pull();
    expect(first.queued()).toBe(0);

    await second.pull();
    expect(second.call('loginWithPin', { staffId: 'st-000103', pin: '482915' })).toMatchObject({ ok: true, value: { action: 'login', officer: { staffId: 'st-000103', loginMethod: 'pin' } } });
    // Only the hash travelled: the second kiosk holds the first's salted hash, not the PIN.
    const hashes = [first, second].map((k) => (k.db.prepare("SELECT pin_hash AS h FROM staff WHERE id = 'st-000103'").get() as { h: string }).h);
    expect(hashes[0]).toBe(hashes[1]);
    expect(hashes[0]).not.toContain('482915');

    // Removed at the first kiosk: the second refuses the PIN after its pull.
    expect(first.call('setOwnPin', { badge, pin: null })).toMatchObject({ ok: true, value: { hasPin: false } });
    await first.pull();
    await first.pull();
    await second.pull();
    expect(second.call('loginWithPin', { staffId: 'st-000103', pin: '482915' })).toMatchObject({ ok: false, error: { reason: 'no_pin' } });
  });

  it('set offline, kept across a restart, sent when the network is back; a resend after a lost answer changes nothing', async () => {
    const dataDir = tempDir('kiosk-own-pin-offline-');
    const first = await kioskAt('ttpvhcc-q01', dataDir);
    const second = await kioskAt('ttpvhcc-q02');
    const badge = await badgeOf('st-000104');
    expect(first.call('scanBadge', { code: badge })).toMatchObject({ ok: true, value: { action: 'login' } });

    network.down = true;
    try {
      expect(first.call('setOwnPin', { badge, pin: '730264' })).toMatchObject({ ok: true });
      const run = await first.pull();
      expect(run.ok).toBe(false);
      expect(first.queued()).toBe(1);
    } finally {
      network.down = false;
    }
    await second.pull();
    expect(second.call('loginWithPin', { staffId: 'st-000104', pin: '730264' })).toMatchObject({ ok: false, error: { reason: 'no_pin' } });

    // The kiosk restarts (a crash, a power cut) before the network came back: the change is in its database.
    const row = first.db.prepare('SELECT * FROM pin_uploads').get();
    first.core.close();
    cores.splice(cores.indexOf(first.core), 1);
    const restarted = await kioskAt('ttpvhcc-q01', dataDir, false);
    expect(restarted.queued()).toBe(1);
    await restarted.pull();
    expect(restarted.queued()).toBe(0);
    await second.pull();
    expect(second.call('loginWithPin', { staffId: 'st-000104', pin: '730264' })).toMatchObject({ ok: true });

    // The answer was lost (say): the kiosk sends the same change again; the server answers it as stored, and the PIN stays.
    const insert = restarted.db.prepare('INSERT INTO pin_uploads (staff_id, pin_hash, set_at, created_at) VALUES (@staff_id, @pin_hash, @set_at, @created_at)');
    insert.run(row);
    await restarted.pull();
    expect(restarted.queued()).toBe(0);
    expect(restarted.db.prepare("SELECT kind, details FROM sync_journal WHERE kind LIKE 'pin_upload%'").all()).toEqual([]);
    await second.pull();
    expect(second.call('loginWithPin', { staffId: 'st-000104', pin: '730264' })).toMatchObject({ ok: true });
  });
});
