/**
 * Sums of the rating rollups over a period, for a set of units (and a counter, an officer, a desk
 * role), grouped as a report needs. Whole months are read from the month table and only the loose
 * days at a period's ends from the day table (splitIntoMonths), so a year is twelve months of rows
 * whatever the number of ratings. Several groupings come from one scan (GROUPING SETS).
 */
import { sql, type RawBuilder } from 'kysely';
import { CRITERIA_KEYS } from '../../shared/criteria';
import type { DeskRole } from '../../shared/rating';
import { emptyBehaviours, type BehaviourTable, type ScoreCounts } from '../../shared/reports/measures';
import { splitIntoMonths, type Period } from '../../shared/reports/periods';
import type { ServerDb } from '../db/connect';
import { ROLLUP_COUNT_COLUMNS } from './rollups';

/** What a group can be keyed by: `month` is yyyymm; `withOfficer` is false for ratings with no officer. */
export type Dimension = 'unit' | 'counter' | 'staff' | 'deskRole' | 'month' | 'withOfficer';

const COLUMN: Record<Dimension, string> = {
  unit: 'unit_id',
  counter: 'counter_id',
  staff: 'staff_id',
  deskRole: 'desk_role',
  month: 'month',
  withOfficer: 'with_officer',
};

export interface RollupFilter {
  /** Only ratings of these units; null for every unit (the province). */
  unitIds: readonly string[] | null;
  counterId?: string | undefined;
  /** '' for ratings given with no officer logged in. */
  staffId?: string | undefined;
  deskRole?: DeskRole | null | undefined;
}

export interface RollupSums {
  counts: ScoreCounts;
  behaviours: BehaviourTable;
  comments: number;
}

export interface RollupGroup {
  unit: string | null;
  counter: string | null;
  staff: string | null;
  deskRole: DeskRole | null;
  month: number | null;
  withOfficer: boolean | null;
  sums: RollupSums;
}

export function emptySums(): RollupSums {
  return { counts: { ratings: 0, verySatisfied: 0, satisfied: 0, notSatisfied: 0 }, behaviours: emptyBehaviours(), comments: 0 };
}

export function addSums(target: RollupSums, source: RollupSums): RollupSums {
  target.counts.ratings += source.counts.ratings;
  target.counts.verySatisfied += source.counts.verySatisfied;
  target.counts.satisfied += source.counts.satisfied;
  target.counts.notSatisfied += source.counts.notSatisfied;
  target.comments += source.comments;
  for (const key of CRITERIA_KEYS) {
    target.behaviours[key].yes += source.behaviours[key].yes;
    target.behaviours[key].no += source.behaviours[key].no;
  }
  return target;
}

/** The sum of the groups that pass `keep` (e.g. the desk role asked for). */
export function total(groups: readonly RollupGroup[], keep: (group: RollupGroup) => boolean = () => true): RollupSums {
  return groups.filter(keep).reduce((sum, group) => addSums(sum, group.sums), emptySums());
}

const MONTH_OF_DAY = sql`to_char(date '1970-01-01' + day, 'YYYYMM')::integer`;

function conditions(filter: RollupFilter): RawBuilder<unknown>[] {
  const where: RawBuilder<unknown>[] = [];
  if (filter.unitIds !== null) where.push(filter.unitIds.length === 0 ? sql`false` : sql`unit_id IN (${sql.join(filter.unitIds)})`);
  if (filter.counterId !== undefined) where.push(sql`counter_id = ${filter.counterId}`);
  if (filter.staffId !== undefined) where.push(sql`staff_id = ${filter.staffId}`);
  if (filter.deskRole) where.push(sql`desk_role = ${filter.deskRole}`);
  return where;
}

type SumRow = Record<string, number | string | boolean | null>;

/**
 * Sums the rollups of `period` that pass `filter`, once per grouping set: the answer holds one
 * list of groups per set, in the order asked. `[]` is the grand total (always exactly one group).
 */
export async function sumRollups<const Sets extends readonly (readonly Dimension[])[]>(
  db: ServerDb,
  period: Pick<Period, 'from' | 'to'>,
  filter: RollupFilter,
  sets: Sets,
): Promise<{ -readonly [K in keyof Sets]: RollupGroup[] }> {
  const { months, days } = splitIntoMonths(period);
  const counts = sql.join(ROLLUP_COUNT_COLUMNS.map((c) => sql.ref(c)));
  const where = conditions(filter);
  const and = where.length > 0 ? sql` AND ${sql.join(where, sql` AND `)}` : sql``;
  const parts: RawBuilder<unknown>[] = [];
  if (months.length > 0) {
    // The whole months of a period follow each other: one range.
    parts.push(sql`SELECT unit_id, counter_id, staff_id, desk_role, month, ${counts}
      FROM rating_rollup_months WHERE month BETWEEN ${months[0]} AND ${months[months.length - 1]}${and}`);
  }
  if (days.length > 0) {
    const ranges = sql.join(days.map((d) => sql`day BETWEEN ${d.from} AND ${d.to}`), sql` OR `);
    parts.push(sql`SELECT unit_id, counter_id, staff_id, desk_role, ${MONTH_OF_DAY} AS month, ${counts}
      FROM rating_rollup_days WHERE (${ranges})${and}`);
  }
  const used = [...new Set(sets.flat())];
  const sums = sql.join(ROLLUP_COUNT_COLUMNS.map((c) => sql`coalesce(sum(${sql.ref(c)}), 0) AS ${sql.ref(c)}`));
  const keys = used.map((d) => sql.ref(COLUMN[d]));
  const rows =
    parts.length === 0
      ? []
      : (
          await sql<SumRow>`
            SELECT ${sql.join([...keys, ...(used.length > 0 ? [sql`GROUPING(${sql.join(keys)}) AS grouping_mask`] : []), sums])}
            FROM (SELECT *, staff_id <> '' AS with_officer FROM (${sql.join(parts, sql` UNION ALL `)}) AS u) AS r
            ${used.length > 0 ? sql`GROUP BY GROUPING SETS (${sql.join(sets.map((set) => sql`(${sql.join(set.map((d) => sql.ref(COLUMN[d])), sql`, `)})`))})` : sql``}`.execute(db)
        ).rows;
  // GROUPING() has a bit per dimension, set when that dimension is not part of the row's set.
  const maskOf = (set: readonly Dimension[]) => used.reduce((mask, d, i) => (set.includes(d) ? mask : mask | (1 << (used.length - 1 - i))), 0);
  return sets.map((set) => {
    const mask = maskOf(set);
    const groups = rows.filter((row) => used.length === 0 || Number(row.grouping_mask) === mask).map(toGroup);
    // The grand total of no rows at all is still one group, of zeros.
    return set.length === 0 && groups.length === 0 ? [toGroup({})] : groups;
  }) as { -readonly [K in keyof Sets]: RollupGroup[] };
}

function toGroup(row: SumRow): RollupGroup {
  const n = (column: string) => Number(row[column] ?? 0);
  const behaviours = emptyBehaviours();
  for (const key of CRITERIA_KEYS) behaviours[key] = { yes: n(`${key}_yes`), no: n(`${key}_no`) };
  return {
    unit: (row.unit_id as string | undefined) ?? null,
    counter: (row.counter_id as string | undefined) ?? null,
    staff: (row.staff_id as string | undefined) ?? null,
    deskRole: (row.desk_role as DeskRole | undefined) ?? null,
    month: row.month === undefined || row.month === null ? null : Number(row.month),
    withOfficer: (row.with_officer as boolean | undefined) ?? null,
    sums: {
      counts: { ratings: n('ratings'), verySatisfied: n('very_satisfied'), satisfied: n('satisfied'), notSatisfied: n('not_satisfied') },
      behaviours,
      comments: n('comments'),
    },
  };
}
