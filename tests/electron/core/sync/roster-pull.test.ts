import { afterEach, describe, expect, it } from 'vitest';
import { recentAudit } from '../../../../electron/core/audit';
import { DEMO_COUNTER_ID } from '../../../../electron/core/demo';
import type { KioskCore } from '../../../../electron/core/kiosk-core';
import { findCounter, findStaff } from '../../../../electron/core/roster';
import { currentSession, startSession } from '../../../../electron/core/sessions';
import { readKioskSettings, readSetting } from '../../../../electron/core/settings';
import { applyServerConfig, applyServerRoster } from '../../../../electron/core/sync/roster-pull';
import type { RosterResponse } from '../../../../shared/protocol';
import demoRoster from '../../../../assets/demo/roster.json';
import { KioskCore as Core } from '../../../../electron/core/kiosk-core';
import { keyedBadgeHash, newBadgeKey } from '../../../../shared/node/badge-hash';
import { BADGE_HASH_SCHEME } from '../../../../shared/protocol';
import { demoCore, draft, tempDir } from '../helpers';
import { DEMO_OFFICER_ID, DEMO_UNIT_ID } from './helpers';

const cores: KioskCore[] = [];
afterEach(() => {
  for (const core of cores.splice(0)) core.close();
});

function kiosk() {
  const { core } = demoCore();
  cores.push(core);
  return { core, db: core.database!, now: Date.now() };
}

/** The roster the server sends this kiosk: its unit's counters and staff, edited by `change`. */
function unitRoster(change: (staff: RosterResponse['staff']) => RosterResponse['staff'] = (staff) => staff): RosterResponse {
  const roster = structuredClone(demoRoster) as unknown as Omit<RosterResponse, 'serverTime'>;
  return {
    units: roster.units.filter((u) => u.id === DEMO_UNIT_ID),
    counters: roster.counters.filter((c) => c.unitId === DEMO_UNIT_ID),
    staff: change(roster.staff.filter((s) => s.unitId === DEMO_UNIT_ID)),
    serverTime: Date.now(),
  };
}

describe('the roster the server sends', () => {
  it('deactivates the unit’s staff it no longer lists, and nobody of other units', () => {
    const { db, now } = kiosk();
    const change = applyServerRoster(db, unitRoster((staff) => staff.filter((s) => s.id !== 'st-000105')), now);
    expect(change).toEqual({ staff: 5, deactivated: 1, loggedOut: null, problems: [] });
    expect(findStaff(db, 'st-000105')?.active).toBe(false);
    expect(findStaff(db, 'st-000104')?.active).toBe(true);
    expect(findStaff(db, 'st-010201')?.active).toBe(true);
    expect(currentSession(db, DEMO_COUNTER_ID)?.staffId).toBe(DEMO_OFFICER_ID);
  });

  it('logs out at once an officer on duty here who is no longer listed, so no rating is made in their name', () => {
    const { core, db, now } = kiosk();
    const change = applyServerRoster(db, unitRoster((staff) => staff.filter((s) => s.id !== DEMO_OFFICER_ID)), now);
    expect(change).toMatchObject({ deactivated: 1, loggedOut: DEMO_OFFICER_ID });
    expect(currentSession(db, DEMO_COUNTER_ID)).toBeNull();
    expect(recentAudit(db).find((a) => a.action === 'logout')).toMatchObject({
      actor: `staff:${DEMO_OFFICER_ID}`,
      details: { reason: 'roster_removed', counterId: DEMO_COUNTER_ID },
    });
    expect(recentAudit(db)[0]).toMatchObject({ action: 'roster_updated', details: { deactivated: 1, loggedOut: DEMO_OFFICER_ID } });
    expect(core.call('submitRating', draft())).toMatchObject({ ok: false, error: { code: 'rating_disabled' } });
  });

  it('logs out an officer on duty here whom the roster lists as inactive', () => {
    const { db, now } = kiosk();
    const change = applyServerRoster(db, unitRoster((staff) => staff.map((s) => (s.id === DEMO_OFFICER_ID ? { ...s, active: false } : s))), now);
    expect(change).toEqual({ staff: 6, deactivated: 0, loggedOut: DEMO_OFFICER_ID, problems: [] });
    expect(currentSession(db, DEMO_COUNTER_ID)).toBeNull();
    expect(lastLogout(db)).toMatchObject({ reason: 'deactivated_by_roster', staffId: DEMO_OFFICER_ID });
  });

  it('leaves the session at another counter alone: only this kiosk’s officer is logged out here', () => {
    const { db, now } = kiosk();
    startSession(db, 'st-000102', 'ttpvhcc-q02', now, 'test');
    const change = applyServerRoster(db, unitRoster((staff) => staff.filter((s) => s.id !== 'st-000102')), now);
    expect(change.loggedOut).toBeNull();
    expect(currentSession(db, DEMO_COUNTER_ID)?.staffId).toBe(DEMO_OFFICER_ID);
  });
});

describe('the config the server sends', () => {
  it('applies its settings and assigns the counter it names, ending the session of the previous one', () => {
    const { db, now } = kiosk();
    const outcome = applyServerConfig(db, { settings: { idleTimeoutMs: 45_000 }, counterId: 'ttpvhcc-q09', serverTime: now }, now);
    expect(outcome).toEqual({ counterChanged: true });
    expect(readSetting(db, 'counterId')).toBe('ttpvhcc-q09');
    expect(readKioskSettings(db).idleTimeoutMs).toBe(45_000);
    expect(currentSession(db, DEMO_COUNTER_ID)).toBeNull();
    const actions = recentAudit(db).map((a) => a.action);
    expect(actions.slice(0, 3)).toEqual(['config_updated', 'counter_assigned', 'logout']);
    expect(recentAudit(db)[1]).toMatchObject({ details: { counterId: 'ttpvhcc-q09', previous: DEMO_COUNTER_ID } });
  });

  it('keeps the counter when the config names the same one, none, or one the roster does not know', () => {
    const { db, now } = kiosk();
    for (const counterId of [DEMO_COUNTER_ID, null, 'no-such-counter']) {
      expect(applyServerConfig(db, { settings: {}, counterId, serverTime: now }, now)).toEqual({ counterChanged: false });
      expect(readSetting(db, 'counterId')).toBe(DEMO_COUNTER_ID);
    }
    expect(currentSession(db, DEMO_COUNTER_ID)?.staffId).toBe(DEMO_OFFICER_ID);
  });

  it('changes nothing when a setting is invalid', () => {
    const { db, now } = kiosk();
    const before = readKioskSettings(db);
    expect(() =>
      applyServerConfig(db, { settings: { idleTimeoutMs: 1 } as never, counterId: 'ttpvhcc-q09', serverTime: now }, now),
    ).toThrow();
    expect(readKioskSettings(db)).toEqual(before);
    expect(readSetting(db, 'counterId')).toBe(DEMO_COUNTER_ID);
  });
});

/** A kiosk enrolled a moment ago: nothing of the roster yet, no counter. */
function freshKiosk() {
  const core = new Core({ dataDir: tempDir(), appVersion: '0.1.0-test', log: () => {} });
  cores.push(core);
  return { core, db: core.database!, now: Date.now() };
}

/** The unit's roster as a server of badge scheme v2 sends it, each officer's badge code given by `codeOf`. */
function keyedRoster(codeOf: (staffId: string) => string) {
  const key = newBadgeKey();
  const roster = unitRoster((staff) => staff.map(({ badgeCode: _hrOnly, ...member }) => member));
  const badges = {
    scheme: BADGE_HASH_SCHEME,
    unitId: DEMO_UNIT_ID,
    key,
    oldBadgesEndAt: null,
    staff: roster.staff.map((member) => ({ staffId: member.id, badgeHash: keyedBadgeHash(key, codeOf(member.id)) })),
  };
  return { ...roster, badges } as RosterResponse;
}
const ownCode = (staffId: string) => `NC-${staffId.slice(3)}-7K2Q`;

describe('a roster that does not apply as a whole', () => {
  it('applies every other row when two officers were sent the same badge: the kiosk takes its counter and rates', () => {
    const { core, db, now } = freshKiosk();
    const shared = 'NC-SHARED-7K2Q';
    const roster = keyedRoster((id) => (id === 'st-000102' || id === 'st-000103' ? shared : ownCode(id)));

    const change = applyServerRoster(db, roster, now);
    applyServerConfig(db, { settings: {}, counterId: DEMO_COUNTER_ID, serverTime: now }, now);

    expect(change.problems).toEqual([
      { staffId: 'st-000102', reason: 'duplicate_badge' },
      { staffId: 'st-000103', reason: 'duplicate_badge' },
    ]);
    expect(findStaff(db, 'st-000104')?.active).toBe(true);
    expect(findStaff(db, 'st-000102')).toBeNull();
    expect(readSetting(db, 'counterId')).toBe(DEMO_COUNTER_ID);
    // The badge that names two officers logs in neither; the others log in and are rated.
    expect(core.call('scanBadge', { code: shared })).toMatchObject({ ok: false });
    expect(core.call('scanBadge', { code: ownCode(DEMO_OFFICER_ID) })).toMatchObject({ ok: true, value: { action: 'login' } });
    expect(core.call('submitRating', draft())).toMatchObject({ ok: true });
  });

  it('keeps an officer it leaves out as the kiosk had them, with their badge, and does not deactivate them', () => {
    const { core, db, now } = freshKiosk();
    const first = keyedRoster(ownCode);
    expect(applyServerRoster(db, first, now).problems).toEqual([]);
    // HR imported st-000102 again under a new id, with the same badge.
    const again = structuredClone(first);
    again.staff.push({ ...again.staff.find((s) => s.id === 'st-000102')!, id: 'st-009999' });
    again.badges!.staff.push({ staffId: 'st-009999', badgeHash: keyedBadgeHash(again.badges!.key, ownCode('st-000102')) });

    const change = applyServerRoster(db, again, now);

    expect(change.problems).toEqual([
      { staffId: 'st-000102', reason: 'duplicate_badge' },
      { staffId: 'st-009999', reason: 'duplicate_badge' },
    ]);
    expect(change.deactivated).toBe(0);
    expect(findStaff(db, 'st-000102')?.active).toBe(true);
    expect(findStaff(db, 'st-009999')).toBeNull();
    writeCounter(db, now);
    expect(core.call('scanBadge', { code: ownCode('st-000102') })).toMatchObject({ ok: true, value: { officer: { staffId: 'st-000102' } } });
  });

  it('leaves out an officer of a unit it does not know and a row it cannot read, naming no one by name', () => {
    const { db, now } = freshKiosk();
    const roster = keyedRoster(ownCode);
    roster.staff[1] = { ...roster.staff[1]!, unitId: 'no-such-unit' };
    (roster.staff as unknown[])[2] = { id: roster.staff[2]!.id, fullName: '' };
    roster.counters.push({ id: 'q-elsewhere', unitId: 'no-such-unit', name: 'Quầy 99', deskRole: 'reception' });

    const change = applyServerRoster(db, roster, now);

    expect(change.problems).toEqual([
      { reason: 'counter_unknown_unit' },
      { staffId: 'st-000103', reason: 'invalid_staff' },
      { staffId: 'st-000102', reason: 'unknown_unit' },
    ]);
    expect(JSON.stringify(change.problems)).not.toMatch(/Nguyễn|Trần|Lê/);
    expect(findStaff(db, DEMO_OFFICER_ID)?.active).toBe(true);
    expect(findCounter(db, DEMO_COUNTER_ID)).not.toBeNull();
  });

  it('applies a roster with no problem whole, answering none', () => {
    const { db, now } = freshKiosk();
    const change = applyServerRoster(db, keyedRoster(ownCode), now);
    expect(change).toEqual({ staff: 6, deactivated: 0, loggedOut: null, problems: [] });
  });
});

describe('a badge reissued while its officer is on duty here', () => {
  const NEW_CODE = 'NC-NEWBADGE-7K2Q';
  /** A kiosk with the unit's keyed roster and its counter; `reissued` is the same roster once the officer's badge was reissued. */
  function onDuty(how: 'badge' | 'pin') {
    const { core, db, now } = freshKiosk();
    const first = keyedRoster(ownCode);
    applyServerRoster(db, first, now);
    writeCounter(db, now);
    if (how === 'badge') expect(core.call('scanBadge', { code: ownCode(DEMO_OFFICER_ID) })).toMatchObject({ ok: true, value: { action: 'login' } });
    else startSession(db, DEMO_OFFICER_ID, DEMO_COUNTER_ID, now, 'pin');
    const reissued = structuredClone(first);
    reissued.badges!.staff.find((m) => m.staffId === DEMO_OFFICER_ID)!.badgeHash = keyedBadgeHash(first.badges!.key, NEW_CODE);
    return { core, db, now, first, reissued, session: currentSession(db, DEMO_COUNTER_ID)! };
  }
  const officerOf = (core: KioskCore) => (core.call('getKioskState', undefined) as { value: { officer: unknown } }).value.officer;

  it('ends at once the session the old badge opened: a logout of its own reason, audited and in the record chain; no rating in their name', () => {
    const { core, db, now, reissued, session } = onDuty('badge');
    const change = applyServerRoster(db, reissued, now + 1_000);
    expect(change).toMatchObject({ deactivated: 0, loggedOut: DEMO_OFFICER_ID });
    expect(currentSession(db, DEMO_COUNTER_ID)).toBeNull();
    expect(officerOf(core)).toBeNull();
    expect(recentAudit(db).find((a) => a.action === 'logout')).toMatchObject({
      actor: `staff:${DEMO_OFFICER_ID}`,
      details: { sessionId: session.id, reason: 'badge_reissued', counterId: DEMO_COUNTER_ID },
    });
    expect(lastLogout(db)).toMatchObject({ session_id: session.id, reason: 'badge_reissued', sent_at: null });
    expect(core.call('submitRating', draft())).toMatchObject({ ok: false, error: { code: 'rating_disabled' } });
    // The thief's scan of the old badge is refused; the officer's new badge logs in.
    expect(core.call('scanBadge', { code: ownCode(DEMO_OFFICER_ID) })).toMatchObject({ ok: false, error: { reason: 'unknown_badge' } });
    expect(core.call('scanBadge', { code: NEW_CODE })).toMatchObject({ ok: true, value: { officer: { staffId: DEMO_OFFICER_ID } } });
  });

  it('keeps the badge session when the roster leaves its badge as it was, or reissues a colleague’s', () => {
    const { db, now, first, session } = onDuty('badge');
    expect(applyServerRoster(db, first, now).loggedOut).toBeNull();
    const colleague = structuredClone(first);
    colleague.badges!.staff.find((m) => m.staffId === 'st-000102')!.badgeHash = keyedBadgeHash(first.badges!.key, NEW_CODE);
    expect(applyServerRoster(db, colleague, now).loggedOut).toBeNull();
    expect(currentSession(db, DEMO_COUNTER_ID)?.id).toBe(session.id);
  });

  it('ends a session the officer opened with their PIN too — a PIN may have been set with the stolen badge', () => {
    const { db, now, reissued, session } = onDuty('pin');
    expect(applyServerRoster(db, reissued, now).loggedOut).toBe(DEMO_OFFICER_ID);
    expect(currentSession(db, DEMO_COUNTER_ID)).toBeNull();
    expect(lastLogout(db)).toMatchObject({ session_id: session.id, reason: 'badge_reissued' });
  });

  it('ends a PIN session when the roster deactivates the officer', () => {
    const { db, now, first, session } = onDuty('pin');
    const inactive = structuredClone(first);
    inactive.staff = inactive.staff.map((s) => (s.id === DEMO_OFFICER_ID ? { ...s, active: false } : s));
    expect(applyServerRoster(db, inactive, now).loggedOut).toBe(DEMO_OFFICER_ID);
    expect(lastLogout(db)).toMatchObject({ session_id: session.id, reason: 'deactivated_by_roster' });
  });

  it('ends the badge session when the roster leaves the officer without any badge', () => {
    const { db, now, first } = onDuty('badge');
    const none = structuredClone(first);
    none.badges!.staff = none.badges!.staff.filter((m) => m.staffId !== DEMO_OFFICER_ID);
    expect(applyServerRoster(db, none, now).loggedOut).toBe(DEMO_OFFICER_ID);
    expect(lastLogout(db)).toMatchObject({ reason: 'badge_reissued' });
  });
});

/** The kiosk's last logout in its record chain (what the server is sent). */
function lastLogout(db: Parameters<typeof applyServerConfig>[0]) {
  return db.prepare(`SELECT session_id, staff_id AS staffId, reason, sent_at FROM session_events WHERE kind = 'logout' ORDER BY seq DESC LIMIT 1`).get();
}

function writeCounter(db: Parameters<typeof applyServerConfig>[0], now: number) {
  applyServerConfig(db, { settings: {}, counterId: DEMO_COUNTER_ID, serverTime: now }, now);
}
