import type { FastifyInstance } from 'fastify';
import { RankingQuerySchema, RankingSettingsChangeSchema, type Ranking } from '../../../shared/console/rankings';
import { CONSOLE_ROLES, roleReadsRankings } from '../../../shared/console/constants';
import type { ServerDb } from '../../db/connect';
import { fairRanking, rankingParameterProblem } from '../../reports/rankings';
import { writeAudit } from '../audit';
import { ConsoleError } from '../errors';
import { clientAddress, parseInput, requireSession, type ConsoleRequestSession } from '../guard';
import { requestedPeriod } from '../periods';
import type { ConsoleRouteOptions } from '../plugin';
import { rankingDefaults, readRankingSettings, writeRankingSettings } from '../ranking-settings';
import { UserScope } from '../scope';

const READERS = CONSOLE_ROLES.filter(roleReadsRankings);

/**
 * A fair ranking for the user's scope: the session and its role, the period, the unit against the
 * scope (a unit head ranks within their own units), the minimum and the weight — all checked
 * before any figure is read. The export of a ranking (routes/exports.ts) reads it through here.
 */
export async function rankingFor(db: ServerDb, session: ConsoleRequestSession, rawQuery: unknown): Promise<Ranking> {
  if (!roleReadsRankings(session.user.role)) throw new ConsoleError(403, 'forbidden');
  const query = parseInput(RankingQuerySchema, rawQuery);
  const period = requestedPeriod(query);
  const [scope, defaults] = await Promise.all([UserScope.of(db, session.user), rankingDefaults(db)]);
  const unitId = query.unit ?? (scope.isProvince ? null : session.user.unitId);
  const unit = unitId === null ? null : scope.requireUnit(unitId);
  const unitIds = unit === null ? (scope.isProvince ? null : scope.visibleUnits().map((u) => u.id)) : [...scope.subtree(unit.id)].filter((id) => scope.includes(id));
  const problem = rankingParameterProblem({ minRatings: query.minRatings, weight: query.weight }, defaults.minRatingsForFigures);
  if (problem?.problem === 'minimum') throw new ConsoleError(400, 'ranking_minimum', { lowest: problem.lowest }, 'minRatings');
  if (problem?.problem === 'weight') throw new ConsoleError(400, 'ranking_weight', {}, 'weight');
  const minRatings = query.minRatings ?? defaults.minRatings;
  const weight = query.weight ?? defaults.weight;
  const result = await fairRanking(db, { by: query.by, period, unitIds, deskRole: query.deskRole ?? null, minRatings, weight, minRatingsForFigures: defaults.minRatingsForFigures });
  return {
    by: query.by,
    period,
    deskRole: query.deskRole ?? null,
    unit: unit === null ? null : { id: unit.id, name: unit.name },
    parameters: {
      minRatings,
      weight: result.weight,
      weightFrom: query.weight !== undefined ? 'request' : weight !== null ? 'setting' : 'median',
      scopeSatisfactionPct: result.scopeSatisfactionPct,
      ratings: result.ratings,
    },
    ranked: result.ranked,
    notEnough: result.notEnough,
    minRatingsForFigures: defaults.minRatingsForFigures,
  };
}

/**
 * Fair rankings of officers and units (province and unit heads), and their defaults: read by
 * those who rank, set by the province (Sở Nội vụ) — each change audited.
 */
export async function rankingRoutes(app: FastifyInstance, { db, now }: ConsoleRouteOptions): Promise<void> {
  app.get('/rankings', async (request) => rankingFor(db, requireSession(request), request.query));

  app.get('/rankings/settings', async (request) => {
    requireSession(request, READERS);
    return { settings: await readRankingSettings(db) };
  });

  app.put('/rankings/settings', async (request) => {
    const session = requireSession(request, ['province']);
    const change = parseInput(RankingSettingsChangeSchema, request.body);
    const at = now();
    const settings = await writeRankingSettings(db, change, at);
    await writeAudit(db, { actor: session.user, action: 'settings_changed', details: { rankings: change }, address: clientAddress(request), at });
    return { settings };
  });
}
