import type { Database } from 'better-sqlite3';
import { statement } from '../db/statements';

/**
 * Every refused staff login is counted (table login_failures, migration 0004), for IT staff: the
 * heartbeat carries the counts of the last day to the server's fleet list. Counting never blocks
 * anyone: a valid badge always logs in, and wrong PINs slow down only their officer (pin-throttle.ts).
 */
const DAY_MS = 24 * 60 * 60_000;

/** Refusals of a PIN; every other reason is a refused scan. */
const PIN_REASONS = ['wrong_pin', 'no_pin'];

/** `counterId`: where it was refused; null for a kiosk without a counter yet (an IT credential asked before one is set). */
export function recordLoginFailure(db: Database, counterId: string | null, reason: string, now: number): void {
  statement(db, 'INSERT INTO login_failures (at, scope, reason) VALUES (?, ?, ?)').run(now, `counter:${counterId ?? ''}`, reason);
  statement(db, 'DELETE FROM login_failures WHERE at < ?').run(now - DAY_MS);
}

/** Staff logins refused at this kiosk in the 24 hours before `now`: scans, and PINs. */
export function failedLoginsInLastDay(db: Database, now: number): { badges: number; pins: number } {
  const rows = statement(
    db,
    `SELECT reason, count(*) AS n FROM login_failures
     WHERE scope LIKE 'counter:%' AND at > ? AND at <= ? AND reason <> 'throttled' GROUP BY reason`,
  ).all(now - DAY_MS, now) as { reason: string; n: number }[];
  let badges = 0;
  let pins = 0;
  for (const { reason, n } of rows) {
    if (PIN_REASONS.includes(reason)) pins += n;
    else badges += n;
  }
  return { badges, pins };
}
