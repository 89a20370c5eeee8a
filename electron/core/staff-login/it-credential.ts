import type { Database } from 'better-sqlite3';
import type { ItCredential, ItCredentialRefusal } from '../../../shared/it-credential';
import { fail, ok, type Result } from '../../../shared/result';
import { audit } from '../audit';
import { findStaff } from '../roster';
import { readSetting } from '../settings';
import { lookUpBadge } from './badge-lookup';
import { recordLoginFailure } from './login-failures';
import { checkPinThrottled } from './pin-throttle';

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
 * screen later. The badge is looked up as at the counter (keyed hashes; an old-format badge only
 * within its window), and the PIN is checked under the same per-officer throttle (this is no
 * second way to guess a PIN); refusals count with the kiosk's failed logins. Every attempt
 * is audited; the credential never is. The answer says only "refused", never why (which would
 * tell a guesser which badges exist); the audit log says why, for IT staff.
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
      // Counted with the kiosk's failed logins as at the counter: every refused badge, and every
      // PIN that was checked and wrong (a PIN of an id that is no IT officer's is never checked).
      if (method === 'badge' || why === 'wrong_pin' || why === 'no_pin') recordLoginFailure(db, readSetting<string>(db, 'counterId') ?? null, why, now);
      audit(db, now, 'kiosk', 'it_credential_refused', { purpose, method, why, ...(staffId ? { staffId } : {}) });
      return refusal('it_credential_refused');
    };
    let staffId: string;
    if ('badgeCode' in credential) {
      const badge = lookUpBadge(db, credential.badgeCode, now);
      if ('refused' in badge) return refuse(badge.refused, 'staffId' in badge ? badge.staffId : undefined);
      staffId = badge.holder.staffId;
    } else {
      staffId = credential.staffId;
    }
    const staff = findStaff(db, staffId);
    if (!staff) return refuse('unknown_staff');
    if (!staff.active) return refuse('inactive', staffId);
    if (!holdsRole(db, staffId, 'it')) return refuse('not_it', staffId);
    if ('pin' in credential) {
      const wrong = checkPinThrottled(db, staffId, credential.pin, now);
      if (wrong?.reason === 'throttled') {
        audit(db, now, 'kiosk', 'it_credential_refused', { purpose, method, why: 'throttled', staffId });
        return refusal('throttled', wrong.retryAfterMs);
      }
      if (wrong) return refuse(wrong.reason, staffId);
    }
    audit(db, now, 'it', 'it_credential_accepted', { purpose, method, staffId });
    return ok({ staffId, fullName: staff.fullName });
  }).immediate();
}

function holdsRole(db: Database, staffId: string, role: string): boolean {
  const row = db.prepare('SELECT roles FROM staff WHERE id = ?').get(staffId) as { roles: string } | undefined;
  return row !== undefined && (JSON.parse(row.roles) as string[]).includes(role);
}
