import type { Database } from 'better-sqlite3';
import { vietnamDate, vietnamDayStart } from './vietnam-time';

/**
 * Below this many ratings the share satisfied is withheld: with one or two ratings a share
 * would tell the officer what those citizens chose.
 */
export const MIN_RATINGS_FOR_SHARE = 5;
const DAY_MS = 24 * 60 * 60 * 1000;

/** An officer's ratings today in Vietnam: count and share "Hài lòng" or better. Aggregates only. */
export function figuresForDay(db: Database, staffId: string, now: number) {
  const from = vietnamDayStart(now);
  const row = db
    .prepare(
      `SELECT count(*) AS count, coalesce(sum(CASE WHEN score >= 2 THEN 1 ELSE 0 END), 0) AS satisfied
       FROM ratings WHERE staff_id = ? AND created_at >= ? AND created_at < ?`,
    )
    .get(staffId, from, from + DAY_MS) as { count: number; satisfied: number };
  return {
    day: vietnamDate(now),
    count: row.count,
    satisfiedShare: row.count >= MIN_RATINGS_FOR_SHARE ? row.satisfied / row.count : null,
    minimumForShare: MIN_RATINGS_FOR_SHARE,
  };
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
