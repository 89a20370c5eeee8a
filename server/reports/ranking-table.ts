/**
 * The command line's fair ranking (`npm run admin -- ranking`): the console's ranking
 * (rankings.ts) as one table, ranked rows first, then those with not enough ratings with an
 * empty rank. The administrator's command line reads the whole province or any unit.
 */
import { z } from 'zod';
import { periodProblemMessage } from '../../shared/console/api';
import { RANKING_SUBJECTS } from '../../shared/console/constants';
import type { RankingRow } from '../../shared/console/rankings';
import { DeskRoleSchema } from '../../shared/rating';
import { checkPeriod } from '../../shared/reports/periods';
import type { ServerDb } from '../db/connect';
import { HttpError } from '../errors';
import { rankingDefaults } from '../console/ranking-settings';
import { subtreeOf } from '../console/scope';
import { fairRanking, rankingParameterProblem } from './rankings';
import type { ReportTable } from './table';

export const RankingTableRequestSchema = z.strictObject({
  from: z.string(),
  to: z.string(),
  /** The unit and the units under it; absent for the whole province. */
  unitId: z.string().min(1).max(64).nullable().default(null),
  by: z.enum(RANKING_SUBJECTS),
  deskRole: DeskRoleSchema.nullable().default(null),
  /** Other than the province's settings, for this ranking only. */
  minRatings: z.number().optional(),
  weight: z.number().optional(),
});
export type RankingTableRequest = z.input<typeof RankingTableRequestSchema>;

export const RANKING_TABLE_HEADER = ['rank', 'key', 'name', 'ratings', 'satisfaction_pct', 'score', 'ci_low_pct', 'ci_high_pct'];

const fixed = (value: number | null, digits: number) => (value === null ? null : value.toFixed(digits));

function tableRow(row: RankingRow): ReportTable['rows'][number] {
  return [row.rank, row.key, row.name, row.counts.ratings, fixed(row.counts.satisfactionPct, 1), fixed(row.scorePct, 2), fixed(row.ciLowPct, 1), fixed(row.ciHighPct, 1)];
}

export async function rankingTable(db: ServerDb, input: RankingTableRequest): Promise<ReportTable> {
  const parsed = RankingTableRequestSchema.safeParse(input);
  if (!parsed.success) throw new HttpError(400, 'invalid_input', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const request = parsed.data;
  const checked = checkPeriod({ from: request.from, to: request.to });
  if (!checked.ok) throw new HttpError(400, 'invalid_period', `--${checked.field}: ${periodProblemMessage(checked.problem)}`);
  const defaults = await rankingDefaults(db);
  const problem = rankingParameterProblem(request, defaults.minRatingsForFigures);
  if (problem?.problem === 'minimum') {
    throw new HttpError(400, 'ranking_minimum', `--min-ratings: the minimum number of ratings for a ranking must be a whole number of at least ${problem.lowest} (the minimum behind any figure)`);
  }
  if (problem?.problem === 'weight') throw new HttpError(400, 'ranking_weight', '--weight: the weight of a ranking must be a number of at least 0 (leave it out for the median)');
  const units = (await db.selectFrom('units').select(['id', 'parent_id']).execute()).map((u) => ({ id: u.id, parentId: u.parent_id }));
  if (request.unitId !== null && !units.some((u) => u.id === request.unitId)) throw new HttpError(404, 'unknown_unit', `there is no unit ${request.unitId}`);
  const result = await fairRanking(db, {
    by: request.by,
    period: checked.period,
    unitIds: request.unitId === null ? null : [...subtreeOf(units, request.unitId)],
    deskRole: request.deskRole,
    minRatings: request.minRatings ?? defaults.minRatings,
    weight: request.weight ?? defaults.weight,
    minRatingsForFigures: defaults.minRatingsForFigures,
  });
  return { header: RANKING_TABLE_HEADER, rows: [...result.ranked, ...result.notEnough].map(tableRow) };
}
