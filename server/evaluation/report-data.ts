/**
 * The evaluation report of the province or of a unit (with the units under it) for a period: what
 * an official hands to the council for the yearly evaluation, the mid-term and final reviews and
 * rewards (DOMAIN.md). The figures come from the same rollup queries and the same measures as the
 * console's report pages (server/reports/), so the PDF, the spreadsheet and the console agree.
 *
 * The officers' ranking is the console's fair ranking (server/reports/rankings.ts: a Bayesian
 * average with its 95% interval, a minimum number of ratings below which nobody is ranked), with
 * the province's defaults: the report and the Rankings page give the same order.
 */
import { sql } from 'kysely';
import type { Behaviour, Counts, TrendPoint } from '../../shared/console/api';
import type { RankingRow } from '../../shared/console/rankings';
import { roleReadsComments } from '../../shared/console/api';
import { maskPersonalData } from '../../shared/personal-data';
import type { DeskRole } from '../../shared/rating';
import { monthsOf, periodBounds, previousPeriod, type Period } from '../../shared/reports/periods';
import type { ServerDb } from '../db/connect';
import { ConsoleError } from '../console/errors';
import type { UserScope } from '../console/scope';
import { toBehaviours, toCounts } from '../reports/figures';
import { PROVINCE_VI } from '../reports/labels-vi';
import { unitsBelow } from '../reports/report';
import { emptySums, sumRollups, total, type RollupFilter } from '../reports/rollup-query';
import { fairRanking } from '../reports/rankings';
import { staffRanking } from '../reports/staff-ranking';
import type { ReportIntegrity } from '../../shared/console/integrity';
import { reportIntegrity } from '../reports/integrity-lines';

/** Comments quoted per level of the scale: the newest ones, masked as in the console. */
export const QUOTED_COMMENTS_PER_SCORE = 5;

export interface EvaluationRow {
  id: string;
  name: string;
  /** A unit's level, a counter's desk role, an officer's title. */
  detail: string | null;
  /** The unit a counter or an officer belongs to; null for unit rows. */
  unitName: string | null;
  counts: Counts;
  rank: number | null;
  /** Ranked officers: the score the order is by and the 95% interval of the rate, percent (null below the figures' minimum). */
  fair?: { scorePct: number | null; ciLowPct: number | null; ciHighPct: number | null };
}

export interface QuotedComment {
  at: number;
  score: 1 | 2 | 3;
  unitName: string;
  counterName: string;
  staffName: string | null;
  text: string;
}

export interface EvaluationReport {
  subject: { kind: 'province' | 'unit'; id: string | null; name: string; level: string | null };
  period: Period;
  /** The campaign period's name when the period is one ("Tổng kết 2021–2025"). */
  periodName: string | null;
  previousPeriod: Period;
  generatedAt: number;
  minRatingsForFigures: number;
  totals: Counts;
  previousTotals: Counts;
  byDeskRole: Record<DeskRole, Counts>;
  behaviours: Behaviour[];
  trend: TrendPoint[];
  /** Units directly below the subject, each over its own subtree, ranked by satisfaction rate. */
  units: EvaluationRow[];
  /** Every counter of the scope, by unit then name. */
  counters: EvaluationRow[];
  /** Every officer of the scope (also those without a rating), by unit then name. */
  officers: EvaluationRow[];
  ranking: {
    /** The fair ranking (docs/console.md "Rankings"): its minimum, its weight m and p̄ as used. */
    minRatings: number;
    weight: number;
    scopeSatisfactionPct: number | null;
    /** Ranked officers, best first. */
    ranked: EvaluationRow[];
    /** Officers with ratings in the period but fewer than the ranking's minimum: listed apart, never ranked. */
    tooFew: number;
  };
  withoutOfficer: Counts;
  /** What the figures exclude and why, and the ratings with an uncertain time (docs/integrity.md). */
  integrity: ReportIntegrity;
  comments: {
    /** Comments per level of the scale (3, 2, 1). */
    byScore: { score: 1 | 2 | 3; count: number }[];
    total: number;
    /** Null for roles that do not read comments (IT staff, administrators): the counts alone. */
    quoted: QuotedComment[] | null;
    /** Phone numbers, e-mail addresses and ID numbers in the quoted comments were masked. */
    masked: boolean;
  };
}

export interface EvaluationRequest {
  /** null: the whole province (province-wide roles only). */
  unitId: string | null;
  period: Period;
  periodName?: string | null;
  minRatings: number;
  /** The fair ranking's minimum and weight (null: the median), as the province set them. */
  ranking: { minRatings: number; weight: number | null };
  now: number;
}

function byUnitThenName<T extends { unitName: string | null; name: string; id: string }>(a: T, b: T): number {
  return (a.unitName ?? '').localeCompare(b.unitName ?? '', 'vi') || a.name.localeCompare(b.name, 'vi') || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Gathers the report for `scope`'s user: the subject is checked against the scope first (403
 * out_of_scope, as the console's pages), and every query is limited to the scope.
 */
export async function evaluationReport(db: ServerDb, scope: UserScope, request: EvaluationRequest): Promise<EvaluationReport> {
  const { period, minRatings } = request;
  const subjectUnit = request.unitId === null ? null : scope.requireUnit(request.unitId);
  if (subjectUnit === null && !scope.isProvince) throw new ConsoleError(403, 'forbidden');
  const unitIds = subjectUnit === null ? null : [...scope.subtree(subjectUnit.id)].filter((id) => scope.includes(id));
  const filter: RollupFilter = { unitIds };
  const options = { period, deskRole: null, minRatings, language: 'vi' as const };

  const [[byRoleMonth, byUnit, byCounter, byOfficer], [previous], officers, counterRows, comments, ranking] = await Promise.all([
    sumRollups(db, period, filter, [['deskRole', 'month'], ['deskRole', 'unit'], ['counter'], ['withOfficer']]),
    sumRollups(db, previousPeriod(period), filter, [[]]),
    staffRanking(db, unitIds, period),
    (unitIds === null ? db.selectFrom('counters') : db.selectFrom('counters').where('unit_id', 'in', unitIds.length > 0 ? unitIds : [''])).select(['id', 'name', 'unit_id', 'desk_role']).execute(),
    commentsOf(db, scope, unitIds, period),
    fairRanking(db, { by: 'staff', period, unitIds, deskRole: null, minRatings: request.ranking.minRatings, weight: request.ranking.weight, minRatingsForFigures: minRatings }),
  ]);
  const unitName = new Map(scope.all.map((u) => [u.id, u.name]));
  const counts = (sums = emptySums()) => toCounts(sums.counts, minRatings);
  const all = total(byRoleMonth);

  const counterSums = new Map(byCounter.map((g) => [g.counter, g.sums]));
  const counters = counterRows
    .map((c): EvaluationRow => ({ id: c.id, name: c.name, detail: c.desk_role, unitName: unitName.get(c.unit_id) ?? c.unit_id, counts: counts(counterSums.get(c.id)), rank: null }))
    .sort(byUnitThenName);
  const officerRows = officers.map(
    (o): EvaluationRow => ({ id: o.staffId, name: o.fullName, detail: o.title, unitName: unitName.get(o.unitId) ?? o.unitId, counts: toCounts(o.counts, minRatings), rank: null }),
  );
  const rankedRow = (row: RankingRow): EvaluationRow => ({
    id: row.key,
    name: row.name,
    detail: row.detail,
    unitName: row.unitName,
    counts: row.counts,
    rank: row.rank,
    fair: { scorePct: row.scorePct, ciLowPct: row.ciLowPct, ciHighPct: row.ciHighPct },
  });

  return {
    subject: subjectUnit
      ? { kind: 'unit', id: subjectUnit.id, name: subjectUnit.name, level: subjectUnit.level }
      : { kind: 'province', id: null, name: PROVINCE_VI, level: null },
    period,
    periodName: request.periodName ?? null,
    previousPeriod: previousPeriod(period),
    generatedAt: request.now,
    minRatingsForFigures: minRatings,
    totals: counts(all),
    previousTotals: counts(total(previous)),
    byDeskRole: {
      reception: counts(total(byRoleMonth, (g) => g.deskRole === 'reception')),
      results: counts(total(byRoleMonth, (g) => g.deskRole === 'results')),
    },
    behaviours: toBehaviours(all.behaviours, minRatings),
    trend: monthsOf(period).map((key) => {
      const month = Number(key.replace('-', ''));
      return { month: key, counts: counts(total(byRoleMonth, (g) => g.month === month)) };
    }),
    units: unitsBelow(scope, subjectUnit?.id ?? null, byUnit, options).map((row) => ({
      id: row.id,
      name: row.name,
      detail: row.detail,
      unitName: null,
      counts: row.counts,
      rank: row.rank,
    })),
    counters,
    officers: officerRows.sort(byUnitThenName),
    ranking: {
      minRatings: request.ranking.minRatings,
      weight: ranking.weight,
      scopeSatisfactionPct: ranking.scopeSatisfactionPct,
      ranked: ranking.ranked.map(rankedRow),
      tooFew: ranking.notEnough.filter((row) => row.counts.ratings > 0).length,
    },
    withoutOfficer: counts(total(byOfficer, (g) => g.withOfficer === false)),
    integrity: await reportIntegrity(db, period, { unitIds }),
    comments,
  };
}

/** Comments per level and the newest few of each, read from the ratings table through the comment indexes (migration 0008). */
async function commentsOf(db: ServerDb, scope: UserScope, unitIds: string[] | null, period: Period): Promise<EvaluationReport['comments']> {
  const { start, end } = periodBounds(period);
  let base = db.selectFrom('ratings as r').where('r.comment', 'is not', null).where('r.corrected_at', '>=', start).where('r.corrected_at', '<', end);
  if (unitIds !== null) base = unitIds.length === 0 ? base.where(sql<boolean>`false`) : base.where('r.unit_id', 'in', unitIds);
  const perScore = await base.select(['r.score', sql<number>`count(*)::int`.as('n')]).groupBy('r.score').execute();
  const countOf = (score: number) => Number(perScore.find((row) => row.score === score)?.n ?? 0);
  const byScore = ([3, 2, 1] as const).map((score) => ({ score, count: countOf(score) }));
  const readsComments = roleReadsComments(scope.user.role);
  let quoted: QuotedComment[] | null = null;
  if (readsComments) {
    const lists = await Promise.all(
      ([1, 2, 3] as const).map((score) =>
        countOf(score) === 0
          ? Promise.resolve([])
          : base
              .where('r.score', '=', score)
              .innerJoin('units as u', 'u.id', 'r.unit_id')
              .innerJoin('counters as c', 'c.id', 'r.counter_id')
              .leftJoin('staff as s', 's.id', 'r.staff_id')
              .select(['r.corrected_at', 'r.score', 'u.name as unit_name', 'c.name as counter_name', 's.full_name', 'r.comment'])
              .orderBy('r.corrected_at', 'desc')
              .orderBy('r.id', 'desc')
              .limit(QUOTED_COMMENTS_PER_SCORE)
              .execute(),
      ),
    );
    quoted = lists.flat().map((row) => ({
      at: row.corrected_at,
      score: row.score as 1 | 2 | 3,
      unitName: row.unit_name,
      counterName: row.counter_name,
      staffName: row.full_name ?? null,
      text: scope.user.maySeePersonalData ? row.comment! : maskPersonalData(row.comment!).text,
    }));
  }
  return { byScore, total: byScore.reduce((sum, s) => sum + s.count, 0), quoted, masked: !scope.user.maySeePersonalData };
}
