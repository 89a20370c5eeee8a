import { DEFAULT_RANKING_SETTINGS, RankingSettingsSchema, type RankingSettings } from '../../shared/console/rankings';
import type { ServerDb } from '../db/connect';
import { rankingParameterProblem } from '../reports/rankings';
import { ConsoleError } from './errors';
import { readConsoleSettings, readSettings, storeSettings } from './settings';

/** The ranking's defaults the province set (the minimum, the weight m), over DOMAIN's: 30 and the median. */
export function readRankingSettings(db: ServerDb): Promise<RankingSettings> {
  return readSettings(db, RankingSettingsSchema, DEFAULT_RANKING_SETTINGS);
}

/** The minimum and the weight a ranking uses when the request names none: never a minimum below the figures'. */
export async function rankingDefaults(db: ServerDb): Promise<{ minRatings: number; weight: number | null; minRatingsForFigures: number }> {
  const [ranking, console] = await Promise.all([readRankingSettings(db), readConsoleSettings(db)]);
  return { minRatings: Math.max(ranking.minRatingsForRanking, console.minRatingsForFigures), weight: ranking.rankingWeight, minRatingsForFigures: console.minRatingsForFigures };
}

/** Checks a change against the figures' minimum (400 with its own message) and stores it. */
export async function writeRankingSettings(db: ServerDb, change: Partial<RankingSettings>, now: number): Promise<RankingSettings> {
  const { minRatingsForFigures } = await readConsoleSettings(db);
  const problem = rankingParameterProblem({ minRatings: change.minRatingsForRanking, weight: change.rankingWeight }, minRatingsForFigures);
  if (problem?.problem === 'minimum') throw new ConsoleError(400, 'ranking_minimum', { lowest: problem.lowest }, 'minRatingsForRanking');
  if (problem?.problem === 'weight') throw new ConsoleError(400, 'ranking_weight', {}, 'rankingWeight');
  await storeSettings(db, change, now);
  return readRankingSettings(db);
}
