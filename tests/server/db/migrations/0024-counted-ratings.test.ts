import { afterEach, describe, expect, it } from 'vitest';
import { databaseAt, type MigrationDb } from './harness';

describe('migration 0024-counted-ratings', () => {
  let m: MigrationDb;
  afterEach(() => m.close());

  it('takes the ratings with an uncertain time already stored out of the day and month rollups, and counts the others', async () => {
    m = await databaseAt('0021-rating-flags');
    await m.db.insertInto('units').values({ id: 'u1', name: 'Trung tâm', level: 'province', parent_id: null }).execute();
    const rating = {
      id: 'r1', device_id: 'd1', seq: 1, unit_id: 'u1', counter_id: 'c1', desk_role: 'reception', staff_id: null, staff_session_id: null,
      created_at: 1, clock_offset_ms: null, corrected_at: 1_780_000_000_000, received_at: 1_780_000_000_000, batch_id: 'b1', scale: 'vn3', score: 3,
      criteria: '{"greet":true}', comment: null, comment_key: null, dossier_code: null, locale: 'vi', duration_ms: null, app_version: '0.1.0', content_hash: 'h1',
    };
    await m.db.insertInto('ratings').values([rating, { ...rating, id: 'r2', content_hash: 'h2', score: 1, time_uncertain: true }] as never).execute();
    // The rollups as ingest kept them before 0024: both ratings counted on their day.
    const day = Math.floor((rating.corrected_at + 25_200_000) / 86_400_000);
    const key = { unit_id: 'u1', counter_id: 'c1', desk_role: 'reception', staff_id: '' };
    await m.db.insertInto('rating_rollup_days').values({ day, ...key, ratings: 2, very_satisfied: 1, not_satisfied: 1, greet_yes: 2 } as never).execute();
    await m.db.insertInto('rating_rollup_months').values({ month: 202605, ...key, ratings: 2, very_satisfied: 1, not_satisfied: 1, greet_yes: 2 } as never).execute();
    await m.migrateTo('0024-counted-ratings');
    const counted = await m.db.selectFrom('ratings').select(['id', 'counted']).orderBy('id').execute();
    expect(counted).toEqual([{ id: 'r1', counted: true }, { id: 'r2', counted: false }]);
    const days = await m.db.selectFrom('rating_rollup_days').select(['ratings', 'very_satisfied', 'not_satisfied', 'greet_yes']).execute();
    expect(days).toEqual([{ ratings: 1, very_satisfied: 1, not_satisfied: 0, greet_yes: 1 }]);
    const months = await m.db.selectFrom('rating_rollup_months').select(['month', 'ratings', 'not_satisfied']).execute();
    expect(months).toEqual([{ month: 202605, ratings: 1, not_satisfied: 0 }]);
  });
});
