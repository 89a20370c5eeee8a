import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffRanking } from '../../../server/reports/staff-ranking';
import { startConsoleServer, type ConsoleTestServer } from '../console/harness';
import { backend } from '../helpers';
import fixture from '../../fixtures/roster.json';
import { addKiosk, ingest, makeRating } from './ratings';

const YEAR = { from: '2026-01-01', to: '2026-12-31' };

describe(`the officer ranking's ground: every officer of a scope with their counts (${backend})`, () => {
  let server: ConsoleTestServer;
  beforeAll(async () => {
    server = await startConsoleServer();
    const at = server.clock.now - 3_600_000;
    const centre = await addKiosk(server.db, 'ttpvhcc-q01', server.clock.now);
    const commune = await addKiosk(server.db, 'ps-q01', server.clock.now);
    await ingest(server.db, centre, [1, 2, 3].map((score) => makeRating(centre, at, { staffId: 'st-000101', score: score as 1 | 2 | 3 })), server.clock.now);
    await ingest(server.db, centre, [makeRating(centre, at, { staffId: 'st-000102' }), makeRating(centre, at, { staffId: null })], server.clock.now);
    await ingest(server.db, commune, [makeRating(commune, at, { staffId: 'st-020301', score: 1 })], server.clock.now);
    // The officer then moves to the district: the ratings stay where they were given.
    await server.db.updateTable('staff').set({ unit_id: 'bg-ln-motcua' }).where('id', '=', 'st-000102').execute();
  });
  afterAll(() => server?.close());

  it('the province: every active officer, the rated ones first with their counts, never the ratings with no officer', async () => {
    const ranking = await staffRanking(server.db, null, YEAR);
    expect(ranking).toHaveLength(fixture.staff.filter((s) => s.active).length);
    expect(ranking.slice(0, 3).map((o) => [o.staffId, o.counts.ratings])).toEqual([
      ['st-000101', 3],
      ['st-020301', 1], // Lý Văn Sáng before Trần Văn Đức: equal counts go by name
      ['st-000102', 1],
    ]);
    expect(ranking[0]!.counts).toEqual({ ratings: 3, verySatisfied: 1, satisfied: 1, notSatisfied: 1 });
    expect(ranking.slice(3).every((o) => o.counts.ratings === 0)).toBe(true);
  });

  it('a unit’s scope: its officers, and an officer who left with the ratings given in it', async () => {
    const centre = await staffRanking(server.db, ['bg-ttpvhcc'], YEAR);
    const moved = centre.find((o) => o.staffId === 'st-000102')!;
    expect(moved).toMatchObject({ unitId: 'bg-ln-motcua', counts: { ratings: 1 } });
    expect(centre.filter((o) => o.unitId === 'bg-ttpvhcc').map((o) => o.staffId).sort()).toEqual(
      fixture.staff.filter((s) => s.unitId === 'bg-ttpvhcc' && s.active && s.id !== 'st-000102').map((s) => s.id).sort(),
    );
    const district = await staffRanking(server.db, ['bg-ln-motcua', 'bg-ln-phuongson'], YEAR);
    expect(district.find((o) => o.staffId === 'st-000102')!.counts.ratings).toBe(0);
    expect(district.find((o) => o.staffId === 'st-020301')!.counts.ratings).toBe(1);
    expect(await staffRanking(server.db, [], YEAR)).toEqual([]);
  });
});
