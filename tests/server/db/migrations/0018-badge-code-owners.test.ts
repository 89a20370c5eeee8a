import { afterEach, describe, expect, it } from 'vitest';
import { databaseAt, type MigrationDb } from './harness';

describe('migration 0018-badge-code-owners', () => {
  let m: MigrationDb;
  afterEach(() => m.close());

  it('records who owns each old-format badge the server holds, the first by id when two records share one', async () => {
    m = await databaseAt('0017-fleet-monitoring');
    await m.db.insertInto('units').values({ id: 'u1', name: 'Đơn vị', level: 'district', parent_id: null }).execute();
    const officer = (id: string, hash: string | null) => ({ id, unit_id: 'u1', full_name: id, name_key: id, title: '', old_badge_hash: hash, photo: null, active: true });
    await m.db.insertInto('staff').values([officer('st-2', 'a'.repeat(64)), officer('st-1', 'a'.repeat(64)), officer('st-3', 'b'.repeat(64)), officer('st-4', null)]).execute();
    await m.migrateTo('0018-badge-code-owners');
    const owners = await m.db.selectFrom('badge_code_owners').select(['badge_hash', 'staff_id']).orderBy('badge_hash').execute();
    expect(owners).toEqual([
      { badge_hash: 'a'.repeat(64), staff_id: 'st-1' },
      { badge_hash: 'b'.repeat(64), staff_id: 'st-3' },
    ]);
    // A code has one owner for ever.
    await expect(m.db.insertInto('badge_code_owners').values({ badge_hash: 'b'.repeat(64), staff_id: 'st-4', first_seen_at: 1 }).execute()).rejects.toThrow();
  });
});
