import { afterEach, describe, expect, it } from 'vitest';
import { databaseAt, type MigrationDb } from './harness';

describe('migration 0019-unit-counter-active', () => {
  let m: MigrationDb;
  afterEach(() => m.close());

  it('keeps every unit and counter there was, active', async () => {
    m = await databaseAt('0018-badge-code-owners');
    await m.db.insertInto('units').values({ id: 'u1', name: 'Đơn vị', level: 'district', parent_id: null }).execute();
    await m.db.insertInto('counters').values({ id: 'c1', unit_id: 'u1', name: 'Quầy 1', desk_role: 'reception' }).execute();
    await m.migrateTo('0019-unit-counter-active');
    expect(await m.db.selectFrom('units').select(['id', 'active']).execute()).toEqual([{ id: 'u1', active: true }]);
    expect(await m.db.selectFrom('counters').select(['id', 'active']).execute()).toEqual([{ id: 'c1', active: true }]);
  });
});
