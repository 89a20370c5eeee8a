/**
 * An officer sets their own PIN at the kiosk (issue 11): only in the session of their badge login,
 * only with their own badge scanned again, never for a PIN session or a staff id the renderer
 * names; audited without the PIN, stored and queued for the server as a salted hash only.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { recentAudit } from '../../../../electron/core/audit';
import type { KioskCore } from '../../../../electron/core/kiosk-core';
import { OWN_PIN_CHANGES_PER_HOUR, setStaffPin, verifyPin } from '../../../../electron/core/staff-login/pin';
import type { Result } from '../../../../shared/result';
import type { OwnPinOutcome, StaffLoginOutcome } from '../../../../shared/staff-login';
import { demoCore } from '../helpers';

const START = Date.parse('2026-11-20T08:00:00+07:00');
const HER_BADGE = 'BG-26-000101';

const cores: KioskCore[] = [];
afterEach(() => {
  for (const core of cores.splice(0)) core.close();
});

/** The demo kiosk with its officer, Nguyễn Thị Thu Hà (st-000101), logged in again with her badge. */
function setup() {
  const clock = { now: START };
  const { core } = demoCore({ now: () => clock.now });
  cores.push(core);
  const db = core.database!;
  const call = <T>(method: string, payload?: unknown) => core.call(method, payload) as Result<T>;
  const kiosk = {
    core,
    db,
    clock,
    scan: (code: string) => call<StaffLoginOutcome>('scanBadge', { code }),
    setOwnPin: (pin: string | null, badge = HER_BADGE) => call<OwnPinOutcome>('setOwnPin', { badge, pin }),
    pinHash: (staffId = 'st-000101') => (db.prepare('SELECT pin_hash AS h FROM staff WHERE id = ?').get(staffId) as { h: string | null }).h,
    uploads: () => db.prepare('SELECT staff_id AS staffId, pin_hash AS hash, set_at AS setAt FROM pin_uploads ORDER BY staff_id').all() as { staffId: string; hash: string | null; setAt: number }[],
    advance: (ms: number) => (clock.now += ms),
  };
  // The demo opens her session without a badge: end it, then her badge logs her in.
  expect(call('logout', { proof: { badge: HER_BADGE } }).ok).toBe(true);
  kiosk.advance(1_000);
  expect(kiosk.scan(HER_BADGE)).toMatchObject({ ok: true, value: { action: 'login' } });
  kiosk.advance(1_000);
  return kiosk;
}

function reason(result: Result<unknown>): string | undefined {
  expect(result.ok).toBe(false);
  return result.ok ? undefined : result.error.reason;
}

describe('an officer sets their own PIN after a badge login', () => {
  it('the kiosk state says the session is a badge login, so the screen offers it', () => {
    const kiosk = setup();
    const state = kiosk.core.call('getKioskState', undefined);
    expect(state.ok && state.value.officer).toMatchObject({ staffId: 'st-000101', loginMethod: 'badge' });
  });

  it('sets the PIN with her own badge scanned again: stored salted and hashed, and she logs in with it', () => {
    const kiosk = setup();
    expect(kiosk.setOwnPin('482915')).toEqual({ ok: true, value: { fullName: 'Nguyễn Thị Thu Hà', hasPin: true } });
    const stored = kiosk.pinHash()!;
    expect(stored).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(stored).not.toContain('482915');
    expect(verifyPin('482915', stored)).toBe(true);

    // Her PIN now logs her in (after a logout with the badge).
    kiosk.advance(5_000);
    expect(kiosk.scan(HER_BADGE)).toMatchObject({ ok: true, value: { action: 'logout' } });
    kiosk.advance(1_000);
    const login = kiosk.core.call('loginWithPin', { staffId: 'st-000101', pin: '482915' });
    expect(login).toMatchObject({ ok: true, value: { action: 'login', officer: { staffId: 'st-000101', loginMethod: 'pin' } } });
  });

  it('is audited with her as the actor, never with the PIN or its hash', () => {
    const kiosk = setup();
    kiosk.setOwnPin('482915');
    const entry = recentAudit(kiosk.db, 1)[0]!;
    expect(entry).toMatchObject({ actor: 'staff:st-000101', action: 'pin_set', details: { staffId: 'st-000101', via: 'own' } });
    const everything = JSON.stringify(kiosk.db.prepare('SELECT * FROM audit_log').all());
    expect(everything).not.toContain('482915');
    expect(everything).not.toContain(kiosk.pinHash()!.split('$')[5]!);
    expect(everything).not.toContain(HER_BADGE);
  });

  it('queues only the hash for the server, with one row per officer: the newest change replaces an unsent one', () => {
    const kiosk = setup();
    kiosk.setOwnPin('482915');
    const first = kiosk.uploads();
    expect(first).toEqual([{ staffId: 'st-000101', hash: kiosk.pinHash(), setAt: kiosk.clock.now }]);
    expect(JSON.stringify(first)).not.toContain('482915');
    kiosk.advance(60_000);
    expect(kiosk.setOwnPin(null)).toEqual({ ok: true, value: { fullName: 'Nguyễn Thị Thu Hà', hasPin: false } });
    expect(kiosk.pinHash()).toBeNull();
    expect(kiosk.uploads()).toEqual([{ staffId: 'st-000101', hash: null, setAt: kiosk.clock.now }]);
    expect(recentAudit(kiosk.db, 1)[0]).toMatchObject({ actor: 'staff:st-000101', action: 'pin_cleared' });
  });

  it('dates the change on the server’s clock as the kiosk estimates it', () => {
    const kiosk = setup();
    kiosk.db.prepare('UPDATE device_state SET clock_offset_ms = ? WHERE id = 1').run(-42_000);
    kiosk.setOwnPin('482915');
    expect(kiosk.uploads()[0]!.setAt).toBe(kiosk.clock.now - 42_000);
  });
});

describe('who may not set a PIN', () => {
  it('not in a session opened with a PIN: a PIN login never changes the PIN, even with the badge', () => {
    const kiosk = setup();
    setStaffPin(kiosk.db, 'st-000101', '135790', kiosk.clock.now);
    kiosk.advance(5_000);
    kiosk.scan(HER_BADGE); // logs her out
    kiosk.advance(1_000);
    expect(kiosk.core.call('loginWithPin', { staffId: 'st-000101', pin: '135790' }).ok).toBe(true);
    const before = kiosk.pinHash();
    expect(reason(kiosk.setOwnPin('482915'))).toBe('not_badge_session');
    expect(kiosk.pinHash()).toBe(before);
    expect(kiosk.uploads()).toEqual([]);
    expect(recentAudit(kiosk.db, 1)[0]).toMatchObject({ action: 'pin_change_refused', details: { reason: 'not_badge_session', staffId: 'st-000101' } });
  });

  it('not without a session: nobody logged in', () => {
    const kiosk = setup();
    kiosk.advance(5_000);
    kiosk.scan(HER_BADGE);
    const result = kiosk.setOwnPin('482915');
    expect(result).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(kiosk.pinHash()).toBeNull();
  });

  it('not with a colleague’s badge, nor with garbage: the core takes the officer of its session, and the badge must be hers', () => {
    const kiosk = setup();
    expect(reason(kiosk.setOwnPin('482915', 'BG-26-000102'))).toBe('not_the_officer');
    expect(reason(kiosk.setOwnPin('482915', "x' OR 1=1 --"))).toBe('not_a_badge');
    expect(kiosk.pinHash()).toBeNull();
    expect(kiosk.pinHash('st-000102')).toBeNull();
    expect(kiosk.uploads()).toEqual([]);
  });

  it('the renderer cannot name whose PIN: a staff id in the payload is refused by the schema', () => {
    const kiosk = setup();
    const result = kiosk.core.call('setOwnPin', { badge: HER_BADGE, pin: '482915', staffId: 'st-000102' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(kiosk.pinHash('st-000102')).toBeNull();
  });

  it('refuses a PIN that is too short, too long, not digits, or one digit repeated; nothing stored', () => {
    const kiosk = setup();
    for (const pin of ['123', '123456789', '12a4', '']) {
      expect(kiosk.setOwnPin(pin)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    expect(reason(kiosk.setOwnPin('777777'))).toBe('weak_pin');
    expect(kiosk.pinHash()).toBeNull();
    expect(kiosk.uploads()).toEqual([]);
  });

  it('at most a few changes an hour, then she waits', () => {
    const kiosk = setup();
    for (let i = 0; i < OWN_PIN_CHANGES_PER_HOUR; i++) {
      expect(kiosk.setOwnPin(`48291${i}`).ok).toBe(true);
      kiosk.advance(60_000);
    }
    const refused = kiosk.setOwnPin('135790');
    expect(refused).toMatchObject({ ok: false, error: { code: 'rate_limited', reason: 'throttled' } });
    expect(verifyPin(`48291${OWN_PIN_CHANGES_PER_HOUR - 1}`, kiosk.pinHash()!)).toBe(true);
    kiosk.advance(refused.ok ? 0 : refused.error.retryAfterMs!);
    expect(kiosk.setOwnPin('135790').ok).toBe(true);
  });
});
