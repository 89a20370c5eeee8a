import type { Database } from 'better-sqlite3';
import type { ItCredential, ItCredentialRefusal } from '../../../shared/it-credential';
import { fail, ok, type Result } from '../../../shared/result';
import { audit } from '../audit';
import { findStaff } from '../roster';
import { staffIdForBadge } from './badge-lookup';
import { verifyPin } from './pin';
import { PIN_LIMIT, PIN_WINDOW_MS, recordLoginFailure, staffScope, throttleWait } from './throttle';

/** An IT officer whose credential was accepted. */
export interface ItOfficer {
  staffId: string;
  fullName: string;
}

const MESSAGES: Record<ItCredentialRefusal, string> = {
  it_credential_required: 'an IT officer’s badge or PIN is needed for this; nothing was changed',
  it_credential_refused: 'that is not the badge or PIN of an active IT officer of this kiosk’s roster; nothing was changed',
  throttled: 'too many wrong PINs for that officer; wait and try again',
};

function refusal(reason: ItCredentialRefusal, retryAfterMs?: number): Result<never> {
  const result = fail(reason === 'throttled' ? 'rate_limited' : 'refused', MESSAGES[reason]);
  if (!result.ok) {
    result.error.reason = reason;
    if (retryAfterMs !== undefined) result.error.retryAfterMs = retryAfterMs;
  }
  return result;
}

/**
 * Checks that `credential` is the badge, or the staff id and personal PIN, of an active officer
 * who holds the role `it` in this kiosk's roster (roles come with the server's signed roster), for
 * `purpose` (what it unlocks, for the audit log): re-enrolling the kiosk today, IT staff's admin
 * screen later. Wrong PINs count against the officer exactly as at the counter (the same throttle:
 * this is no second way to guess a PIN). Every attempt is audited; the credential never is. The
 * answer says only "refused", never why (which would tell a guesser which badges exist); the
 * audit log says why, for IT staff.
 */
export function verifyItCredential(
  db: Database,
  credential: ItCredential | undefined,
  purpose: string,
  now: number,
): Result<ItOfficer> {
  if (!credential) return refusal('it_credential_required');
  return db.transaction((): Result<ItOfficer> => {
    const method = 'badgeCode' in credential ? 'badge' : 'pin';
    const refuse = (why: string, staffId?: string) => {
      audit(db, now, 'kiosk', 'it_credential_refused', { purpose, method, why, ...(staffId ? { staffId } : {}) });
      return refusal('it_credential_refused');
    };
    let staffId: string;
    if ('badgeCode' in credential) {
      const badge = staffIdForBadge(db, credential.badgeCode);
      if (typeof badge === 'string') return refuse(badge);
      staffId = badge.staffId;
    } else {
      staffId = credential.staffId;
      const wait = throttleWait(db, staffScope(staffId), PIN_LIMIT, PIN_WINDOW_MS, now);
      if (wait > 0) {
        audit(db, now, 'kiosk', 'it_credential_refused', { purpose, method, why: 'throttled', staffId });
        return refusal('throttled', wait);
      }
    }
    const staff = findStaff(db, staffId);
    if (!staff) return refuse('unknown_staff');
    if (!staff.active) return refuse('inactive', staffId);
    if (!holdsRole(db, staffId, 'it')) return refuse('not_it', staffId);
    if ('pin' in credential) {
      const { pinHash } = db.prepare('SELECT pin_hash AS pinHash FROM staff WHERE id = ?').get(staffId) as { pinHash: string | null };
      if (pinHash === null || !verifyPin(credential.pin, pinHash)) {
        recordLoginFailure(db, staffScope(staffId), pinHash === null ? 'no_pin' : 'wrong_pin', now);
        return refuse(pinHash === null ? 'no_pin' : 'wrong_pin', staffId);
      }
    }
    audit(db, now, 'it', 'it_credential_accepted', { purpose, method, staffId });
    return ok({ staffId, fullName: staff.fullName });
  }).immediate();
}

function holdsRole(db: Database, staffId: string, role: string): boolean {
  const row = db.prepare('SELECT roles FROM staff WHERE id = ?').get(staffId) as { roles: string } | undefined;
  return row !== undefined && (JSON.parse(row.roles) as string[]).includes(role);
}
