import type { Kysely, Migration } from 'kysely';
import { runStatements } from './statements';

/**
 * Which ratings the reports count (docs/integrity.md, "What reports count"):
 * - `ratings.counted`: true when the rating is in the day and month rollups. A rating whose time
 *   is uncertain is not (reports give it a line of its own, by received time); a rating under a
 *   confirmed flag, or under an open `device_volume` flag, is not either. The column says what the
 *   rollups hold, so a decision on one of several flags over the same rating moves it once.
 * - The ratings with an uncertain time already stored are taken out of the rollups here.
 * - An index on the arrival order, which the periodic gaming checks walk with a cursor, and one on
 *   the staff session, whose ratings they read whole.
 *
 * Written out rather than calling the rollup code, so that it stays what it was when it shipped.
 */
const BEHAVIOURS = ['greet', 'apologise', 'thank', 'ask_permission', 'smile', 'gentle', 'listen', 'help'];
const COUNT_COLUMNS = ['ratings', 'very_satisfied', 'satisfied', 'not_satisfied', 'comments', ...BEHAVIOURS.flatMap((key) => [`${key}_yes`, `${key}_no`])];
const COUNTS_OF_RATINGS = [
  'count(*)',
  'count(*) FILTER (WHERE score = 3)',
  'count(*) FILTER (WHERE score = 2)',
  'count(*) FILTER (WHERE score = 1)',
  'count(comment)',
  ...BEHAVIOURS.flatMap((key) => [`count(*) FILTER (WHERE answers ->> '${key}' = 'true')`, `count(*) FILTER (WHERE answers ->> '${key}' = 'false')`]),
];
const VIETNAM_DAY = 'floor((corrected_at + 25200000) / 86400000.0)::integer';
const KEYS = ['unit_id', 'counter_id', 'staff_id', 'desk_role'];

function subtractUncertain(table: string, period: string, periodOf: string): string {
  return `UPDATE ${table} AS t SET ${COUNT_COLUMNS.map((c) => `${c} = t.${c} - u.${c}`).join(', ')}
    FROM (
      SELECT ${periodOf} AS ${period}, unit_id, counter_id, coalesce(staff_id, '') AS staff_id, desk_role,
        ${COUNTS_OF_RATINGS.map((expression, i) => `${expression} AS ${COUNT_COLUMNS[i]}`).join(', ')}
      FROM (SELECT *, criteria::jsonb AS answers FROM ratings WHERE time_uncertain) AS r
      GROUP BY 1, 2, 3, 4, 5
    ) AS u
    WHERE t.${period} = u.${period} AND ${KEYS.map((k) => `t.${k} = u.${k}`).join(' AND ')}`;
}

export const countedRatings: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      `ALTER TABLE ratings ADD COLUMN counted boolean NOT NULL DEFAULT true`,
      subtractUncertain('rating_rollup_days', 'day', VIETNAM_DAY),
      subtractUncertain('rating_rollup_months', 'month', `to_char(date '1970-01-01' + ${VIETNAM_DAY}, 'YYYYMM')::integer`),
      `UPDATE ratings SET counted = false WHERE time_uncertain`,
      `CREATE INDEX ratings_arrival ON ratings (received_at, id)`,
      `CREATE INDEX ratings_session ON ratings (staff_session_id) WHERE staff_session_id IS NOT NULL`,
    ]);
  },
};
