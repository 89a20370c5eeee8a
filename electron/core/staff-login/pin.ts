import type { Database } from 'better-sqlite3';
import { hashPin } from '../../../shared/node/pin-hash';
import { audit } from '../audit';
import { readDeviceState } from '../device-state';

/** The scheme is shared with the server, which sends PINs set in the console inside the roster. */
export { hashPin, verifyPin } from '../../../shared/node/pin-hash';

/**
 * Sets (or with `pin` null, clears) an officer's PIN. IT staff use `npm run staff-pin`
 * (docs/badges.md); the change is audited, the PIN itself never is.
 */
export function setStaffPin(db: Database, staffId: string, pin: string | null, now: number, actor = 'it'): void {
  const pinHash = pin === null ? null : hashPin(pin);
  db.transaction(() => {
    const changed = db.prepare('UPDATE staff SET pin_hash = ? WHERE id = ?').run(pinHash, staffId).changes;
    if (changed === 0) throw new Error(`no staff member ${staffId} in this kiosk's roster`);
    audit(db, now, actor, pin === null ? 'pin_cleared' : 'pin_set', { staffId });
  })();
}

/** An officer changes their own PIN at most this often (an hour's window): a badge left on the desk is not a PIN factory. */
export const OWN_PIN_CHANGES_PER_HOUR = 5;
const HOUR_MS = 60 * 60_000;

/**
 * How long before `staffId` may change their own PIN again: 0 when they may now. Counted from the
 * audit log's own changes of the last hour (actor `staff:<id>`), so a restart does not reset it.
 */
export function ownPinWaitMs(db: Database, staffId: string, now: number): number {
  const rows = db
    .prepare(`SELECT at FROM audit_log WHERE actor = ? AND action IN ('pin_set', 'pin_cleared') AND at > ? ORDER BY at DESC LIMIT ?`)
    .all(`staff:${staffId}`, now - HOUR_MS, OWN_PIN_CHANGES_PER_HOUR) as { at: number }[];
  if (rows.length < OWN_PIN_CHANGES_PER_HOUR) return 0;
  return Math.max(1, rows[rows.length - 1]!.at + HOUR_MS - now);
}

/**
 * The officer's own PIN, set at the kiosk (StaffLogin.setOwnPin checks who may): stored here at
 * once, audited with the officer as actor (never the PIN nor its hash), and queued for the server
 * (`pin_uploads`, sent by sync/pin-upload.ts) with the time on the server's clock as this kiosk
 * estimates it — fixed now, so that a resend after a crash is the same change. A newer change of
 * the same officer replaces one not yet sent.
 */
export function setOwnPin(db: Database, staffId: string, pin: string | null, now: number): void {
  const pinHash = pin === null ? null : hashPin(pin);
  const offset = readDeviceState(db)?.clockOffsetMs ?? 0;
  db.transaction(() => {
    const changed = db.prepare('UPDATE staff SET pin_hash = ? WHERE id = ?').run(pinHash, staffId).changes;
    if (changed === 0) throw new Error(`no staff member ${staffId} in this kiosk's roster`);
    audit(db, now, `staff:${staffId}`, pin === null ? 'pin_cleared' : 'pin_set', { staffId, via: 'own' });
    db.prepare(
      `INSERT INTO pin_uploads (staff_id, pin_hash, set_at, created_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (staff_id) DO UPDATE SET pin_hash = excluded.pin_hash, set_at = excluded.set_at, created_at = excluded.created_at`,
    ).run(staffId, pinHash, now + offset, now);
  })();
}
