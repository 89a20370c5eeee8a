/**
 * The console's report pages (shared/console/api.ts ReportSchema) for the province, a unit, a
 * counter and an officer, assembled from the rollups (rollup-query.ts). Every function checks the
 * subject against the user's scope first, and every query it runs is limited to that scope, so a
 * unit head never receives another unit's figures whatever id they ask for.
 */
import type { Counts, Report, ReportRow } from '../../shared/console/api';
import type { DeskRole } from '../../shared/rating';
import { monthsOf, previousPeriod, type Period } from '../../shared/reports/periods';
import type { ServerDb } from '../db/connect';
import { ConsoleError, type ConsoleLanguage } from '../console/errors';
import { subtreeOf, type UnitTreeNode, type UserScope } from '../console/scope';
import { rankRows, toBehaviours, toCounts } from './figures';
import { reportIntegrity } from './integrity-lines';
import { addSums, emptySums, sumRollups, total, type RollupFilter, type RollupGroup, type RollupSums } from './rollup-query';

export interface ReportOptions {
  period: Period;
  /** Only this desk role's ratings (the reception and results split is always given apart too). */
  deskRole: DeskRole | null;
  minRatings: number;
  language: ConsoleLanguage;
}

const PROVINCE_NAME: Record<ConsoleLanguage, string> = { vi: 'Toàn tỉnh', en: 'Whole province' };

type Crumb = Report['path'][number];

/** The units from the top of the user's scope down to `unitId`, as breadcrumbs. */
function unitPath(scope: UserScope, unitId: string, language: ConsoleLanguage): Crumb[] {
  const byId = new Map(scope.all.map((u) => [u.id, u]));
  const chain: UnitTreeNode[] = [];
  for (let unit = byId.get(unitId); unit && chain.length <= scope.all.length; unit = unit.parentId ? byId.get(unit.parentId) : undefined) {
    chain.unshift(unit);
    if (!scope.isProvince && unit.id === scope.user.unitId) break;
  }
  const units = chain.map((u): Crumb => ({ kind: 'unit', id: u.id, name: u.name }));
  return scope.isProvince ? [{ kind: 'province', id: null, name: PROVINCE_NAME[language] }, ...units] : units;
}

/** Rollup filter of a set of units within the user's scope (null: the whole province). */
function withinScope(scope: UserScope, unitIds: Set<string> | null): readonly string[] | null {
  if (unitIds === null) return scope.isProvince ? null : [...scope.visibleUnits().map((u) => u.id)];
  return [...unitIds].filter((id) => scope.includes(id));
}

const BY_ROLE_AND_MONTH = ['deskRole', 'month'] as const;

interface Measured {
  measures: Report['measures'];
  byDeskRole: Report['byDeskRole'];
}

/** Totals, behaviours and the trend of a subject from its (desk role, month) groups. */
function measure(groups: RollupGroup[], options: ReportOptions): Measured {
  const asked = (g: RollupGroup) => !options.deskRole || g.deskRole === options.deskRole;
  const sums = total(groups, asked);
  const trend = monthsOf(options.period).map((key) => {
    const month = Number(key.replace('-', ''));
    return { month: key, counts: toCounts(total(groups, (g) => asked(g) && g.month === month).counts, options.minRatings) };
  });
  const role = (deskRole: DeskRole) => toCounts(total(groups, (g) => g.deskRole === deskRole).counts, options.minRatings);
  return {
    measures: { totals: toCounts(sums.counts, options.minRatings), behaviours: toBehaviours(sums.behaviours, options.minRatings), trend },
    byDeskRole: { reception: role('reception'), results: role('results') },
  };
}

async function previousTotals(db: ServerDb, filter: RollupFilter, options: ReportOptions): Promise<Counts> {
  const [groups] = await sumRollups(db, previousPeriod(options.period), { ...filter, deskRole: options.deskRole }, [[]]);
  return toCounts(total(groups).counts, options.minRatings);
}

/** The units directly below `parentId` (null: the top units), each over its whole subtree, ranked. */
export function unitsBelow(scope: UserScope, parentId: string | null, byUnit: RollupGroup[], options: ReportOptions): ReportRow[] {
  const children = scope.visibleUnits().filter((u) => u.parentId === parentId && u.id !== parentId);
  const childOf = new Map<string, string>();
  for (const child of children) for (const id of subtreeOf(scope.all, child.id)) childOf.set(id, child.id);
  const sums = new Map(children.map((c) => [c.id, emptySums()]));
  for (const group of byUnit) {
    if (options.deskRole && group.deskRole !== options.deskRole) continue;
    const child = group.unit === null ? undefined : childOf.get(group.unit);
    if (child) addSums(sums.get(child)!, group.sums);
  }
  return rankRows(children.map((u) => ({ kind: 'unit', id: u.id, name: u.name, detail: u.level, counts: toCounts(sums.get(u.id)!.counts, options.minRatings) })));
}

function withoutOfficer(groups: RollupGroup[], options: ReportOptions): Counts {
  return toCounts(total(groups, (g) => g.withOfficer === false && (!options.deskRole || g.deskRole === options.deskRole)).counts, options.minRatings);
}

/** Officer rows from (desk role, staff) groups, with names, titles and, optionally, officers without ratings. */
async function staffRows(db: ServerDb, groups: RollupGroup[], options: ReportOptions, alsoOfUnit: string | null): Promise<ReportRow[]> {
  const sums = new Map<string, RollupSums>();
  for (const group of groups) {
    if (!group.staff || (options.deskRole && group.deskRole !== options.deskRole)) continue;
    sums.set(group.staff, addSums(sums.get(group.staff) ?? emptySums(), group.sums));
  }
  let query = db.selectFrom('staff').select(['id', 'full_name', 'title', 'unit_id', 'active']);
  const ids = [...sums.keys()];
  query = query.where((eb) => {
    const rated = ids.length > 0 ? eb('id', 'in', ids) : eb.val(false);
    return alsoOfUnit ? eb.or([rated, eb.and([eb('unit_id', '=', alsoOfUnit), eb('active', '=', true)])]) : rated;
  });
  const people = await query.execute();
  return rankRows(
    people.map((p) => ({ kind: 'staff', id: p.id, name: p.full_name, detail: p.title, counts: toCounts((sums.get(p.id) ?? emptySums()).counts, options.minRatings) })),
  );
}

function emptyCounts(options: ReportOptions): Counts {
  return toCounts(emptySums().counts, options.minRatings);
}

function periodOf(options: ReportOptions) {
  return { period: options.period, previousPeriod: previousPeriod(options.period), deskRole: options.deskRole, minRatingsForFigures: options.minRatings };
}

/** The whole province: for province-wide roles only. */
export async function provinceReport(db: ServerDb, scope: UserScope, options: ReportOptions): Promise<Report> {
  if (!scope.isProvince) throw new ConsoleError(403, 'forbidden');
  const filter: RollupFilter = { unitIds: null };
  const [byRoleMonth, byUnit, byOfficer] = await sumRollups(db, options.period, filter, [BY_ROLE_AND_MONTH, ['deskRole', 'unit'], ['deskRole', 'withOfficer']]);
  const { measures, byDeskRole } = measure(byRoleMonth, options);
  return {
    subject: { kind: 'province', id: null, name: PROVINCE_NAME[options.language], detail: null },
    path: [{ kind: 'province', id: null, name: PROVINCE_NAME[options.language] }],
    ...periodOf(options),
    measures,
    previousTotals: await previousTotals(db, filter, options),
    byDeskRole,
    units: unitsBelow(scope, null, byUnit, options),
    counters: [],
    staff: [],
    withoutOfficer: withoutOfficer(byOfficer, options),
    comparison: null,
    integrity: await reportIntegrity(db, options.period, { ...filter, deskRole: options.deskRole }),
  };
}

/** A unit and the units under it; its own counters and officers. */
export async function unitReport(db: ServerDb, scope: UserScope, unitId: string, options: ReportOptions): Promise<Report> {
  const unit = scope.requireUnit(unitId);
  const filter: RollupFilter = { unitIds: withinScope(scope, scope.subtree(unit.id)) };
  const [byRoleMonth, byUnit, byOfficer] = await sumRollups(db, options.period, filter, [BY_ROLE_AND_MONTH, ['deskRole', 'unit'], ['deskRole', 'withOfficer']]);
  const [byCounter, byStaff] = await sumRollups(db, options.period, { unitIds: [unit.id], deskRole: options.deskRole }, [['counter'], ['deskRole', 'staff']]);
  const { measures, byDeskRole } = measure(byRoleMonth, options);
  const counters = await db.selectFrom('counters').select(['id', 'name', 'desk_role']).where('unit_id', '=', unit.id).execute();
  const counterSums = new Map(byCounter.map((g) => [g.counter, g.sums]));
  return {
    subject: { kind: 'unit', id: unit.id, name: unit.name, detail: unit.level },
    path: unitPath(scope, unit.id, options.language),
    ...periodOf(options),
    measures,
    previousTotals: await previousTotals(db, filter, options),
    byDeskRole,
    units: unitsBelow(scope, unit.id, byUnit, options),
    counters: rankRows(
      counters.map((c) => ({ kind: 'counter', id: c.id, name: c.name, detail: c.desk_role, counts: toCounts((counterSums.get(c.id) ?? emptySums()).counts, options.minRatings) })),
    ),
    staff: await staffRows(db, byStaff, options, unit.id),
    withoutOfficer: withoutOfficer(byOfficer, options),
    comparison: null,
    integrity: await reportIntegrity(db, options.period, { ...filter, deskRole: options.deskRole }),
  };
}

/** One counter of a unit in scope, with the officers who served at it. */
export async function counterReport(db: ServerDb, scope: UserScope, counterId: string, options: ReportOptions): Promise<Report> {
  const counter = await db.selectFrom('counters').select(['id', 'name', 'unit_id', 'desk_role']).where('id', '=', counterId).executeTakeFirst();
  if (!counter) throw new ConsoleError(403, 'out_of_scope', { unit: counterId });
  scope.requireUnit(counter.unit_id);
  const filter: RollupFilter = { unitIds: withinScope(scope, new Set([counter.unit_id])), counterId: counter.id };
  const [byRoleMonth, byStaff, byOfficer] = await sumRollups(db, options.period, filter, [BY_ROLE_AND_MONTH, ['deskRole', 'staff'], ['deskRole', 'withOfficer']]);
  const { measures, byDeskRole } = measure(byRoleMonth, options);
  return {
    subject: { kind: 'counter', id: counter.id, name: counter.name, detail: counter.desk_role },
    path: [...unitPath(scope, counter.unit_id, options.language), { kind: 'counter', id: counter.id, name: counter.name }],
    ...periodOf(options),
    measures,
    previousTotals: await previousTotals(db, filter, options),
    byDeskRole,
    units: [],
    counters: [],
    staff: await staffRows(db, byStaff, options, null),
    withoutOfficer: withoutOfficer(byOfficer, options),
    comparison: null,
    integrity: await reportIntegrity(db, options.period, { ...filter, deskRole: options.deskRole }),
  };
}

/** One officer of a unit in scope, beside their unit's and the province's measures. */
export async function staffReport(db: ServerDb, scope: UserScope, staffId: string, options: ReportOptions): Promise<Report> {
  const officer = await db.selectFrom('staff').select(['id', 'full_name', 'title', 'unit_id']).where('id', '=', staffId).executeTakeFirst();
  if (!officer) throw new ConsoleError(403, 'out_of_scope', { unit: staffId });
  const unit = scope.requireUnit(officer.unit_id);
  // A unit head sees the officer's ratings in their scope only (not those of a unit they left).
  const filter: RollupFilter = { unitIds: withinScope(scope, null), staffId: officer.id };
  const [[mine], [ofUnit], [ofProvince]] = await Promise.all([
    sumRollups(db, options.period, filter, [BY_ROLE_AND_MONTH]),
    sumRollups(db, options.period, { unitIds: withinScope(scope, scope.subtree(unit.id)) }, [BY_ROLE_AND_MONTH]),
    sumRollups(db, options.period, { unitIds: null }, [BY_ROLE_AND_MONTH]),
  ]);
  const { measures, byDeskRole } = measure(mine, options);
  return {
    subject: { kind: 'staff', id: officer.id, name: officer.full_name, detail: officer.title },
    path: [...unitPath(scope, unit.id, options.language), { kind: 'staff', id: officer.id, name: officer.full_name }],
    ...periodOf(options),
    measures,
    previousTotals: await previousTotals(db, filter, options),
    byDeskRole,
    units: [],
    counters: [],
    staff: [],
    withoutOfficer: emptyCounts(options),
    comparison: { unit: { name: unit.name, ...measure(ofUnit, options).measures }, province: measure(ofProvince, options).measures },
    integrity: await reportIntegrity(db, options.period, { ...filter, deskRole: options.deskRole }),
  };
}
