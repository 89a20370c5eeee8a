import { afterEach, describe, expect, it } from 'vitest';
import { databaseAt, type MigrationDb } from './harness';

describe('migration 0011-it-roles-and-uncertain-times', () => {
  let m: MigrationDb;
  afterEach(() => m.close());

  it('gives existing staff no role and existing ratings a trusted time', async () => {
    m = await databaseAt('0006-report-periods-and-settings');
    await m.db.insertInto('units').values({ id: 'u1', name: 'Trung tâm', level: 'province', parent_id: null }).execute();
    await m.db.insertInto('counters').values({ id: 'c1', unit_id: 'u1', name: 'Quầy 01', desk_role: 'reception' }).execute();
    await m.db
      .insertInto('staff')
      // The staff table as at 0006: badge_hash was renamed by a later migration (0012).
      .values({ id: 'st-1', unit_id: 'u1', full_name: 'Nguyễn Thị Hà', name_key: 'nguyen thi ha', title: 'Chuyên viên', badge_hash: null, photo: null, active: true } as never)
      .execute();
    const rating = {
      id: 'r1', device_id: 'd1', seq: 1, unit_id: 'u1', counter_id: 'c1', desk_role: 'reception', staff_id: 'st-1', staff_session_id: null,
      created_at: 1, clock_offset_ms: null, corrected_at: 1, received_at: 1, batch_id: 'b1', scale: 'vn3', score: 3, criteria: '{}',
      comment: null, dossier_code: null, locale: 'vi', duration_ms: null, app_version: '0.1.0', content_hash: 'h1',
    };
    await m.db.insertInto('ratings').values(rating).execute();
    await m.migrateTo('0011-it-roles-and-uncertain-times');
    expect(await m.db.selectFrom('staff').select('roles').execute()).toEqual([{ roles: '[]' }]);
    expect(await m.db.selectFrom('ratings').select(['id', 'time_uncertain']).execute()).toEqual([{ id: 'r1', time_uncertain: false }]);
    await m.db.insertInto('ratings').values({ ...rating, id: 'r2', content_hash: 'h2', time_uncertain: true }).execute();
    const flagged = await m.db.selectFrom('ratings').select('id').where('time_uncertain', '=', true).where('unit_id', '=', 'u1').execute();
    expect(flagged).toEqual([{ id: 'r2' }]);
  });
});
