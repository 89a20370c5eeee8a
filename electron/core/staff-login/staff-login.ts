import type { Database } from 'better-sqlite3';
import type { KioskSettings, OfficerOnDuty } from '../../../shared/contract';
import { fail, ok, type ErrorCode, type Result } from '../../../shared/result';
import { isWeakPin, type LoginRefusalReason, type MyFigures, type OwnPinOutcome, type StaffLoginOutcome, type StaffProof, type StaffSearchHit } from '../../../shared/staff-login';
import { audit } from '../audit';
import type { BadgeHolder } from '../badges';
import { findCounter, findStaff, type CounterRow, type StaffRow } from '../roster';
import { currentSession, endSession, startSession, type OpenSession } from '../sessions';
import { lookUpBadge } from './badge-lookup';
import { citizenIsRating, figuresFor } from './figures';
import { recordLoginFailure } from './login-failures';
import { ownPinWaitMs, setOwnPin } from './pin';
import { checkPinThrottled } from './pin-throttle';
import { searchStaff } from './search';
import { expireSessionIfDue, scheduledSessionEnd, touchSession } from './session-rules';

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
  throttled: 'too many wrong PINs for that staff member; wait and try again',
  old_badge: 'old-format badges no longer log in; the officer needs the new badge from IT staff',
  not_the_officer: 'that badge is not the logged-in officer’s; nothing was changed',
  not_badge_session: 'a PIN is set only in a session opened with the officer’s badge; nothing was changed',
  weak_pin: 'a PIN of one digit repeated is refused; nothing was changed',
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
    ...(session.loginMethod === 'badge' || session.loginMethod === 'pin' ? { loginMethod: session.loginMethod } : {}),
  };
}

type LoginMethod = 'badge' | 'pin';

/**
 * Staff login at this kiosk's counter: the session rules of issue 4, in one place.
 * - A good badge logs its officer in here, ending any other session open at this counter.
 * - The same badge again logs out (after REPEAT_SCAN_GRACE_MS).
 * - Sessions end at the configured end-of-shift times and after the configured inactivity.
 * - Malformed scans, unknown, inactive and other units' badges, old-format badges after their
 *   window, and wrong PINs are refused, counted for IT staff (login-failures.ts) and audited; every
 *   login and logout is audited (sessions.ts).
 * - A valid badge is never held back; wrong PINs slow down only their own officer (pin-throttle.ts).
 * - Logging out by hand and seeing one's figures need the on-duty officer's own PIN or badge.
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
  ): Result<never> {
    recordLoginFailure(this.db, counter.id, reason, now);
    audit(this.db, now, 'kiosk', 'login_refused', { counterId: counter.id, method, reason, ...details });
    return refusal(reason);
  }

  /** Who may log in here: active staff of this counter's unit. */
  private checkEligible(counter: CounterRow, staff: StaffRow, method: LoginMethod, now: number): Result<never> | null {
    if (!staff.active) return this.refuse(counter, method, 'inactive', now, { staffId: staff.id });
    if (staff.unitId !== counter.unitId) return this.refuse(counter, method, 'other_unit', now, { staffId: staff.id });
    return null;
  }

  /** Checks an officer's PIN under their throttle (checkPinThrottled): refusals are counted and audited. */
  private checkPin(counter: CounterRow, staff: StaffRow, pin: string, now: number, details: Record<string, unknown> = {}): Result<never> | null {
    const refused = checkPinThrottled(this.db, staff.id, pin, now);
    if (!refused) return null;
    if (refused.reason === 'throttled') {
      // Attempts during a wait are not checked, so not counted as failures either.
      audit(this.db, now, 'kiosk', 'login_refused', { counterId: counter.id, method: 'pin', reason: 'throttled', retryAfterMs: refused.retryAfterMs, staffId: staff.id, ...details });
      return refusal('throttled', 'rate_limited', refused.retryAfterMs);
    }
    return this.refuse(counter, 'pin', refused.reason, now, { staffId: staff.id, ...details });
  }

  /** The holder of a scanned badge, or the refusal: not a badge, unknown, or old-format after its window. */
  private badgeHolder(counter: CounterRow, rawCode: string, now: number, details: Record<string, unknown>): Result<never> | BadgeHolder {
    const badge = lookUpBadge(this.db, rawCode, now);
    if ('holder' in badge) return badge.holder;
    return this.refuse(counter, 'badge', badge.refused, now, 'staffId' in badge ? { ...details, staffId: badge.staffId } : details);
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
      const holder = this.badgeHolder(counter, rawCode, now, source ? { source } : {});
      if ('ok' in holder) return holder;
      const staff = findStaff(this.db, holder.staffId);
      if (!staff) return this.refuse(counter, 'badge', 'unknown_badge', now, source ? { source } : {});
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
      const staff = findStaff(this.db, staffId);
      if (!staff) return this.refuse(counter, 'pin', 'unknown_staff', now);
      const ineligible = this.checkEligible(counter, staff, 'pin', now);
      if (ineligible) return ineligible;
      const wrong = this.checkPin(counter, staff, pin, now);
      if (wrong) return wrong;

      const open = currentSession(this.db, counter.id);
      if (open && open.staffId === staff.id) {
        touchSession(this.db, open.id, now);
        return ok({ action: 'login', officer: officerOnDuty(staff, open), replacedStaffId: null, alreadyLoggedIn: true });
      }
      return this.login(counter, staff, 'pin', now);
    }).immediate();
  }

  /**
   * Checks that the on-duty officer is the one asking: their PIN, or their own badge scanned.
   * A wrong PIN counts towards that officer's waits like any wrong PIN.
   */
  private checkOnDutyOfficer(counter: CounterRow, session: OpenSession, proof: StaffProof, now: number, action: string): Result<never> | null {
    const staff = findStaff(this.db, session.staffId);
    if (!staff) return fail('not_found', 'no officer is logged in at this counter');
    if ('pin' in proof) return this.checkPin(counter, staff, proof.pin, now, { for: action });
    const holder = this.badgeHolder(counter, proof.badge, now, { for: action });
    if ('ok' in holder) return holder;
    if (holder.staffId !== staff.id) return this.refuse(counter, 'badge', 'not_the_officer', now, { for: action, staffId: holder.staffId });
    return null;
  }

  /** Logs the on-duty officer out by hand; needs their own PIN or badge. */
  logout(proof: StaffProof, now: number): Result<StaffLoginOutcome> {
    return this.db.transaction((): Result<StaffLoginOutcome> => {
      const counter = this.counter();
      if (!counter) return fail('not_configured', 'this kiosk has no counter configured');
      const session = currentSession(this.db, counter.id);
      if (!session) return fail('not_found', 'no officer is logged in at this counter');
      const denied = this.checkOnDutyOfficer(counter, session, proof, now, 'logout');
      if (denied) return denied;
      endSession(this.db, counter.id, now, 'manual');
      const staff = findStaff(this.db, session.staffId);
      return ok({ action: 'logout', staffId: session.staffId, fullName: staff?.fullName ?? '', reason: 'manual' });
    }).immediate();
  }

  /**
   * The on-duty officer sets (or, with `pin` null, removes) their own PIN. Only in a session opened
   * with their badge, and with that badge scanned again now: the staff screen opens for anyone, so
   * the open session alone proves nothing, and a PIN login never changes the PIN. The officer is
   * the session's, never one the renderer names. At most OWN_PIN_CHANGES_PER_HOUR changes an hour.
   * Audited (never the PIN) and queued for the server, which gives it to the unit's other kiosks.
   */
  setOwnPin(badge: string, pin: string | null, now: number): Result<OwnPinOutcome> {
    return this.db.transaction((): Result<OwnPinOutcome> => {
      const counter = this.counter();
      if (!counter) return fail('not_configured', 'this kiosk has no counter configured');
      const session = currentSession(this.db, counter.id);
      const staff = session ? findStaff(this.db, session.staffId) : null;
      if (!session || !staff) return fail('not_found', 'no officer is logged in at this counter');
      if (session.loginMethod !== 'badge') {
        audit(this.db, now, 'kiosk', 'pin_change_refused', { counterId: counter.id, staffId: staff.id, reason: 'not_badge_session' });
        return refusal('not_badge_session');
      }
      const denied = this.checkOnDutyOfficer(counter, session, { badge }, now, 'own_pin');
      if (denied) return denied;
      if (pin !== null && isWeakPin(pin)) {
        audit(this.db, now, 'kiosk', 'pin_change_refused', { counterId: counter.id, staffId: staff.id, reason: 'weak_pin' });
        return refusal('weak_pin');
      }
      const waitMs = ownPinWaitMs(this.db, staff.id, now);
      if (waitMs > 0) {
        audit(this.db, now, 'kiosk', 'pin_change_refused', { counterId: counter.id, staffId: staff.id, reason: 'throttled', retryAfterMs: waitMs });
        const refused = refusal('throttled', 'rate_limited', waitMs);
        if (!refused.ok) refused.error.message = 'too many PIN changes for this officer in the last hour; wait and try again';
        return refused;
      }
      setOwnPin(this.db, staff.id, pin, now);
      touchSession(this.db, session.id, now);
      return ok({ fullName: staff.fullName, hasPin: pin !== null });
    }).immediate();
  }

  search(query: string): Result<StaffSearchHit[]> {
    const counter = this.counter();
    if (!counter) return fail('not_configured', 'this kiosk has no counter configured');
    return ok(searchStaff(this.db, query, counter.unitId));
  }

  /** The on-duty officer's own figures (counts only); needs their PIN or badge; refused while a citizen is rating. */
  myFigures(proof: StaffProof, now: number): Result<MyFigures> {
    return this.db.transaction((): Result<MyFigures> => {
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
      const denied = this.checkOnDutyOfficer(counter, session, proof, now, 'figures');
      if (denied) return denied;
      touchSession(this.db, session.id, now);
      return ok({ fullName: staff.fullName, ...figuresFor(this.db, staff.id, now) });
    }).immediate();
  }
}
