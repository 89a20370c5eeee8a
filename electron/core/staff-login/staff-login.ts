import type { Database } from 'better-sqlite3';
import type { KioskSettings, OfficerOnDuty } from '../../../shared/contract';
import { fail, ok, type ErrorCode, type Result } from '../../../shared/result';
import type { LoginRefusalReason, MyFiguresToday, StaffLoginOutcome, StaffSearchHit } from '../../../shared/staff-login';
import { audit } from '../audit';
import { findCounter, findStaff, type CounterRow, type StaffRow } from '../roster';
import { currentSession, endSession, startSession, type OpenSession } from '../sessions';
import { staffIdForBadge } from './badge-lookup';
import { citizenIsRating, figuresForDay } from './figures';
import { verifyPin } from './pin';
import { searchStaff } from './search';
import { expireSessionIfDue, scheduledSessionEnd, touchSession } from './session-rules';
import {
  COUNTER_LIMIT,
  COUNTER_WINDOW_MS,
  counterScope,
  PIN_LIMIT,
  PIN_WINDOW_MS,
  recordLoginFailure,
  staffScope,
  throttleWait,
} from './throttle';

/**
 * A second scan of the badge that just logged in does not log out: scanners double-read and
 * people scan twice to be sure. After this long, the same badge logs out.
 */
export const REPEAT_SCAN_GRACE_MS = 2_000;

const REFUSAL_MESSAGES: Record<LoginRefusalReason | 'unknown_staff', string> = {
  not_a_badge: 'that scan is not a badge code; nothing was changed',
  unknown_badge: 'no staff member of this roster has that badge; nothing was changed',
  unknown_staff: 'no staff member of this roster has that id; nothing was changed',
  inactive: 'that staff member is no longer active and cannot log in',
  other_unit: 'that staff member belongs to another unit and cannot log in at this counter',
  wrong_pin: 'wrong PIN; nothing was changed',
  no_pin: 'no PIN is set for that staff member; IT staff can set one',
  throttled: 'too many failed logins at this counter; wait and try again',
};

function refusal(reason: LoginRefusalReason | 'unknown_staff', code: ErrorCode = 'refused', retryAfterMs?: number): Result<never> {
  const result = fail(code, REFUSAL_MESSAGES[reason]);
  if (!result.ok) {
    result.error.reason = reason === 'unknown_staff' ? 'unknown_badge' : reason;
    if (retryAfterMs !== undefined) result.error.retryAfterMs = retryAfterMs;
  }
  return result;
}

export function officerOnDuty(staff: StaffRow, session: OpenSession): OfficerOnDuty {
  return {
    staffId: staff.id,
    staffSessionId: session.id,
    fullName: staff.fullName,
    title: staff.title,
    photo: staff.photo,
    since: session.startedAt,
  };
}

type LoginMethod = 'badge' | 'pin';

/**
 * Staff login at this kiosk's counter: the session rules of issue 4, in one place.
 * - A good badge logs its officer in here, ending any other session open at this counter.
 * - The same badge again logs out (after REPEAT_SCAN_GRACE_MS).
 * - Sessions end at the configured end-of-shift times and after the configured inactivity.
 * - Malformed scans, unknown, inactive and other units' badges, wrong PINs are refused, counted
 *   for throttling, and audited; every login and logout is audited (sessions.ts).
 * Each call runs in one transaction: a refusal changes nothing but the failure count and the audit.
 */
export class StaffLogin {
  constructor(
    private readonly db: Database,
    private readonly counterId: () => string | null,
    private readonly settings: () => KioskSettings,
  ) {}

  private counter(): CounterRow | null {
    const id = this.counterId();
    return id ? findCounter(this.db, id) : null;
  }

  /**
   * The earliest moment the open session could be due to end, as last computed. Activity only
   * pushes the inactivity end later and the shift end is fixed per session, so until then nothing
   * can be due: the check on every tap is then one query, not the whole rule.
   */
  private notDueBefore: { sessionId: string; settings: KioskSettings; at: number } | null = null;

  /** Applies end-of-shift and inactivity logouts that are due. Call before the session is used. */
  expireDueSession(now: number): void {
    const counterId = this.counterId();
    if (!counterId) return;
    const settings = this.settings();
    const session = currentSession(this.db, counterId);
    if (!session) return;
    const known = this.notDueBefore;
    if (known && known.sessionId === session.id && known.settings === settings && now < known.at) return;
    const ended = expireSessionIfDue(this.db, counterId, settings, now);
    if (ended) {
      this.notDueBefore = null;
      return;
    }
    const end = scheduledSessionEnd(this.db, session, settings);
    this.notDueBefore = { sessionId: session.id, settings, at: end ? end.at : Infinity };
  }

  private refuse(
    counter: CounterRow,
    method: LoginMethod,
    reason: LoginRefusalReason | 'unknown_staff',
    now: number,
    details: Record<string, unknown> = {},
    failureScopes: string[] = [counterScope(counter.id)],
  ): Result<never> {
    for (const scope of failureScopes) recordLoginFailure(this.db, scope, reason, now);
    audit(this.db, now, 'kiosk', 'login_refused', { counterId: counter.id, method, reason, ...details });
    return refusal(reason);
  }

  /** Refuses with rate_limited when the counter (or the officer, for PINs) is throttled. */
  private throttled(counter: CounterRow, method: LoginMethod, now: number, staffId?: string): Result<never> | null {
    let wait = throttleWait(this.db, counterScope(counter.id), COUNTER_LIMIT, COUNTER_WINDOW_MS, now);
    if (staffId) wait = Math.max(wait, throttleWait(this.db, staffScope(staffId), PIN_LIMIT, PIN_WINDOW_MS, now));
    if (wait === 0) return null;
    audit(this.db, now, 'kiosk', 'login_refused', {
      counterId: counter.id,
      method,
      reason: 'throttled',
      retryAfterMs: wait,
      ...(staffId ? { staffId } : {}),
    });
    return refusal('throttled', 'rate_limited', wait);
  }

  /** Who may log in here: active staff of this counter's unit. */
  private checkEligible(counter: CounterRow, staff: StaffRow, method: LoginMethod, now: number): Result<never> | null {
    if (!staff.active) return this.refuse(counter, method, 'inactive', now, { staffId: staff.id });
    if (staff.unitId !== counter.unitId) return this.refuse(counter, method, 'other_unit', now, { staffId: staff.id });
    return null;
  }

  private login(counter: CounterRow, staff: StaffRow, method: LoginMethod, now: number): Result<StaffLoginOutcome> {
    const open = currentSession(this.db, counter.id);
    const session = startSession(this.db, staff.id, counter.id, now, method);
    return ok({
      action: 'login',
      officer: officerOnDuty(staff, session),
      replacedStaffId: open ? open.staffId : null,
      alreadyLoggedIn: false,
    });
  }

  scanBadge(rawCode: string, now: number, source?: string): Result<StaffLoginOutcome> {
    return this.db.transaction((): Result<StaffLoginOutcome> => {
      const counter = this.counter();
      if (!counter) return fail('not_configured', 'this kiosk has no counter configured');
      const source_ = source ? { source } : {};
      const throttled = this.throttled(counter, 'badge', now);
      if (throttled) return throttled;
      const badge = staffIdForBadge(this.db, rawCode);
      if (badge === 'not_a_badge') return this.refuse(counter, 'badge', 'not_a_badge', now, source_);
      const staff = badge === 'unknown_badge' ? null : findStaff(this.db, badge.staffId);
      if (!staff) return this.refuse(counter, 'badge', 'unknown_badge', now, source_);
      const ineligible = this.checkEligible(counter, staff, 'badge', now);
      if (ineligible) return ineligible;

      const open = currentSession(this.db, counter.id);
      if (open && open.staffId === staff.id) {
        if (now - open.startedAt < REPEAT_SCAN_GRACE_MS) {
          return ok({ action: 'login', officer: officerOnDuty(staff, open), replacedStaffId: null, alreadyLoggedIn: true });
        }
        endSession(this.db, counter.id, now, 'same_badge');
        return ok({ action: 'logout', staffId: staff.id, fullName: staff.fullName, reason: 'same_badge' });
      }
      return this.login(counter, staff, 'badge', now);
    }).immediate();
  }

  loginWithPin(staffId: string, pin: string, now: number): Result<StaffLoginOutcome> {
    return this.db.transaction((): Result<StaffLoginOutcome> => {
      const counter = this.counter();
      if (!counter) return fail('not_configured', 'this kiosk has no counter configured');
      const throttled = this.throttled(counter, 'pin', now, staffId);
      if (throttled) return throttled;
      const staff = findStaff(this.db, staffId);
      if (!staff) return this.refuse(counter, 'pin', 'unknown_staff', now);
      const ineligible = this.checkEligible(counter, staff, 'pin', now);
      if (ineligible) return ineligible;
      const { pinHash } = this.db.prepare('SELECT pin_hash AS pinHash FROM staff WHERE id = ?').get(staff.id) as {
        pinHash: string | null;
      };
      const failureScopes = [counterScope(counter.id), staffScope(staff.id)];
      if (pinHash === null) return this.refuse(counter, 'pin', 'no_pin', now, { staffId: staff.id }, failureScopes);
      if (!verifyPin(pin, pinHash)) return this.refuse(counter, 'pin', 'wrong_pin', now, { staffId: staff.id }, failureScopes);

      const open = currentSession(this.db, counter.id);
      if (open && open.staffId === staff.id) {
        touchSession(this.db, open.id, now);
        return ok({ action: 'login', officer: officerOnDuty(staff, open), replacedStaffId: null, alreadyLoggedIn: true });
      }
      return this.login(counter, staff, 'pin', now);
    }).immediate();
  }

  logout(now: number): Result<StaffLoginOutcome> {
    return this.db.transaction((): Result<StaffLoginOutcome> => {
      const counter = this.counter();
      if (!counter) return fail('not_configured', 'this kiosk has no counter configured');
      const ended = endSession(this.db, counter.id, now, 'manual');
      if (!ended) return fail('not_found', 'no officer is logged in at this counter');
      const staff = findStaff(this.db, ended.staffId);
      return ok({ action: 'logout', staffId: ended.staffId, fullName: staff?.fullName ?? '', reason: 'manual' });
    }).immediate();
  }

  search(query: string): Result<StaffSearchHit[]> {
    const counter = this.counter();
    if (!counter) return fail('not_configured', 'this kiosk has no counter configured');
    return ok(searchStaff(this.db, query, counter.unitId));
  }

  /** The logged-in officer's own figures for today; refused while a citizen is rating. */
  myFiguresToday(now: number): Result<MyFiguresToday> {
    return this.db.transaction((): Result<MyFiguresToday> => {
      const counter = this.counter();
      if (!counter) return fail('not_configured', 'this kiosk has no counter configured');
      const session = currentSession(this.db, counter.id);
      const staff = session ? findStaff(this.db, session.staffId) : null;
      if (!session || !staff) return fail('not_found', 'no officer is logged in at this counter');
      if (citizenIsRating(this.db, counter.id, now, this.settings().idleTimeoutMs)) {
        const result = fail('refused', 'a citizen is rating at this counter; figures are not shown now');
        if (!result.ok) result.error.reason = 'citizen_rating';
        return result;
      }
      touchSession(this.db, session.id, now);
      return ok({ staffId: staff.id, fullName: staff.fullName, ...figuresForDay(this.db, staff.id, now) });
    }).immediate();
  }
}
