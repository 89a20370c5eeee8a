import type { Database } from 'better-sqlite3';
import { statement } from '../db/statements';
import { verifyPin } from './pin';

/**
 * Wrong PINs slow down their own officer only, with waits that grow (table pin_failures,
 * migration 0008): a citizen who types PINs cannot lock the counter, nor keep a colleague or any
 * badge from logging in, and guessing one officer's PIN takes weeks. The first PIN_FREE_ATTEMPTS
 * wrong PINs in a row cost nothing (people mistype); then each wait doubles from
 * PIN_FIRST_WAIT_MS up to PIN_MAX_WAIT_MS. A right PIN, or a day without a wrong one, starts over.
 * Kept in the database, so a restart does not reset it.
 */
export const PIN_FREE_ATTEMPTS = 3;
export const PIN_FIRST_WAIT_MS = 5_000;
export const PIN_MAX_WAIT_MS = 15 * 60_000;
const FORGET_AFTER_MS = 24 * 60 * 60_000;

/** How long after the last wrong PIN the next attempt must wait, after `inARow` wrong PINs in a row. */
export function waitAfterWrongPins(inARow: number): number {
  if (inARow < PIN_FREE_ATTEMPTS) return 0;
  return Math.min(PIN_FIRST_WAIT_MS * 2 ** (inARow - PIN_FREE_ATTEMPTS), PIN_MAX_WAIT_MS);
}

function wrongPinsInARow(db: Database, staffId: string, now: number): { inARow: number; lastAt: number } {
  const row = statement(db, 'SELECT in_a_row AS inARow, last_at AS lastAt FROM pin_failures WHERE staff_id = ?').get(staffId) as
    | { inARow: number; lastAt: number }
    | undefined;
  if (!row || now - row.lastAt >= FORGET_AFTER_MS) return { inARow: 0, lastAt: 0 };
  return row;
}

/** How long a PIN attempt for this officer must still wait (ms), or 0 when it may be tried now. */
export function pinWait(db: Database, staffId: string, now: number): number {
  const { inARow, lastAt } = wrongPinsInARow(db, staffId, now);
  return Math.max(0, lastAt + waitAfterWrongPins(inARow) - now);
}

export function recordWrongPin(db: Database, staffId: string, now: number): void {
  const { inARow } = wrongPinsInARow(db, staffId, now);
  statement(
    db,
    `INSERT INTO pin_failures (staff_id, in_a_row, last_at) VALUES (?, ?, ?)
     ON CONFLICT (staff_id) DO UPDATE SET in_a_row = excluded.in_a_row, last_at = excluded.last_at`,
  ).run(staffId, inARow + 1, now);
}

/** A right PIN: the officer's count starts over. */
export function clearWrongPins(db: Database, staffId: string): void {
  statement(db, 'DELETE FROM pin_failures WHERE staff_id = ?').run(staffId);
}

export type PinRefusal = { reason: 'throttled'; retryAfterMs: number } | { reason: 'no_pin' | 'wrong_pin' };

/**
 * The one check of an officer's PIN, wherever a PIN is typed (login, a staff action, an IT
 * credential), so that no screen is a second way to guess it: refused unchecked while the officer's
 * wrong PINs make it wait (not counted again), refused and counted when wrong; a right PIN clears
 * the count. Null when the PIN is right.
 */
export function checkPinThrottled(db: Database, staffId: string, pin: string, now: number): PinRefusal | null {
  const wait = pinWait(db, staffId, now);
  if (wait > 0) return { reason: 'throttled', retryAfterMs: wait };
  const row = statement(db, 'SELECT pin_hash AS pinHash FROM staff WHERE id = ?').get(staffId) as { pinHash: string | null } | undefined;
  const pinHash = row?.pinHash ?? null;
  if (pinHash === null) return { reason: 'no_pin' };
  if (!verifyPin(pin, pinHash)) {
    recordWrongPin(db, staffId, now);
    return { reason: 'wrong_pin' };
  }
  clearWrongPins(db, staffId);
  return null;
}
