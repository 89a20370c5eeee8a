import type { Kysely, Migration } from 'kysely';
import { runStatements } from './statements';

/**
 * Rollups of the ratings, which every report reads instead of the ratings themselves (a
 * province's year is a few tens of thousands of rollup rows, not millions of ratings): per
 * officer × counter × desk role × Vietnam day, and the same per month (yyyymm). Each row holds the
 * counts per score, the ratings with a comment, and the yes and no answers to each of the eight
 * "4 xin, 4 luôn" behaviours. Ratings given with no officer logged in are under staff_id '' (not
 * NULL, so that it can be part of the key). Ingest keeps both tables up to date in its own
 * transaction (server/reports/rollups.ts).
 *
 * The backfill is written out here rather than calling rebuildRollups, so that this migration
 * stays what it was when it shipped whatever later code does.
 */
const BEHAVIOURS = ['greet', 'apologise', 'thank', 'ask_permission', 'smile', 'gentle', 'listen', 'help'];

const COUNT_COLUMNS = [
  'ratings',
  'very_satisfied',
  'satisfied',
  'not_satisfied',
  'comments',
  ...BEHAVIOURS.flatMap((key) => [`${key}_yes`, `${key}_no`]),
];

function rollupTable(name: string, period: string): string {
  return `CREATE TABLE ${name} (
    ${period} integer NOT NULL,
    unit_id text NOT NULL,
    counter_id text NOT NULL,
    desk_role text NOT NULL,
    staff_id text NOT NULL,
    ${COUNT_COLUMNS.map((column) => `${column} integer NOT NULL DEFAULT 0`).join(',\n    ')},
    PRIMARY KEY (${period}, unit_id, counter_id, staff_id, desk_role)
  ) WITH (fillfactor = 70)`;
}

// Vietnam is UTC+7 all year: a rating's day is floor((corrected_at + 7 h) / 24 h).
const VIETNAM_DAY = 'floor((corrected_at + 25200000) / 86400000.0)::integer';
const MONTH_OF_DAY = "to_char(date '1970-01-01' + day, 'YYYYMM')::integer";

export const ratingRollups: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      rollupTable('rating_rollup_days', 'day'),
      rollupTable('rating_rollup_months', 'month'),
      // Officer pages and rankings read one officer's rows; counter pages one counter's.
      'CREATE INDEX rating_rollup_days_staff ON rating_rollup_days (staff_id, day)',
      'CREATE INDEX rating_rollup_months_staff ON rating_rollup_months (staff_id, month)',
      'CREATE INDEX rating_rollup_days_counter ON rating_rollup_days (counter_id, day)',
      'CREATE INDEX rating_rollup_months_counter ON rating_rollup_months (counter_id, month)',
      `INSERT INTO rating_rollup_days (day, unit_id, counter_id, desk_role, staff_id, ${COUNT_COLUMNS.join(', ')})
       SELECT ${VIETNAM_DAY}, unit_id, counter_id, desk_role, coalesce(staff_id, ''),
         count(*), count(*) FILTER (WHERE score = 3), count(*) FILTER (WHERE score = 2), count(*) FILTER (WHERE score = 1),
         count(comment),
         ${BEHAVIOURS.map((key) => `count(*) FILTER (WHERE answers ->> '${key}' = 'true'), count(*) FILTER (WHERE answers ->> '${key}' = 'false')`).join(',\n         ')}
       FROM (SELECT *, criteria::jsonb AS answers FROM ratings) AS r
       GROUP BY 1, 2, 3, 4, 5`,
      `INSERT INTO rating_rollup_months (month, unit_id, counter_id, desk_role, staff_id, ${COUNT_COLUMNS.join(', ')})
       SELECT ${MONTH_OF_DAY}, unit_id, counter_id, desk_role, staff_id, ${COUNT_COLUMNS.map((c) => `sum(${c})`).join(', ')}
       FROM rating_rollup_days
       GROUP BY 1, 2, 3, 4, 5`,
    ]);
  },
};
