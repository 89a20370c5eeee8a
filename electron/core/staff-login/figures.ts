import type { Database } from 'better-sqlite3';
import { statement } from '../db/statements';
import { vietnamDate, vietnamDayStart, vietnamMonthStart } from './vietnam-time';

/**
 * What an officer may see of their own ratings at the kiosk: how many citizens rated them today
 * and this month (Vietnam time), and nothing about what they chose.
 *
 * Why counts and no share: any share the kiosk shows can be combined with ratings the officer
 * knows — their own taps, a friend's — to isolate one citizen. Four known self-ratings and one
 * citizen make a day whose share, even shown only the next morning and only from five ratings,
 * is that citizen's choice. A count grows by one whatever the citizen chose, so comparing it
 * before and after tells nothing. The officer's results, shares included, are in the console,
 * over periods and with the province's minimum of ratings (docs/badges.md).
 */
export function figuresFor(db: Database, staffId: string, now: number) {
  const count = statement(db, 'SELECT count(*) AS n FROM ratings WHERE staff_id = ? AND created_at >= ? AND created_at <= ?');
  const today = (count.get(staffId, vietnamDayStart(now), now) as { n: number }).n;
  const thisMonth = (count.get(staffId, vietnamMonthStart(now), now) as { n: number }).n;
  const day = vietnamDate(now);
  return { day, today, month: day.slice(0, 7), thisMonth };
}

/**
 * True while a citizen is in the middle of rating at this counter: a rating not yet closed whose
 * last change is more recent than the idle reset. Figures are never shown then.
 */
export function citizenIsRating(db: Database, counterId: string, now: number, idleTimeoutMs: number): boolean {
  const row = db
    .prepare(
      `SELECT 1 FROM ratings WHERE counter_id = ? AND closed_at IS NULL AND updated_at > ? LIMIT 1`,
    )
    .get(counterId, now - idleTimeoutMs - 5_000);
  return row !== undefined;
}
