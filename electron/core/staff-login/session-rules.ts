import type { Database } from 'better-sqlite3';
import type { KioskSettings } from '../../../shared/contract';
import { statement } from '../db/statements';
import { currentSession, endSession, type OpenSession } from '../sessions';
import { nextVietnamTimeOfDay } from './vietnam-time';

export type AutomaticLogoutReason = 'end_of_shift' | 'inactivity';

/** The last sign of the officer at the counter: login, a staff action, or a rating in the session. */
export function lastSessionActivity(db: Database, session: OpenSession): number {
  const row = statement(
    db,
    `SELECT max(coalesce(s.last_activity_at, s.started_at), coalesce(r.last_rating, 0)) AS at
     FROM staff_sessions s,
          (SELECT max(created_at) AS last_rating FROM ratings WHERE staff_session_id = @id) r
     WHERE s.id = @id`,
  ).get({ id: session.id }) as { at: number } | undefined;
  return row?.at ?? session.startedAt;
}

/** When the session must end by the rules (end of shift, inactivity), and why; null when never. */
export function scheduledSessionEnd(
  db: Database,
  session: OpenSession,
  settings: Pick<KioskSettings, 'staffShiftEndTimes' | 'staffIdleLogoutMinutes'>,
): { at: number; reason: AutomaticLogoutReason } | null {
  let end: { at: number; reason: AutomaticLogoutReason } | null = null;
  const shiftEnd = nextVietnamTimeOfDay(session.startedAt, settings.staffShiftEndTimes);
  if (shiftEnd !== null) end = { at: shiftEnd, reason: 'end_of_shift' };
  if (settings.staffIdleLogoutMinutes > 0) {
    const idleEnd = lastSessionActivity(db, session) + settings.staffIdleLogoutMinutes * 60_000;
    if (end === null || idleEnd < end.at) end = { at: idleEnd, reason: 'inactivity' };
  }
  return end;
}

/**
 * Ends the counter's session if a rule says it should have ended by `now`. The session is closed
 * at the moment the rule fired (not when this ran), so no rating after it is attributed to the
 * officer. Called before anything reads or uses the session.
 */
export function expireSessionIfDue(
  db: Database,
  counterId: string,
  settings: Pick<KioskSettings, 'staffShiftEndTimes' | 'staffIdleLogoutMinutes'>,
  now: number,
): { session: OpenSession; reason: AutomaticLogoutReason; at: number } | null {
  // Read first: this runs before every state read and rating, and almost always finds nothing
  // due, so it must not take the write lock for nothing.
  const session = currentSession(db, counterId);
  if (!session) return null;
  const end = scheduledSessionEnd(db, session, settings);
  if (!end || end.at > now) return null;
  return db.transaction(() => {
    if (currentSession(db, counterId)?.id !== session.id) return null; // someone else ended it
    const at = Math.max(end.at, session.startedAt);
    endSession(db, counterId, at, end.reason);
    return { session, reason: end.reason, at };
  }).immediate();
}

/** Notes a staff action (PIN re-login, figures) so that the inactivity logout counts from it. */
export function touchSession(db: Database, sessionId: string, now: number): void {
  statement(db, 'UPDATE staff_sessions SET last_activity_at = ? WHERE id = ?').run(now, sessionId);
}
