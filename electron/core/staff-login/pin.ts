import type { Database } from 'better-sqlite3';
import { hashPin } from '../../../shared/node/pin-hash';
import { audit } from '../audit';

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
