import type { Database } from 'better-sqlite3';

/**
 * Throttling of failed logins. Failures are kept in the database (a restart does not reset
 * them) and counted in a sliding window per scope:
 * - per counter, every failure (bad scan, unknown or inactive badge, wrong PIN): at most
 *   COUNTER_LIMIT in COUNTER_WINDOW_MS, then every attempt at that counter, even with a good
 *   badge, waits until the oldest failure leaves the window;
 * - per officer, wrong PINs: at most PIN_LIMIT in PIN_WINDOW_MS, then PIN login for that officer waits.
 */
export const COUNTER_LIMIT = 5;
export const COUNTER_WINDOW_MS = 60_000;
export const PIN_LIMIT = 5;
export const PIN_WINDOW_MS = 15 * 60_000;
/** Failures older than this are pruned. */
const KEEP_MS = 24 * 60 * 60_000;

export const counterScope = (counterId: string) => `counter:${counterId}`;
export const staffScope = (staffId: string) => `staff:${staffId}`;

export function recordLoginFailure(db: Database, scope: string, reason: string, now: number): void {
  db.prepare('INSERT INTO login_failures (at, scope, reason) VALUES (?, ?, ?)').run(now, scope, reason);
  db.prepare('DELETE FROM login_failures WHERE at < ?').run(now - KEEP_MS);
}

/** How long attempts in `scope` must still wait (ms), or 0 when they may proceed. */
export function throttleWait(db: Database, scope: string, limit: number, windowMs: number, now: number): number {
  const recent = db
    .prepare('SELECT at FROM login_failures WHERE scope = ? AND at > ? AND at <= ? ORDER BY at DESC LIMIT ?')
    .all(scope, now - windowMs, now, limit) as { at: number }[];
  if (recent.length < limit) return 0;
  const oldestCounted = recent[recent.length - 1]!.at;
  return Math.max(1, oldestCounted + windowMs - now);
}
