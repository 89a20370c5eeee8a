import { afterEach, describe, expect, it } from 'vitest';
import { databaseAt, type MigrationDb } from './harness';

describe('migration 0003-unit-hierarchy', () => {
  let m: MigrationDb;
  afterEach(() => m.close());

  it('keeps existing units at the top, then a commune can sit under its district', async () => {
    m = await databaseAt('0002-enrolment-request-id');
    await m.db.insertInto('units').values([
      { id: 'bg-ln-motcua', name: 'Bộ phận Một cửa UBND huyện Lục Ngạn', level: 'district' },
      { id: 'bg-ln-phuongson', name: 'Bộ phận Một cửa UBND xã Phượng Sơn', level: 'commune' },
    ] as never).execute();
    await m.migrateTo('0003-unit-hierarchy');
    const before = await m.db.selectFrom('units').select(['id', 'parent_id']).orderBy('id').execute();
    expect(before).toEqual([
      { id: 'bg-ln-motcua', parent_id: null },
      { id: 'bg-ln-phuongson', parent_id: null },
    ]);
    await m.db.updateTable('units').set({ parent_id: 'bg-ln-motcua' }).where('id', '=', 'bg-ln-phuongson').execute();
    const commune = await m.db.selectFrom('units').select('parent_id').where('id', '=', 'bg-ln-phuongson').executeTakeFirstOrThrow();
    expect(commune.parent_id).toBe('bg-ln-motcua');
  });

  it('refuses a parent that does not exist', async () => {
    m = await databaseAt('0003-unit-hierarchy');
    await expect(
      m.db.insertInto('units').values({ id: 'x', name: 'X', level: 'commune', parent_id: 'nowhere' }).execute(),
    ).rejects.toThrow();
  });
});
