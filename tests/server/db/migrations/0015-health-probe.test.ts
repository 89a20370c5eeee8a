import { afterEach, describe, expect, it } from 'vitest';
import { databaseAt, type MigrationDb } from './harness';

describe('migration 0015-health-probe', () => {
  let m: MigrationDb;
  afterEach(() => m.close());

  it('makes the one row the health route writes, and no second one', async () => {
    m = await databaseAt('0014-conflict-caps');
    await m.migrateTo('0015-health-probe');
    expect(await m.db.selectFrom('health_probe').selectAll().execute()).toEqual([{ id: 1, probed_at: 0 }]);
    await expect(m.db.insertInto('health_probe').values({ id: 2, probed_at: 1 }).execute()).rejects.toThrow();
  });
});
