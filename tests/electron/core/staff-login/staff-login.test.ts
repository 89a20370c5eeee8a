import { afterEach, describe, expect, it } from 'vitest';
import { recentAudit } from '../../../../electron/core/audit';
import type { KioskCore } from '../../../../electron/core/kiosk-core';
import { updateKioskSettings } from '../../../../electron/core/settings';
import { hashPin, setStaffPin, verifyPin } from '../../../../electron/core/staff-login/pin';
import { failedLoginsInLastDay } from '../../../../electron/core/staff-login/login-failures';
import { PIN_FIRST_WAIT_MS, PIN_FREE_ATTEMPTS, PIN_MAX_WAIT_MS, pinWait } from '../../../../electron/core/staff-login/pin-throttle';
import { REPEAT_SCAN_GRACE_MS } from '../../../../electron/core/staff-login/staff-login';
import type { KioskState, SubmittedRating } from '../../../../shared/contract';
import type { Result } from '../../../../shared/result';
import type { MyFigures, StaffLoginOutcome, StaffProof, StaffSearchHit } from '../../../../shared/staff-login';
import dirty from '../../../fixtures/roster-dirty-inputs.json';
import { demoCore, draft } from '../helpers';

const vn = (iso: string) => Date.parse(`${iso}+07:00`);
const START = vn('2026-11-20T08:00:00');
/** The badge of the demo's officer on duty, st-000101: what proves a staff action is theirs. */
const DEMO_BADGE: StaffProof = { badge: 'BG-26-000101' };

const cores: KioskCore[] = [];
afterEach(() => {
  for (const core of cores.splice(0)) core.close();
});

/** The demo kiosk (counter ttpvhcc-q01, st-000101 logged in at START) on a clock the test moves. */
function setup() {
  const clock = { now: START };
  const made = demoCore({ now: () => clock.now });
  cores.push(made.core);
  const { core } = made;
  const call = <T>(method: string, payload?: unknown) => core.call(method, payload) as Result<T>;
  return {
    core,
    clock,
    db: core.database!,
    state: () => value(call<KioskState>('getKioskState')),
    scan: (code: string) => call<StaffLoginOutcome>('scanBadge', { code }),
    pin: (staffId: string, pin: string) => call<StaffLoginOutcome>('loginWithPin', { staffId, pin }),
    /** Logs out by hand, proved by default with the demo officer's own badge. */
    logout: (proof: StaffProof = DEMO_BADGE) => call<StaffLoginOutcome>('logout', { proof }),
    search: (query: string) => call<StaffSearchHit[]>('searchStaff', { query }),
    figures: (proof: StaffProof = DEMO_BADGE) => call<MyFigures>('getMyFigures', { proof }),
    rate: (score: 1 | 2 | 3) => call<SubmittedRating>('submitRating', draft(score)),
    finish: (id: string) => call<SubmittedRating>('finishRating', { id }),
    advance: (ms: number) => (clock.now += ms),
  };
}

function value<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.value;
}

function refusedReason(result: Result<unknown>): string | undefined {
  expect(result.ok).toBe(false);
  return result.ok ? undefined : result.error.reason;
}

/** Everything a refused login must leave as it was. */
function snapshot(db: NonNullable<KioskCore['database']>) {
  return {
    staff: db.prepare('SELECT * FROM staff ORDER BY id').all(),
    sessions: db.prepare('SELECT * FROM staff_sessions ORDER BY id').all(),
    ratings: db.prepare('SELECT * FROM ratings ORDER BY seq').all(),
    settings: db.prepare('SELECT * FROM settings ORDER BY key').all(),
  };
}

describe('badge scans of the fixture (roster-dirty-inputs.json badgeScans)', () => {
  for (const scanCase of dirty.badgeScans) {
    it(`${JSON.stringify(scanCase.input)} → ${scanCase.expect ?? 'refused'}${scanCase.note ? ` (${scanCase.note})` : ''}`, () => {
      const kiosk = setup();
      value(kiosk.logout());
      kiosk.advance(1000);
      const before = snapshot(kiosk.db);
      const result = kiosk.scan(scanCase.input);
      if (scanCase.expect) {
        const outcome = value(result);
        expect(outcome).toMatchObject({ action: 'login', officer: { staffId: scanCase.expect } });
        expect(kiosk.state().officer?.staffId).toBe(scanCase.expect);
      } else {
        expect(result.ok).toBe(false);
        if (!result.ok) {
          expect(result.error.code).toBe('refused');
          expect(result.error.message).toMatch(/badge|active/);
          expect(['not_a_badge', 'unknown_badge', 'inactive']).toContain(result.error.reason);
        }
        expect(snapshot(kiosk.db)).toEqual(before);
        expect(kiosk.state().officer).toBeNull();
        expect(recentAudit(kiosk.db, 1)[0]).toMatchObject({ action: 'login_refused' });
      }
    });
  }

  it('names the reason: inactive, unknown, not a badge', () => {
    const kiosk = setup();
    expect(refusedReason(kiosk.scan('BG-26-010299'))).toBe('inactive');
    expect(refusedReason(kiosk.scan('BG-26-999999'))).toBe('unknown_badge');
    expect(refusedReason(kiosk.scan("'; DROP TABLE staff;--"))).toBe('not_a_badge');
    expect(refusedReason(kiosk.scan('B'))).toBe('not_a_badge');
  });
});

describe('bad scans are refused and change nothing', () => {
  const cases: [string, string][] = [
    ['garbage', '%%##@@!!'],
    ['a partial scan', 'BG-26-0001'],
    ['a long burst', 'BG-26-000101'.repeat(8)],
    ['control characters', 'BG-26-\u0000000101'],
    ['an escape sequence', '\u001b[31mBG-26-000101'],
    ['SQL', "BG-26-000101' OR '1'='1"],
    ['an empty scan', '\r\n'],
  ];
  for (const [name, code] of cases) {
    it(`${name}`, () => {
      const kiosk = setup();
      const before = snapshot(kiosk.db);
      const result = kiosk.scan(code);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(['not_a_badge', 'unknown_badge']).toContain(result.error.reason);
      expect(snapshot(kiosk.db)).toEqual(before);
      expect(kiosk.state().officer?.staffId).toBe('st-000101');
    });
  }

  it('refuses a scan longer than any badge before looking at it', () => {
    const kiosk = setup();
    const result = kiosk.scan('A'.repeat(257));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('invalid_input');
  });
});

describe('session rules at the counter', () => {
  it('a scan logs the officer in here, ending the session open at this counter', () => {
    const kiosk = setup();
    const first = kiosk.state().officer!;
    kiosk.advance(60_000);
    const outcome = value(kiosk.scan('BG-26-000102\r'));
    expect(outcome).toMatchObject({ action: 'login', replacedStaffId: 'st-000101', officer: { staffId: 'st-000102', fullName: 'Trần Văn Đức' } });
    const sessions = kiosk.db.prepare('SELECT id, staff_id, ended_at, end_reason FROM staff_sessions ORDER BY started_at').all();
    expect(sessions).toEqual([
      { id: first.staffSessionId, staff_id: 'st-000101', ended_at: START + 60_000, end_reason: 'replaced' },
      { id: expect.any(String), staff_id: 'st-000102', ended_at: null, end_reason: null },
    ]);
    const rating = value(kiosk.rate(3));
    const stored = kiosk.db.prepare('SELECT staff_id, staff_session_id FROM ratings WHERE id = ?').get(rating.id);
    expect(stored).toEqual({ staff_id: 'st-000102', staff_session_id: outcome.action === 'login' ? outcome.officer.staffSessionId : '' });
  });

  it('the same badge again logs out, and rating turns off', () => {
    const kiosk = setup();
    value(kiosk.scan('BG-26-000102'));
    kiosk.advance(REPEAT_SCAN_GRACE_MS + 1);
    expect(value(kiosk.scan('bg-26-000102\n'))).toEqual({ action: 'logout', staffId: 'st-000102', fullName: 'Trần Văn Đức', reason: 'same_badge' });
    const state = kiosk.state();
    expect(state.officer).toBeNull();
    expect(state.ratingEnabled).toBe(false);
    expect(kiosk.rate(3)).toMatchObject({ ok: false, error: { code: 'rating_disabled' } });
  });

  it('a double read of the badge just scanned does not log out', () => {
    const kiosk = setup();
    value(kiosk.scan('BG-26-000102'));
    kiosk.advance(300);
    expect(value(kiosk.scan('BG-26-000102'))).toMatchObject({ action: 'login', alreadyLoggedIn: true });
    expect(kiosk.state().officer?.staffId).toBe('st-000102');
  });

  it('refuses staff of another unit', () => {
    const kiosk = setup();
    expect(refusedReason(kiosk.scan('BG-26-010201'))).toBe('other_unit');
    expect(kiosk.state().officer?.staffId).toBe('st-000101');
  });

  it('audits every login, logout and refusal without the badge code', () => {
    const kiosk = setup();
    value(kiosk.scan('BG-26-000102'));
    kiosk.scan('BG-26-999999');
    kiosk.advance(5_000);
    value(kiosk.scan('BG-26-000102'));
    const actions = recentAudit(kiosk.db, 10)
      .reverse()
      .map((entry) => [entry.action, entry.details.reason ?? entry.details.how ?? null]);
    expect(actions).toEqual([
      ['demo_seeded', null],
      ['login', 'demo'],
      ['logout', 'replaced'],
      ['login', 'badge'],
      ['login_refused', 'unknown_badge'],
      ['logout', 'same_badge'],
    ]);
    const auditText = JSON.stringify(recentAudit(kiosk.db, 100));
    expect(auditText).not.toContain('BG-26');
  });

  it('logs out at the end of the shift; the session ends at that time, and later ratings are refused', () => {
    const kiosk = setup();
    for (const time of ['09:20', '10:40', '11:55']) {
      kiosk.clock.now = vn(`2026-11-20T${time}:00`);
      value(kiosk.rate(3)); // keeps the officer active
    }
    kiosk.clock.now = vn('2026-11-20T12:00:30');
    const state = kiosk.state();
    expect(state.officer).toBeNull();
    expect(state.ratingEnabled).toBe(false);
    expect(kiosk.db.prepare('SELECT ended_at, end_reason FROM staff_sessions').get()).toEqual({
      ended_at: vn('2026-11-20T12:00:00'),
      end_reason: 'end_of_shift',
    });
    expect(recentAudit(kiosk.db, 1)[0]).toMatchObject({ action: 'logout', at: vn('2026-11-20T12:00:00'), details: { reason: 'end_of_shift' } });
  });

  it('ends of shift are settings', () => {
    const kiosk = setup();
    updateKioskSettings(kiosk.db, { staffShiftEndTimes: ['08:30'] }, START);
    kiosk.clock.now = vn('2026-11-20T08:29:00');
    expect(kiosk.state().officer).not.toBeNull();
    kiosk.clock.now = vn('2026-11-20T08:31:00');
    expect(kiosk.state().officer).toBeNull();
  });

  it('logs out after the configured inactivity; ratings and staff actions count as activity', () => {
    const kiosk = setup();
    updateKioskSettings(kiosk.db, { staffIdleLogoutMinutes: 10 }, START);
    kiosk.advance(9 * 60_000);
    value(kiosk.rate(2));
    kiosk.advance(9 * 60_000);
    value(kiosk.figures());
    kiosk.advance(9 * 60_000);
    expect(kiosk.state().officer?.staffId).toBe('st-000101');
    kiosk.advance(2 * 60_000);
    expect(kiosk.state().officer).toBeNull();
    expect(kiosk.db.prepare('SELECT ended_at, end_reason FROM staff_sessions').get()).toEqual({
      ended_at: START + 28 * 60_000,
      end_reason: 'inactivity',
    });
    expect(kiosk.rate(3)).toMatchObject({ ok: false, error: { code: 'rating_disabled' } });
  });

  it('logout ends the session by hand; without a session it says so', () => {
    const kiosk = setup();
    expect(value(kiosk.logout())).toMatchObject({ action: 'logout', staffId: 'st-000101', reason: 'manual' });
    expect(kiosk.logout()).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('a citizen at the staff screen cannot log the officer out: it takes the officer’s own badge or PIN', () => {
    const kiosk = setup();
    setStaffPin(kiosk.db, 'st-000101', '246810', START);
    expect(kiosk.core.call('logout', undefined)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(kiosk.core.call('logout', { proof: {} })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(refusedReason(kiosk.logout({ badge: 'BG-26-000102' }))).toBe('not_the_officer'); // a colleague's badge
    expect(refusedReason(kiosk.logout({ badge: 'BG-26-999999' }))).toBe('unknown_badge');
    expect(refusedReason(kiosk.logout({ badge: "' OR 1=1 --" }))).toBe('not_a_badge');
    expect(refusedReason(kiosk.logout({ pin: '000000' }))).toBe('wrong_pin');
    expect(kiosk.state().officer?.staffId).toBe('st-000101');
    expect(kiosk.state().ratingEnabled).toBe(true);
    expect(value(kiosk.logout({ pin: '246810' }))).toMatchObject({ action: 'logout', staffId: 'st-000101', reason: 'manual' });
  });
});

describe('throttling of repeated failures', () => {
  it('unknown badges, however many, never keep a valid badge out; IT staff see them counted', () => {
    const kiosk = setup();
    for (let i = 0; i < 20; i++) {
      expect(refusedReason(kiosk.scan(`BG-26-99999${i % 10}`))).toBe('unknown_badge');
      kiosk.advance(100);
    }
    expect(value(kiosk.scan('BG-26-000102'))).toMatchObject({ action: 'login', officer: { staffId: 'st-000102' } });
    expect(failedLoginsInLastDay(kiosk.db, kiosk.clock.now)).toEqual({ badges: 20, pins: 0 });
    kiosk.advance(24 * 60 * 60_000);
    expect(failedLoginsInLastDay(kiosk.db, kiosk.clock.now)).toEqual({ badges: 0, pins: 0 });
  });

  it('wrong PINs make only their own officer wait, longer and longer; a colleague’s PIN and every badge still work', () => {
    const kiosk = setup();
    setStaffPin(kiosk.db, 'st-000106', '135790', START);
    setStaffPin(kiosk.db, 'st-000105', '246810', START);
    const waits: number[] = [];
    for (let i = 0; i < PIN_FREE_ATTEMPTS + 4; i++) {
      expect(refusedReason(kiosk.pin('st-000106', '000000'))).toBe('wrong_pin');
      const wait = pinWait(kiosk.db, 'st-000106', kiosk.clock.now);
      waits.push(wait);
      if (wait === 0) continue;
      // During the wait even the right PIN is refused, unchecked, with the time left.
      expect(kiosk.pin('st-000106', '135790')).toMatchObject({ ok: false, error: { code: 'rate_limited', reason: 'throttled', retryAfterMs: wait } });
      kiosk.advance(wait);
    }
    // Mistypes cost nothing, then each wait doubles.
    expect(waits).toEqual([0, 0, PIN_FIRST_WAIT_MS, 2 * PIN_FIRST_WAIT_MS, 4 * PIN_FIRST_WAIT_MS, 8 * PIN_FIRST_WAIT_MS, 16 * PIN_FIRST_WAIT_MS]);
    expect(recentAudit(kiosk.db, 1)[0]).toMatchObject({ action: 'login_refused', details: { reason: 'throttled', staffId: 'st-000106' } });

    // Meanwhile a colleague's PIN and the officer's own badge work at this very counter.
    expect(value(kiosk.pin('st-000105', '246810'))).toMatchObject({ action: 'login', officer: { staffId: 'st-000105' } });
    expect(value(kiosk.scan('BG-26-000106'))).toMatchObject({ action: 'login', officer: { staffId: 'st-000106' } });
    expect(failedLoginsInLastDay(kiosk.db, kiosk.clock.now)).toEqual({ badges: 0, pins: PIN_FREE_ATTEMPTS + 4 });

    // After the wait, the right PIN works and the count starts over.
    kiosk.advance(16 * PIN_FIRST_WAIT_MS);
    expect(value(kiosk.pin('st-000106', '135790'))).toMatchObject({ action: 'login', alreadyLoggedIn: true });
    expect(refusedReason(kiosk.pin('st-000106', '000000'))).toBe('wrong_pin');
    expect(value(kiosk.pin('st-000106', '135790'))).toMatchObject({ action: 'login' });
  });

  it('never makes anyone wait longer than the longest wait', () => {
    const kiosk = setup();
    setStaffPin(kiosk.db, 'st-000106', '135790', START);
    for (let i = 0; i < 15; i++) {
      kiosk.advance(PIN_MAX_WAIT_MS);
      expect(refusedReason(kiosk.pin('st-000106', '000000'))).toBe('wrong_pin');
    }
    expect(kiosk.pin('st-000106', '135790')).toMatchObject({ ok: false, error: { code: 'rate_limited', retryAfterMs: PIN_MAX_WAIT_MS } });
  });

  it('survives a restart of the kiosk', () => {
    const clock = { now: START };
    const first = demoCore({ now: () => clock.now });
    setStaffPin(first.core.database!, 'st-000106', '135790', START);
    for (let i = 0; i < PIN_FREE_ATTEMPTS; i++) first.core.call('loginWithPin', { staffId: 'st-000106', pin: '000000' });
    first.core.close();
    const again = demoCore({ now: () => clock.now, dataDir: first.dataDir });
    cores.push(again.core);
    expect(again.core.call('loginWithPin', { staffId: 'st-000106', pin: '135790' })).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    expect(again.core.call('scanBadge', { code: 'BG-26-000106' })).toMatchObject({ ok: true });
  });
});

describe('PIN login (fallback without a badge)', () => {
  it('stores PINs salted and hashed with scrypt', () => {
    const a = hashPin('246810');
    const b = hashPin('246810');
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('246810');
    expect(verifyPin('246810', a)).toBe(true);
    expect(verifyPin('246811', a)).toBe(false);
    expect(verifyPin('246810', 'sha1$whatever')).toBe(false);
    expect(() => hashPin('12a4')).toThrow();
  });

  it('finds one’s own name, enters the PIN and is logged in; a wrong PIN is refused', () => {
    const kiosk = setup();
    setStaffPin(kiosk.db, 'st-000106', '135790', START);
    const hits = value(kiosk.search('khoi'));
    expect(hits).toEqual([
      { staffId: 'st-000106', fullName: 'Đặng Minh Khôi', title: 'Chuyên viên', photo: null, active: true, hasPin: true },
    ]);
    const before = snapshot(kiosk.db);
    expect(refusedReason(kiosk.pin('st-000106', '000000'))).toBe('wrong_pin');
    expect(snapshot(kiosk.db)).toEqual(before);
    expect(value(kiosk.pin('st-000106', '135790'))).toMatchObject({ action: 'login', officer: { staffId: 'st-000106' } });
    expect(recentAudit(kiosk.db, 1)[0]).toMatchObject({ action: 'login', details: { how: 'pin' } });
    expect(JSON.stringify(recentAudit(kiosk.db, 100))).not.toContain('135790');
  });

  it('refuses without a PIN set, for inactive staff, and for a malformed PIN', () => {
    const kiosk = setup();
    expect(refusedReason(kiosk.pin('st-000105', '123456'))).toBe('no_pin');
    setStaffPin(kiosk.db, 'st-010299', '123456', START);
    expect(refusedReason(kiosk.pin('st-010299', '123456'))).toBe('inactive');
    expect(kiosk.pin('st-000105', "1' OR 1=1")).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('makes an officer wait after repeated wrong PINs', () => {
    const kiosk = setup();
    setStaffPin(kiosk.db, 'st-000106', '135790', START);
    for (let i = 0; i < PIN_FREE_ATTEMPTS; i++) {
      kiosk.pin('st-000106', '000000');
      kiosk.advance(1_000);
    }
    expect(kiosk.pin('st-000106', '135790')).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    expect(value(kiosk.scan('BG-26-000106'))).toMatchObject({ action: 'login' }); // the badge still works
  });
});

describe('name search (roster-dirty-inputs.json cases)', () => {
  it('finds every case of the fixture, tone-, case-, đ- and Unicode-form-insensitively', async () => {
    const { searchStaff } = await import('../../../../electron/core/staff-login/search');
    const kiosk = setup();
    for (const searchCase of dirty.cases) {
      const ids = searchStaff(kiosk.db, searchCase.input, null).map((hit) => hit.staffId);
      const expected = 'expectAll' in searchCase ? searchCase.expectAll! : [searchCase.expect!];
      expect(ids, searchCase.input).toEqual(expect.arrayContaining(expected));
      if ('expect' in searchCase) expect(ids[0], searchCase.input).toBe(searchCase.expect);
    }
  });

  it('marks inactive staff, and the kiosk searches only its own unit', () => {
    const kiosk = setup();
    expect(value(kiosk.search('Trinh Van Cu'))).toEqual([]); // another unit
    expect(value(kiosk.search('NGUYỄN THỊ THU HÀ')).map((hit) => hit.staffId)).toEqual(['st-000101']);
    expect(value(kiosk.search('a'))).toEqual([]); // too short to be a search
    kiosk.db.prepare("UPDATE settings SET value = '\"ln-q01\"' WHERE key = 'counterId'").run();
    expect(value(kiosk.search('Trinh Van Cu'))).toMatchObject([{ staffId: 'st-010299', active: false }]);
  });
});

describe('the officer’s own figures', () => {
  /** Rates and finishes, as one citizen (or the officer tapping for themselves) does. */
  const rateAndFinish = (kiosk: ReturnType<typeof setup>, score: 1 | 2 | 3) => value(kiosk.finish(value(kiosk.rate(score)).id));

  it('counts the officer’s ratings today and this month in Vietnam, and nothing about what citizens chose', () => {
    const kiosk = setup();
    for (const score of [3, 1, 2, 3] as const) rateAndFinish(kiosk, score);
    expect(value(kiosk.figures())).toEqual({ fullName: 'Nguyễn Thị Thu Hà', day: '2026-11-20', today: 4, month: '2026-11', thisMonth: 4 });
  });

  it('four known self-ratings cannot reveal the next citizen’s choice: the figures are the same whatever the citizen chose', () => {
    // The attack of the review: the officer taps four ratings whose scores they know, one citizen
    // rates, and the officer compares the figures before and after — that day and the next.
    const seen = ([1, 3] as const).map((citizensChoice) => {
      const kiosk = setup();
      for (let i = 0; i < 4; i++) rateAndFinish(kiosk, 3);
      const before = value(kiosk.figures());
      kiosk.advance(60_000);
      rateAndFinish(kiosk, citizensChoice);
      const after = value(kiosk.figures());
      kiosk.clock.now = vn('2026-11-21T07:30:00');
      value(kiosk.scan('BG-26-000101')); // the officer back the next morning
      const nextDay = value(kiosk.figures());
      return { before, after, nextDay };
    });
    expect(seen[0]).toEqual(seen[1]);
    expect(seen[0]!.after).toEqual({ ...seen[0]!.before, today: 5, thisMonth: 5 });
    expect(seen[0]!.nextDay).toMatchObject({ today: 0, thisMonth: 5 });
  });

  it('needs the officer’s own PIN or badge', () => {
    const kiosk = setup();
    setStaffPin(kiosk.db, 'st-000101', '246810', START);
    expect(kiosk.core.call('getMyFigures', undefined)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(refusedReason(kiosk.figures({ badge: 'BG-26-000102' }))).toBe('not_the_officer');
    expect(refusedReason(kiosk.figures({ pin: '000000' }))).toBe('wrong_pin');
    expect(value(kiosk.figures({ pin: '246810' })).today).toBe(0);
  });

  it('never while a citizen is rating, and never without an officer', () => {
    const kiosk = setup();
    const open = value(kiosk.rate(3));
    expect(kiosk.figures()).toMatchObject({ ok: false, error: { code: 'refused', reason: 'citizen_rating' } });
    value(kiosk.finish(open.id));
    expect(value(kiosk.figures()).today).toBe(1);
    value(kiosk.logout());
    expect(kiosk.figures()).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('starts a new day at midnight in Vietnam', () => {
    const kiosk = setup();
    updateKioskSettings(kiosk.db, { staffShiftEndTimes: [], staffIdleLogoutMinutes: 0 }, START);
    kiosk.clock.now = vn('2026-11-20T23:50:00');
    value(kiosk.finish(value(kiosk.rate(3)).id));
    kiosk.clock.now = vn('2026-11-21T00:10:00');
    expect(value(kiosk.figures())).toMatchObject({ day: '2026-11-21', today: 0, thisMonth: 1 });
    kiosk.clock.now = vn('2026-12-01T00:10:00');
    expect(value(kiosk.figures())).toMatchObject({ month: '2026-12', thisMonth: 0 });
  });
});
