/**
 * The command line's report (`npm run admin -- report`): one table per unit, counter, officer,
 * behaviour or month of a period, from the same rollup queries as the console, so the two never
 * disagree. The same privacy rule holds: a group with fewer ratings than the console's minimum
 * keeps its counts and has no percentage.
 */
import { z } from 'zod';
import { checkPeriod, monthsOf, type Period } from '../../shared/reports/periods';
import { periodProblemMessage } from '../../shared/console/api';
import type { ScoreCounts } from '../../shared/reports/measures';
import type { ServerDb } from '../db/connect';
import { HttpError } from '../errors';
import { readConsoleSettings } from '../console/settings';
import { subtreeOf } from '../console/scope';
import { toBehaviours, toCounts } from './figures';
import { CRITERION_NAMES_VI, WITHOUT_OFFICER_VI } from './labels-vi';
import { integrityLinesVi, reportIntegrity } from './integrity-lines';
import { emptySums, sumRollups, total } from './rollup-query';
import { staffRanking } from './staff-ranking';

export const TABLE_GROUPINGS = ['unit', 'counter', 'staff', 'criterion', 'month'] as const;
export type TableGrouping = (typeof TABLE_GROUPINGS)[number];

export const ReportTableRequestSchema = z.strictObject({
  from: z.string(),
  to: z.string(),
  /** The unit and the units under it; absent for the whole province. */
  unitId: z.string().min(1).max(64).nullable().default(null),
  by: z.enum(TABLE_GROUPINGS),
});
export type ReportTableRequest = z.input<typeof ReportTableRequestSchema>;

export type Cell = string | number | null;
export interface ReportTable {
  header: string[];
  rows: Cell[][];
  /** Lines said beside the table (not part of the CSV): what the figures exclude and why (docs/integrity.md). */
  notes?: string[];
}

const COUNT_HEADER = ['ratings', 'very_satisfied', 'satisfied', 'not_satisfied', 'satisfaction_pct'];

function countCells(counts: ScoreCounts, minRatings: number): Cell[] {
  const shown = toCounts(counts, minRatings);
  return [shown.ratings, shown.verySatisfied, shown.satisfied, shown.notSatisfied, shown.satisfactionPct === null ? null : shown.satisfactionPct.toFixed(1)];
}

export async function reportTable(db: ServerDb, input: ReportTableRequest): Promise<ReportTable> {
  const parsed = ReportTableRequestSchema.safeParse(input);
  if (!parsed.success) throw new HttpError(400, 'invalid_input', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const request = parsed.data;
  const checked = checkPeriod({ from: request.from, to: request.to });
  if (!checked.ok) throw new HttpError(400, 'invalid_period', `--${checked.field}: ${periodProblemMessage(checked.problem)}`);
  const period: Period = checked.period;
  const units = (await db.selectFrom('units').select(['id', 'name', 'level', 'parent_id']).execute()).map((u) => ({ ...u, parentId: u.parent_id }));
  if (request.unitId !== null && !units.some((u) => u.id === request.unitId)) throw new HttpError(404, 'unknown_unit', `there is no unit ${request.unitId}`);
  const inScope = request.unitId === null ? null : subtreeOf(units, request.unitId);
  const unitIds = inScope === null ? null : [...inScope];
  const { minRatingsForFigures: min } = await readConsoleSettings(db);
  const table = await tableOf(db, request, { period, units, inScope, unitIds, min });
  return { ...table, notes: integrityLinesVi(await reportIntegrity(db, period, { unitIds })) };
}

interface TableContext {
  period: Period;
  units: { id: string; name: string; parentId: string | null }[];
  inScope: Set<string> | null;
  unitIds: string[] | null;
  min: number;
}

async function tableOf(db: ServerDb, request: z.output<typeof ReportTableRequestSchema>, { period, units, inScope, unitIds, min }: TableContext): Promise<ReportTable> {
  switch (request.by) {
    case 'unit': {
      const [byUnit] = await sumRollups(db, period, { unitIds }, [['unit']]);
      const sums = new Map(byUnit.map((g) => [g.unit, g.sums]));
      return {
        header: ['key', 'name', ...COUNT_HEADER, 'parent_id'],
        rows: treeOrder(units, request.unitId)
          .filter((u) => inScope === null || inScope.has(u.id))
          .map((u) => [u.id, u.name, ...countCells((sums.get(u.id) ?? emptySums()).counts, min), u.parentId]),
      };
    }
    case 'counter': {
      const [byCounter] = await sumRollups(db, period, { unitIds }, [['counter']]);
      const sums = new Map(byCounter.map((g) => [g.counter, g.sums]));
      let query = db.selectFrom('counters').select(['id', 'name', 'unit_id']).orderBy('unit_id').orderBy('name').orderBy('id');
      if (unitIds !== null) query = query.where('unit_id', 'in', unitIds);
      const counters = await query.execute();
      return {
        header: ['key', 'name', ...COUNT_HEADER, 'unit_id'],
        rows: counters.map((c) => [c.id, c.name, ...countCells((sums.get(c.id) ?? emptySums()).counts, min), c.unit_id]),
      };
    }
    case 'staff': {
      const officers = await staffRanking(db, unitIds, period);
      const [withoutOfficer] = await sumRollups(db, period, { unitIds, staffId: '' }, [[]]);
      return {
        header: ['key', 'name', ...COUNT_HEADER, 'unit_id'],
        rows: [
          ...officers.map((o) => [o.staffId, o.fullName, ...countCells(o.counts, min), o.unitId]),
          // So that the rows add up to the scope's total.
          ['', WITHOUT_OFFICER_VI, ...countCells(total(withoutOfficer).counts, min), null],
        ],
      };
    }
    case 'month': {
      const [byMonth] = await sumRollups(db, period, { unitIds }, [['month']]);
      return {
        header: ['key', 'name', ...COUNT_HEADER],
        rows: monthsOf(period).map((key) => {
          const month = Number(key.replace('-', ''));
          return [key, `Tháng ${key.slice(5)}/${key.slice(0, 4)}`, ...countCells(total(byMonth, (g) => g.month === month).counts, min)];
        }),
      };
    }
    case 'criterion': {
      const [all] = await sumRollups(db, period, { unitIds }, [[]]);
      return {
        header: ['key', 'name', 'answered', 'yes', 'yes_pct'],
        rows: toBehaviours(total(all).behaviours, min).map((b) => [b.key, CRITERION_NAMES_VI[b.key], b.answered, b.yes, b.yesPct === null ? null : b.yesPct.toFixed(1)]),
      };
    }
  }
}

/** Units depth first from the top (or from `rootId`), each parent before its children, siblings by name. */
export function treeOrder<T extends { id: string; name: string; parentId: string | null }>(units: T[], rootId: string | null): T[] {
  const children = new Map<string | null, T[]>();
  for (const unit of units) children.set(unit.parentId, [...(children.get(unit.parentId) ?? []), unit]);
  for (const list of children.values()) list.sort((a, b) => a.name.localeCompare(b.name, 'vi'));
  const ordered: T[] = [];
  const seen = new Set<string>();
  const visit = (unit: T) => {
    if (seen.has(unit.id)) return;
    seen.add(unit.id);
    ordered.push(unit);
    for (const child of children.get(unit.id) ?? []) visit(child);
  };
  for (const unit of rootId === null ? (children.get(null) ?? []) : units.filter((u) => u.id === rootId)) visit(unit);
  return ordered;
}
