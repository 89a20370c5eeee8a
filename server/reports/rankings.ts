/**
 * Fair rankings of officers and of units for rewards (docs/console.md "Rankings"), for the
 * console and the command line alike: the counts come from the rollups (staffRanking and
 * sumRollups, the same as the report pages), the order from shared/reports/fair-ranking.ts.
 */
import type { RankingRow } from '../../shared/console/rankings';
import type { RankingSubject } from '../../shared/console/constants';
import type { DeskRole } from '../../shared/rating';
import { rankFairly, type FairRankingEntry, type RankingCandidate } from '../../shared/reports/fair-ranking';
import { percent } from '../../shared/reports/measures';
import type { Period } from '../../shared/reports/periods';
import type { ServerDb } from '../db/connect';
import { toCounts } from './figures';
import { emptySums, sumRollups } from './rollup-query';
import { staffRanking } from './staff-ranking';

export interface RankingRequest {
  by: RankingSubject;
  period: Pick<Period, 'from' | 'to'>;
  /** The units whose ratings count (a unit and the units under it); null for the province. */
  unitIds: readonly string[] | null;
  deskRole: DeskRole | null;
  minRatings: number;
  /** m; null for the median. */
  weight: number | null;
  /** No share below this (the console's setting): rows under it show their count only. */
  minRatingsForFigures: number;
}

export interface RankingResult {
  ranked: RankingRow[];
  notEnough: RankingRow[];
  weight: number;
  scopeSatisfactionPct: number | null;
  ratings: number;
}

/** Why a minimum or a weight cannot be used: the console and the command line each say it in their words. */
export type RankingParameterProblem = { problem: 'minimum'; lowest: number } | { problem: 'weight' };

/**
 * A ranking's minimum must be a whole number of at least 1, and never below the minimum behind
 * any figure (ranked rows show their shares); its weight a number of at least 0.
 */
export function rankingParameterProblem(parameters: { minRatings?: number | undefined; weight?: number | null | undefined }, minRatingsForFigures: number): RankingParameterProblem | null {
  const lowest = Math.max(1, minRatingsForFigures);
  const { minRatings, weight } = parameters;
  if (minRatings !== undefined && !(Number.isInteger(minRatings) && minRatings >= lowest && minRatings <= 100_000)) return { problem: 'minimum', lowest };
  if (weight !== undefined && weight !== null && !(Number.isFinite(weight) && weight >= 0 && weight <= 1_000_000)) return { problem: 'weight' };
  return null;
}

interface Candidate extends RankingCandidate {
  detail: string | null;
  unitId: string;
}

async function officerCandidates(db: ServerDb, request: RankingRequest): Promise<Candidate[]> {
  const officers = await staffRanking(db, request.unitIds, request.period, request.deskRole);
  return officers.map((o) => ({ key: o.staffId, name: o.fullName, detail: o.title, unitId: o.unitId, counts: o.counts }));
}

/** Units with a counter or a rating in the period, each over its own counters (not the units under it). */
async function unitCandidates(db: ServerDb, request: RankingRequest, units: Map<string, { name: string; level: string }>): Promise<Candidate[]> {
  const [byUnit] = await sumRollups(db, request.period, { unitIds: request.unitIds, deskRole: request.deskRole }, [['unit']]);
  const sums = new Map(byUnit.map((g) => [g.unit!, g.sums]));
  let withCounters = db.selectFrom('counters').select('unit_id').distinct();
  if (request.deskRole) withCounters = withCounters.where('desk_role', '=', request.deskRole);
  if (request.unitIds !== null) withCounters = request.unitIds.length > 0 ? withCounters.where('unit_id', 'in', request.unitIds) : withCounters.where((eb) => eb.val(false));
  const ids = new Set([...(await withCounters.execute()).map((c) => c.unit_id), ...sums.keys()]);
  return [...ids]
    .filter((id) => units.has(id))
    .map((id) => ({ key: id, name: units.get(id)!.name, detail: units.get(id)!.level, unitId: id, counts: (sums.get(id) ?? emptySums()).counts }));
}

/** Percent with one decimal of a fraction. */
const pct = (fraction: number) => Math.round(fraction * 1000) / 10;

export async function fairRanking(db: ServerDb, request: RankingRequest): Promise<RankingResult> {
  const units = new Map((await db.selectFrom('units').select(['id', 'name', 'level']).execute()).map((u) => [u.id, u]));
  const candidates = request.by === 'staff' ? await officerCandidates(db, request) : await unitCandidates(db, request, units);
  const ranking = rankFairly(candidates, { minRatings: request.minRatings, weight: request.weight });
  const row = (entry: FairRankingEntry<Candidate>): RankingRow => {
    const { candidate } = entry;
    const counts = toCounts(candidate.counts, request.minRatingsForFigures);
    // Below the figures' minimum a score or an interval would tell as much as a share.
    const shown = counts.ratings > 0 && !counts.tooFew;
    return {
      rank: entry.rank,
      key: candidate.key,
      name: candidate.name,
      detail: candidate.detail,
      unitId: candidate.unitId,
      unitName: units.get(candidate.unitId)?.name ?? candidate.unitId,
      counts,
      scorePct: shown ? entry.scorePct : null,
      ciLowPct: shown && entry.interval ? pct(entry.interval.low) : null,
      ciHighPct: shown && entry.interval ? pct(entry.interval.high) : null,
    };
  };
  const satisfied = candidates.reduce((sum, c) => sum + c.counts.verySatisfied + c.counts.satisfied, 0);
  return {
    ranked: ranking.ranked.map(row),
    notEnough: ranking.notEnough.map(row),
    weight: ranking.weight,
    scopeSatisfactionPct: percent(satisfied, ranking.ratings),
    ratings: ranking.ratings,
  };
}
