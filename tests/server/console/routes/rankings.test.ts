/**
 * The console's fair rankings over HTTP, against figures worked out by hand from the seeded
 * counts (tests/server/reports/ranking-scope.ts): the order, the scores, the intervals, those
 * under the minimum apart; the scope of a unit head; the province's defaults; and bad input.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ranking, RankingSettings } from '../../../../shared/console/rankings';
import { backend } from '../../helpers';
import { seedRankingScope } from '../../reports/ranking-scope';
import { startConsoleServer, type ConsoleClient, type ConsoleTestServer } from '../harness';

const YEAR = 'from=2026-01-01&to=2026-12-31&kind=year';

/** (n·p + m·p̄) / (n + m) in percent with two decimals, as the test computes it. */
const score = (satisfied: number, n: number, prior: number, m: number) => Math.round(((satisfied + m * prior) / (n + m)) * 10_000) / 100;
const ranks = (ranking: Ranking) => ranking.ranked.map((r) => [r.key, r.rank]);

describe(`fair rankings in the console (${backend})`, () => {
  let server: ConsoleTestServer;
  let province: ConsoleClient;
  let districtHead: ConsoleClient;
  let communeHead: ConsoleClient;
  beforeAll(async () => {
    server = await startConsoleServer();
    await seedRankingScope(server.db, server.clock.now);
    await server.addUser('so.noivu', 'province');
    await server.addUser('truong.lucngan', 'unit_head', { unitId: 'bg-ln-motcua' });
    await server.addUser('truong.phuongson', 'unit_head', { unitId: 'bg-ln-phuongson' });
    await server.addUser('it.staff', 'it');
    await server.addUser('quantri', 'admin');
    province = server.client();
    await province.login('so.noivu');
    districtHead = server.client();
    await districtHead.login('truong.lucngan');
    communeHead = server.client();
    await communeHead.login('truong.phuongson');
  });
  afterAll(() => server?.close());

  it('ranks the province’s officers by the Bayesian score, with the count, the rate and the Wilson interval; 3 of 3 is not ranked', async () => {
    const answer = await province.get<Ranking>(`/rankings?${YEAR}&by=staff`);
    expect(answer.status).toBe(200);
    const ranking = answer.body;
    // p̄ = 495/550 = 90%, m = the median of 3, 50, 97, 100, 300 = 97; the minimum is 30.
    expect(ranking.parameters).toEqual({ minRatings: 30, weight: 97, weightFrom: 'median', scopeSatisfactionPct: 90, ratings: 550 });
    expect(ranks(ranking)).toEqual([
      ['st-000102', 1], // (291 + 87.3) / 397 = 95.29
      ['st-020301', 2], // 90.00, 100 ratings
      ['st-010201', 2], // 90.00, 50 ratings: the same score, the same rank, after the one with more ratings
      ['st-000103', 4], // (66 + 87.3) / 194 = 79.02
    ]);
    const best = ranking.ranked[0]!;
    expect(best).toMatchObject({ name: 'Trần Văn Đức', detail: 'Chuyên viên chính', unitId: 'bg-ttpvhcc', unitName: 'Trung tâm Phục vụ hành chính công tỉnh Bắc Giang' });
    expect(best.counts).toMatchObject({ ratings: 300, verySatisfied: 200, satisfied: 91, notSatisfied: 9, satisfactionPct: 97 });
    expect(best.scorePct).toBe(score(291, 300, 0.9, 97));
    expect([best.ciLowPct, best.ciHighPct]).toEqual([94.4, 98.4]); // Wilson, 291 of 300
    expect(ranking.ranked.map((r) => r.scorePct)).toEqual([95.29, 90, 90, 79.02]);

    // Not enough ratings: the officer with 3, then those of the scope never rated, never ranked.
    expect(ranking.notEnough[0]).toMatchObject({ key: 'st-000101', rank: null, counts: { ratings: 3, tooFew: true, satisfactionPct: null }, scorePct: null, ciLowPct: null });
    expect(ranking.notEnough.slice(1).every((r) => r.counts.ratings === 0 && r.rank === null)).toBe(true);
    expect(ranking.notEnough.map((r) => r.key)).not.toContain('st-010299'); // left, never rated
    expect(ranking.notEnough).toHaveLength(1 + 10);
  });

  it('ranks units each over its own counters, the ratings with no officer included', async () => {
    const { body } = await province.get<Ranking>(`/rankings?${YEAR}&by=unit`);
    // 560 ratings, 500 satisfied; counts 400, 60, 100: median 100.
    const prior = 500 / 560;
    expect(body.parameters).toMatchObject({ weight: 100, scopeSatisfactionPct: 89.3, ratings: 560 });
    expect(body.ranked.map((r) => [r.key, r.counts.ratings, r.scorePct, r.rank])).toEqual([
      ['bg-ttpvhcc', 400, score(360, 400, prior, 100), 1],
      ['bg-ln-phuongson', 100, score(90, 100, prior, 100), 2],
      ['bg-ln-motcua', 60, score(50, 60, prior, 100), 3],
    ]);
    expect(body.ranked[2]).toMatchObject({ detail: 'district', unitName: 'Bộ phận Một cửa UBND huyện Lục Ngạn' });
  });

  it('filters by desk role: the results desk alone', async () => {
    const { body } = await province.get<Ranking>(`/rankings?${YEAR}&by=staff&deskRole=results`);
    expect(body.deskRole).toBe('results');
    expect(ranks(body)).toEqual([['st-000103', 1]]);
    expect(body.ranked[0]!.scorePct).toBe(68.04); // alone: p̄ is their own rate, 66/97
    expect(body.parameters.ratings).toBe(97);
  });

  it('a unit head ranks within their unit and the units under it, and nowhere else', async () => {
    const own = await districtHead.get<Ranking>(`/rankings?${YEAR}&by=staff`);
    expect(own.status).toBe(200);
    expect(own.body.unit).toEqual({ id: 'bg-ln-motcua', name: 'Bộ phận Một cửa UBND huyện Lục Ngạn' });
    // p̄ = 135/150 = 90%, m = 75: both at 90.00 share the first rank.
    expect(ranks(own.body)).toEqual([
      ['st-020301', 1],
      ['st-010201', 1],
    ]);
    const keys = [...own.body.ranked, ...own.body.notEnough].map((r) => r.key);
    expect(keys.every((key) => key.startsWith('st-01') || key.startsWith('st-02'))).toBe(true);
    expect((await districtHead.get<Ranking>(`/rankings?${YEAR}&by=unit&unit=bg-ln-phuongson`)).body.ranked.map((r) => r.key)).toEqual(['bg-ln-phuongson']);

    for (const [client, unit] of [
      [districtHead, 'bg-ttpvhcc'],
      [communeHead, 'bg-ln-motcua'],
      [districtHead, 'no-such-unit'],
    ] as const) {
      const refused = await client.get(`/rankings?${YEAR}&by=staff&unit=${unit}`);
      expect(refused.status, unit).toBe(403);
      expect(refused.body.error).toBe('out_of_scope');
      expect(JSON.stringify(refused.body)).not.toContain('st-');
    }
  });

  it('refuses IT staff, administrators and anyone signed out', async () => {
    for (const login of ['it.staff', 'quantri']) {
      const client = server.client();
      await client.login(login);
      expect((await client.get(`/rankings?${YEAR}`)).body.error, login).toBe('forbidden');
      expect((await client.get('/rankings/settings')).status, login).toBe(403);
    }
    expect((await server.client().get(`/rankings?${YEAR}`)).status).toBe(401);
  });

  it('bad input gets a clear message in the user’s language: a minimum of 0 or below the figures’, a negative weight, a wrong period', async () => {
    const refused: [string, number, string, RegExp][] = [
      [`/rankings?${YEAR}&minRatings=0`, 400, 'ranking_minimum', /từ 5 trở lên/],
      [`/rankings?${YEAR}&minRatings=3`, 400, 'ranking_minimum', /từ 5 trở lên/],
      [`/rankings?${YEAR}&minRatings=12.5`, 400, 'ranking_minimum', /số nguyên/],
      [`/rankings?${YEAR}&weight=-1`, 400, 'ranking_weight', /không âm/],
      [`/rankings?${YEAR}&weight=abc`, 400, 'invalid_input', /weight/],
      [`/rankings?${YEAR}&by=district`, 400, 'invalid_input', /by/],
      ['/rankings?from=2026-02-30&to=2026-03-31', 400, 'invalid_period', /from/],
      ['/rankings?from=2026-01-01&to=2026-01-31&kind=year', 400, 'invalid_period', /kind/],
    ];
    for (const [path, status, error, message] of refused) {
      const answer = await province.get(path);
      expect(answer.status, path).toBe(status);
      expect(answer.body.error, path).toBe(error);
      expect(answer.body.message, path).toMatch(message);
    }
    province.language = 'en';
    expect((await province.get(`/rankings?${YEAR}&weight=-0.5`)).body.message).toMatch(/at least 0/);
    province.language = 'vi';
  });

  it('a minimum and a weight asked for apply to that ranking only', async () => {
    const { body } = await province.get<Ranking>(`/rankings?${YEAR}&minRatings=100&weight=30`);
    expect(body.parameters).toMatchObject({ minRatings: 100, weight: 30, weightFrom: 'request' });
    expect(body.ranked.map((r) => [r.key, r.scorePct])).toEqual([
      ['st-000102', score(291, 300, 0.9, 30)],
      ['st-020301', 90],
    ]);
    expect((await province.get<Ranking>(`/rankings?${YEAR}`)).body.parameters).toMatchObject({ minRatings: 30, weightFrom: 'median' });
  });

  it('the province sets the defaults (audited); unit heads may not; bad values change nothing', async () => {
    expect((await districtHead.get<{ settings: RankingSettings }>('/rankings/settings')).body.settings).toEqual({ minRatingsForRanking: 30, rankingWeight: null });
    expect((await districtHead.request('PUT', '/rankings/settings', { minRatingsForRanking: 5 })).status).toBe(403);
    for (const [change, error] of [
      [{ minRatingsForRanking: 0 }, 'ranking_minimum'],
      [{ minRatingsForRanking: 4 }, 'ranking_minimum'],
      [{ rankingWeight: -3 }, 'ranking_weight'],
      [{ rankingWeight: 'ten' }, 'invalid_input'],
      [{ somethingElse: 1 }, 'invalid_input'],
      [{}, 'invalid_input'],
    ] as const) {
      const answer = await province.request('PUT', '/rankings/settings', change);
      expect(answer.status, JSON.stringify(change)).toBe(400);
      expect(answer.body.error, JSON.stringify(change)).toBe(error);
    }
    expect((await province.get<{ settings: RankingSettings }>('/rankings/settings')).body.settings).toEqual({ minRatingsForRanking: 30, rankingWeight: null });

    const saved = await province.request<{ settings: RankingSettings }>('PUT', '/rankings/settings', { minRatingsForRanking: 60, rankingWeight: 20 });
    expect(saved.status).toBe(200);
    expect(saved.body.settings).toEqual({ minRatingsForRanking: 60, rankingWeight: 20 });
    const { body } = await communeHead.get<Ranking>(`/rankings?${YEAR}`);
    expect(body.parameters).toMatchObject({ minRatings: 60, weight: 20, weightFrom: 'setting' });
    expect(ranks(body)).toEqual([['st-020301', 1]]);
    // The figures' own settings are untouched by the ranking's.
    expect((await province.get('/settings')).body).toEqual({ settings: { minRatingsForFigures: 5 } });

    const audit = await server.db.selectFrom('console_audit').select(['login', 'details']).where('action', '=', 'settings_changed').execute();
    expect(audit).toEqual([{ login: 'so.noivu', details: JSON.stringify({ rankings: { minRatingsForRanking: 60, rankingWeight: 20 } }) }]);
    await province.request('PUT', '/rankings/settings', { minRatingsForRanking: 30, rankingWeight: null });
  });
});
