import { afterEach, describe, expect, it } from 'vitest';
import { databaseAt, type MigrationDb } from './harness';

describe('migration 0012-badges-and-failed-logins', () => {
  let m: MigrationDb;
  afterEach(() => m.close());

  it('keeps the hashes of HR’s badge codes as old-format badges, and gives everyone their first issued badge', async () => {
    m = await databaseAt('0006-report-periods-and-settings');
    await m.db.insertInto('units').values({ id: 'u1', name: 'Đơn vị', level: 'province', parent_id: null }).execute();
    await m.db
      .insertInto('staff')
      .values([
        { id: 's1', unit_id: 'u1', full_name: 'A', name_key: 'a', title: '', badge_hash: 'ab'.repeat(32), photo: null, active: true },
        { id: 's2', unit_id: 'u1', full_name: 'B', name_key: 'b', title: '', badge_hash: null, photo: null, active: true },
      ] as never)
      .execute();
    await m.migrateTo('0012-badges-and-failed-logins');
    const staff = await m.db.selectFrom('staff').select(['id', 'old_badge_hash', 'badge_issue']).orderBy('id').execute();
    expect(staff).toEqual([
      { id: 's1', old_badge_hash: 'ab'.repeat(32), badge_issue: 1 },
      { id: 's2', old_badge_hash: null, badge_issue: 1 },
    ]);
    expect(await m.db.selectFrom('badge_signing_key').selectAll().execute()).toEqual([]);
    expect(await m.db.selectFrom('unit_badge_keys').selectAll().execute()).toEqual([]);
  });

  it('holds one signing key, and unit keys only for units that exist', async () => {
    m = await databaseAt('0012-badges-and-failed-logins');
    await m.db.insertInto('badge_signing_key').values({ id: 1, secret: 'k', created_at: 1 } as never).execute();
    await expect(m.db.insertInto('badge_signing_key').values({ id: 2, secret: 'k', created_at: 1 } as never).execute()).rejects.toThrow();
    await expect(m.db.insertInto('unit_badge_keys').values({ unit_id: 'nowhere', secret: 'k', created_at: 1 } as never).execute()).rejects.toThrow();
  });
});
