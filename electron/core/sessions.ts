import type { Database } from 'better-sqlite3';
import { statement } from './db/statements';
import { audit } from './audit';
import { uuidv7 } from '../../shared/uuid';
import { recordSessionEvent } from './record-chain';

export interface OpenSession {
  id: string;
  staffId: string;
  counterId: string;
  startedAt: number;
  /** How it was opened (`badge`, `pin`, …); null for sessions opened before kiosk migration 0010. */
  loginMethod: string | null;
}

export function currentSession(db: Database, counterId: string): OpenSession | null {
  return (
    (statement(
      db,
        `SELECT id, staff_id AS staffId, counter_id AS counterId, started_at AS startedAt, login_method AS loginMethod
         FROM staff_sessions WHERE counter_id = ? AND ended_at IS NULL`,
      )
      .get(counterId) as OpenSession | undefined) ?? null
  );
}

/** Ends the open session at a counter, if any, audits why, and records the logout in the record chain for the server. */
export function endSession(db: Database, counterId: string, now: number, reason: string): OpenSession | null {
  return db.transaction(() => {
    const open = currentSession(db, counterId);
    if (!open) return null;
    statement(db, 'UPDATE staff_sessions SET ended_at = ?, end_reason = ? WHERE id = ?').run(now, reason, open.id);
    audit(db, now, `staff:${open.staffId}`, 'logout', { sessionId: open.id, counterId, reason });
    recordSessionEvent(db, { kind: 'logout', sessionId: open.id, staffId: open.staffId, counterId, reason, at: now });
    return open;
  })();
}

/** Starts a session for an officer at a counter, ending any other session open there; the login goes in the record chain. */
export function startSession(db: Database, staffId: string, counterId: string, now: number, how: string): OpenSession {
  return db.transaction(() => {
    endSession(db, counterId, now, 'replaced');
    const session: OpenSession = { id: uuidv7(now), staffId, counterId, startedAt: now, loginMethod: how };
    statement(db, 'INSERT INTO staff_sessions (id, staff_id, counter_id, started_at, login_method) VALUES (?, ?, ?, ?, ?)').run(
      session.id,
      staffId,
      counterId,
      now,
      how,
    );
    audit(db, now, `staff:${staffId}`, 'login', { sessionId: session.id, counterId, how });
    recordSessionEvent(db, { kind: 'login', sessionId: session.id, staffId, counterId, reason: how, at: now });
    return session;
  })();
}
