/**
 * The rating rollups (migration 0007): per officer × counter × desk role × Vietnam day, and per
 * month. Ingest adds each accepted rating to both in its own transaction, so a report never sees
 * a rating without its rollup or the other way round; rebuildRollups recomputes both from the
 * ratings (after a bulk load, or to check them).
 */
import { CompiledQuery, sql, type Insertable, type Kysely } from 'kysely';
import { CRITERIA_KEYS, type CriterionKey } from '../../shared/criteria';
import { monthNumberOf, vietnamDayOf } from '../../shared/reports/periods';
import type { ServerDb } from '../db/connect';
import type { RollupCounts, RollupKey, ServerDatabase } from '../db/schema';

type BehaviourColumn = `${CriterionKey}_${'yes' | 'no'}`;

/** Every count column of a rollup row, in the order of the table. */
export const ROLLUP_COUNT_COLUMNS: readonly (keyof RollupCounts)[] = [
  'ratings',
  'very_satisfied',
  'satisfied',
  'not_satisfied',
  'comments',
  ...CRITERIA_KEYS.flatMap((key): BehaviourColumn[] => [`${key}_yes`, `${key}_no`]),
];

const KEY_COLUMNS = ['unit_id', 'counter_id', 'staff_id', 'desk_role'] as const;

/** What a rollup needs of a rating: a stored row, or one about to be inserted (its optional columns may be absent). */
export type RollupSource = Pick<Insertable<ServerDatabase['ratings']>, 'corrected_at' | 'unit_id' | 'counter_id' | 'desk_role' | 'staff_id' | 'score' | 'criteria' | 'comment'>;

function emptyRollupCounts(): RollupCounts {
  return Object.fromEntries(ROLLUP_COUNT_COLUMNS.map((column) => [column, 0])) as unknown as RollupCounts;
}

type Answers = Partial<Record<CriterionKey, boolean | null>>;

function addRating(counts: RollupCounts, rating: RollupSource, answers: Answers): void {
  counts.ratings += 1;
  if (rating.score === 3) counts.very_satisfied += 1;
  else if (rating.score === 2) counts.satisfied += 1;
  else counts.not_satisfied += 1;
  if (rating.comment != null) counts.comments += 1;
  for (const key of CRITERIA_KEYS) {
    if (answers[key] === true) counts[`${key}_yes`] += 1;
    else if (answers[key] === false) counts[`${key}_no`] += 1;
  }
}

let keptWithIngest = true;

/**
 * For bench/rollup-ingest.ts only: ingest without keeping the rollups, to measure what keeping
 * them costs in the same run on the same database. Reports are wrong until rebuildRollups runs.
 */
export function keepRollupsWithIngest(keep: boolean): void {
  keptWithIngest = keep;
}

/**
 * The change that adds ratings just inserted (in the ingest's transaction) to the day and month
 * rollups, as the text of two data-modifying CTEs (`rollup_days`, `rollup_months`) and their
 * parameters, numbered from `firstParameter`: the ingest runs them in the statement that writes
 * its checks' rows (server/integrity/batch-statements.ts), one round trip for both. Null when
 * there is nothing to add.
 */
export function rollupsOnIngest(ratings: readonly RollupSource[], firstParameter: number): RollupChange | null {
  if (!keptWithIngest) return null;
  return rollupChange(ratings, 1, firstParameter);
}

/**
 * Takes ratings out of the day and month rollups (a confirmed flag, a device held out of reports:
 * server/integrity/exclusions.ts), in the caller's transaction.
 */
export async function subtractFromRollups(trx: Kysely<ServerDatabase>, ratings: readonly RollupSource[]): Promise<void> {
  await changeRollups(trx, ratings, -1);
}

/** Puts ratings taken out by subtractFromRollups back (a dismissed flag), in the caller's transaction. */
export async function putBackInRollups(trx: Kysely<ServerDatabase>, ratings: readonly RollupSource[]): Promise<void> {
  await changeRollups(trx, ratings, 1);
}

async function changeRollups(trx: Kysely<ServerDatabase>, ratings: readonly RollupSource[], sign: 1 | -1): Promise<void> {
  const change = rollupChange(ratings, sign, 1);
  if (change) await trx.executeQuery(CompiledQuery.raw(`WITH ${change.ctes} SELECT 1`, change.parameters));
}

/** Two CTEs upserting rollup rows, and their parameters in order. */
export interface RollupChange {
  ctes: string;
  parameters: unknown[];
}

/**
 * Aggregates ratings in memory per day and per month: one upsert per table, however many rows it
 * touches.
 */
function rollupChange(ratings: readonly RollupSource[], sign: 1 | -1, firstParameter: number): RollupChange | null {
  if (ratings.length === 0) return null;
  const days = new Map<string, RollupRow>();
  const months = new Map<string, RollupRow>();
  for (const rating of ratings) {
    const day = vietnamDayOf(rating.corrected_at);
    const month = monthNumberOf(day);
    const key = `\u0000${rating.unit_id}\u0000${rating.counter_id}\u0000${rating.staff_id ?? ''}\u0000${rating.desk_role}`;
    const answers = JSON.parse(rating.criteria) as Answers;
    for (const [groups, period] of [[days, day], [months, month]] as const) {
      let row = groups.get(period + key);
      if (!row) groups.set(period + key, (row = { period, unit_id: rating.unit_id, counter_id: rating.counter_id, staff_id: rating.staff_id ?? '', desk_role: rating.desk_role, ...emptyRollupCounts() }));
      addRating(row, rating, answers);
    }
  }
  // Rows in key order: concurrent batches then lock shared rows in the same order (no deadlock).
  const dayRows = [...days.values()].sort(byKey);
  const monthRows = [...months.values()].sort(byKey);
  const parameters = [...dayRows, ...monthRows].flatMap((row) => [row.period, row.unit_id, row.counter_id, row.staff_id, row.desk_role, ...ROLLUP_COUNT_COLUMNS.map((c) => sign * row[c])]);
  return { ctes: upsertCtes(dayRows.length, monthRows.length, firstParameter), parameters };
}

type RollupRow = RollupKey & RollupCounts & { period: number };

function byKey(a: RollupRow, b: RollupRow): number {
  if (a.period !== b.period) return a.period - b.period;
  for (const column of KEY_COLUMNS) if (a[column] !== b[column]) return a[column] < b[column] ? -1 : 1;
  return 0;
}

const ROW_WIDTH = 1 + KEY_COLUMNS.length + ROLLUP_COUNT_COLUMNS.length;
const statements = new Map<string, string>();

/**
 * The upserts of `dayCount` day rows and `monthCount` month rows as two CTEs, parameters in row
 * order from `$firstParameter`. Written as text and kept per size: a batch's rollups cost a short
 * text, not a query builder's thousand nodes.
 */
function upsertCtes(dayCount: number, monthCount: number, firstParameter: number): string {
  const cacheKey = `${dayCount}/${monthCount}/${firstParameter}`;
  let text = statements.get(cacheKey);
  if (text) return text;
  let next = firstParameter - 1;
  const rows = (count: number) =>
    Array.from({ length: count }, () => {
      const cells = Array.from({ length: ROW_WIDTH }, (_, i) => `$${++next}${i === 0 || i > KEY_COLUMNS.length ? '::integer' : '::text'}`);
      return `(${cells.join(', ')})`;
    }).join(', ');
  const columns = [...KEY_COLUMNS, ...ROLLUP_COUNT_COLUMNS].join(', ');
  const upsert = (table: string, period: string, count: number) =>
    `INSERT INTO ${table} (${period}, ${columns}) VALUES ${rows(count)}
     ON CONFLICT (${period}, ${KEY_COLUMNS.join(', ')}) DO UPDATE SET ${ROLLUP_COUNT_COLUMNS.map((c) => `${c} = ${table}.${c} + excluded.${c}`).join(', ')}`;
  text = `rollup_days AS (${upsert('rating_rollup_days', 'day', dayCount)}), rollup_months AS (${upsert('rating_rollup_months', 'month', monthCount)})`;
  if (statements.size < 1000) statements.set(cacheKey, text);
  return text;
}

// Vietnam is UTC+7 all year: a rating's day is floor((corrected_at + 7 h) / 24 h).
const VIETNAM_DAY = sql`floor((corrected_at + 25200000) / 86400000.0)::integer`;
const MONTH_OF_DAY = sql`to_char(date '1970-01-01' + day, 'YYYYMM')::integer`;

/**
 * Recomputes both rollup tables from the ratings they count (`ratings.counted`, migration 0024),
 * set-based, in one transaction. Ingest waits
 * meanwhile (the ratings are locked against writes), so no rating is counted twice or missed;
 * reports wait too (TRUNCATE), rather than read half-built tables.
 */
export async function rebuildRollups(db: ServerDb): Promise<void> {
  const counts = sql.join(ROLLUP_COUNT_COLUMNS.map((c) => sql.ref(c)));
  const perRating = sql.join([
    sql`count(*)`,
    sql`count(*) FILTER (WHERE score = 3)`,
    sql`count(*) FILTER (WHERE score = 2)`,
    sql`count(*) FILTER (WHERE score = 1)`,
    sql`count(comment)`,
    ...CRITERIA_KEYS.flatMap((key) => [
      sql`count(*) FILTER (WHERE answers ->> ${sql.lit(key)} = 'true')`,
      sql`count(*) FILTER (WHERE answers ->> ${sql.lit(key)} = 'false')`,
    ]),
  ]);
  await db.transaction().execute(async (trx) => {
    // A province's ratings take longer than the pool's per-statement limit meant for requests.
    await sql`SET LOCAL statement_timeout = 0`.execute(trx);
    await sql`LOCK TABLE ratings IN SHARE MODE`.execute(trx);
    await sql`TRUNCATE rating_rollup_days, rating_rollup_months`.execute(trx);
    await sql`
      INSERT INTO rating_rollup_days (day, unit_id, counter_id, desk_role, staff_id, ${counts})
      SELECT ${VIETNAM_DAY}, unit_id, counter_id, desk_role, coalesce(staff_id, ''), ${perRating}
      FROM (SELECT *, criteria::jsonb AS answers FROM ratings WHERE counted) AS r
      GROUP BY 1, 2, 3, 4, 5`.execute(trx);
    await sql`
      INSERT INTO rating_rollup_months (month, unit_id, counter_id, desk_role, staff_id, ${counts})
      SELECT ${MONTH_OF_DAY}, unit_id, counter_id, desk_role, staff_id, ${sql.join(ROLLUP_COUNT_COLUMNS.map((c) => sql`sum(${sql.ref(c)})`))}
      FROM rating_rollup_days
      GROUP BY 1, 2, 3, 4, 5`.execute(trx);
  });
}
