import type { Database } from 'better-sqlite3';
import { statement } from '../db/statements';
import { vietnamDate, vietnamDayStart } from './vietnam-time';

/**
 * Below this many ratings the share satisfied is withheld: with one or two ratings a share
 * would tell the officer what those citizens chose.
 */
export const MIN_RATINGS_FOR_SHARE = 5;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * An officer's ratings today in Vietnam: count and share "Hài lòng" or better. Aggregates only.
 *
 * The share moves in steps of MIN_RATINGS_FOR_SHARE ratings: it is computed over the day's first
 * 5·⌊n/5⌋ ratings. An officer who looks before and after one citizen sees the count grow by one
 * and the share unchanged, so no single citizen's choice can be read off the difference; a new
 * share always mixes five citizens' choices.
 */
export function figuresForDay(db: Database, staffId: string, now: number) {
  const from = vietnamDayStart(now);
  const { count } = statement(
    db,
    'SELECT count(*) AS count FROM ratings WHERE staff_id = ? AND created_at >= ? AND created_at < ?',
  ).get(staffId, from, from + DAY_MS) as { count: number };
  const counted = Math.floor(count / MIN_RATINGS_FOR_SHARE) * MIN_RATINGS_FOR_SHARE;
  let satisfiedShare: number | null = null;
  if (counted > 0) {
    const { satisfied } = statement(
      db,
      `SELECT coalesce(sum(CASE WHEN score >= 2 THEN 1 ELSE 0 END), 0) AS satisfied
       FROM (SELECT score FROM ratings WHERE staff_id = ? AND created_at >= ? AND created_at < ? ORDER BY seq LIMIT ?)`,
    ).get(staffId, from, from + DAY_MS, counted) as { satisfied: number };
    satisfiedShare = satisfied / counted;
  }
  return {
    day: vietnamDate(now),
    count,
    satisfiedShare,
    /** How many of the day's ratings the share is computed over (a multiple of five). */
    shareOver: counted,
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
