import type { Database } from 'better-sqlite3';
import type { ItCredential } from '../../shared/it-credential';
import type { AdminScreenSession } from '../../shared/kiosk-admin';
import { fail, ok, type Result } from '../../shared/result';
import { audit } from './audit';
import { readSetting } from './settings';
import { verifyItCredential } from './staff-login/it-credential';
import { readSyncState } from './sync/state';

/**
 * The core's end of an admin screen session: it outlives the screen's own inactivity timeout
 * (ADMIN_SCREEN_IDLE_MS, counted on touches in the renderer) so that an officer reading the
 * screen is not cut off, but not much longer: a screen that vanished without closing (a crash, a
 * reload) leaves no open session behind.
 */
export const ADMIN_SESSION_IDLE_MS = 5 * 60_000;

interface OpenSession {
  openedBy: AdminScreenSession['openedBy'];
  staffId: string | null;
  officerName: string | null;
  lastUsedAt: number;
}

/**
 * Who may open the kiosk's admin screen (docs/kiosk-admin.md): an active IT officer of the
 * kiosk's roster with their badge or PIN (verifyItCredential: keyed badges, the PIN throttle,
 * every attempt audited), or anyone at first start — a kiosk not enrolled, with no counter and
 * nobody of the IT role in its roster, has nothing to protect and no other way to be set up (a
 * provisioning file with the server's address leaves it pairing, its code on this screen).
 * Refusals say only "refused": nothing tells a citizen what the gesture was for.
 */
export class AdminScreenGate {
  private session: OpenSession | null = null;

  open(db: Database, credential: ItCredential | undefined, now: number): Result<AdminScreenSession> {
    if (!credential && isFirstStart(db)) {
      this.session = { openedBy: 'first_start', staffId: null, officerName: null, lastUsedAt: now };
      audit(db, now, 'it', 'admin_screen_opened', { by: 'first_start' });
      return ok(this.describe(this.session));
    }
    const officer = verifyItCredential(db, credential, 'admin_screen', now);
    if (!officer.ok) return officer;
    this.session = { openedBy: 'it_officer', staffId: officer.value.staffId, officerName: officer.value.fullName, lastUsedAt: now };
    audit(db, now, 'it', 'admin_screen_opened', { by: 'it_officer', staffId: officer.value.staffId });
    return ok(this.describe(this.session));
  }

  /** The open session, kept open by this use; null when none or it timed out. */
  use(now: number): OpenSession | null {
    if (this.session && now - this.session.lastUsedAt > ADMIN_SESSION_IDLE_MS) this.session = null;
    if (this.session) this.session.lastUsedAt = now;
    return this.session;
  }

  /** An admin call needs an open session: the refusal the screen reads as "closed, open again". */
  require(now: number): Result<OpenSession> {
    const session = this.use(now);
    if (session) return ok(session);
    const refused = fail('refused', 'the admin screen is not open; open it with an IT officer’s badge or PIN');
    if (!refused.ok) refused.error.reason = 'it_credential_required';
    return refused;
  }

  close(db: Database, now: number): void {
    if (!this.session) return;
    audit(db, now, 'it', 'admin_screen_closed', { by: this.session.openedBy, ...(this.session.staffId ? { staffId: this.session.staffId } : {}) });
    this.session = null;
  }

  private describe(session: OpenSession): AdminScreenSession {
    return { openedBy: session.openedBy, officerName: session.officerName, expiresAt: session.lastUsedAt + ADMIN_SESSION_IDLE_MS };
  }
}

/** Not enrolled, no counter, and nobody in the roster who could prove being IT. */
export function isFirstStart(db: Database): boolean {
  if (readSyncState(db, 'serverDeviceId') !== undefined) return false;
  if (readSetting<string>(db, 'counterId')) return false;
  const itOfficers = db.prepare(`SELECT count(*) AS n FROM staff WHERE active = 1 AND roles LIKE '%"it"%'`).get() as { n: number };
  return itOfficers.n === 0;
}
