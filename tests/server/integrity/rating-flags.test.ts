import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type OpenedDatabase } from '../../../server/db/connect';
import { raiseFlag } from '../../../server/integrity/rating-flags';
import { backend, freshPostgresDatabase } from '../helpers';

describe(`a finding on ratings is one flag per reason and subject (${backend})`, () => {
  let database: OpenedDatabase;
  let drop = async () => {};
  beforeAll(async () => {
    if (backend === 'postgres') {
      const fresh = await freshPostgresDatabase();
      drop = fresh.drop;
      database = await openDatabase({ databaseUrl: fresh.url });
    } else database = await openDatabase({});
  });
  afterAll(async () => {
    await database?.close();
    await drop();
  });

  const finding = (ids: string[], at: number) => ({
    reason: 'burst' as const,
    subject: 'session:s-1',
    unitId: 'bg-ttpvhcc',
    deviceId: 'd-1',
    staffId: 'cb-001',
    staffSessionId: 's-1',
    ratings: ids.map((id, i) => ({ id, at: at + i * 1000 })),
    evidence: { ratings: ids.length, seconds: ids.length },
  });

  it('the same burst found again adds its further ratings to the open flag, never a second flag, never a rating twice', async () => {
    const first = await raiseFlag(database.db, finding(['r1', 'r2', 'r3'], 10_000), 50_000);
    const again = await raiseFlag(database.db, finding(['r3', 'r4'], 5_000), 60_000);
    expect(again).toBe(first);
    const flags = await database.db.selectFrom('rating_flags').selectAll().execute();
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({ status: 'open', rating_count: 4, first_at: 5_000, last_at: 12_000, created_at: 50_000, updated_at: 60_000 });
    expect(JSON.parse(flags[0]!.evidence)).toEqual({ ratings: 2, seconds: 2 });
    const covered = await database.db.selectFrom('rating_flag_ratings').select('rating_id').orderBy('rating_id').execute();
    expect(covered.map((r) => r.rating_id)).toEqual(['r1', 'r2', 'r3', 'r4']);
  });

  it('a finding that covers no rating is refused, and nothing is stored', async () => {
    await expect(raiseFlag(database.db, { ...finding([], 0), subject: 'session:s-2' }, 70_000)).rejects.toThrow(/at least one rating/);
    expect(await database.db.selectFrom('rating_flags').select('id').where('subject', '=', 'session:s-2').execute()).toEqual([]);
  });
});
