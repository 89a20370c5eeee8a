import { afterEach, describe, expect, it } from 'vitest';
import { databaseAt, type MigrationDb } from './harness';

describe('migration 0014-conflict-caps', () => {
  let m: MigrationDb;
  afterEach(() => m.close());

  it('starts every enrolled device with no conflict left unkept', async () => {
    m = await databaseAt('0013-enrolment-replay-address');
    await m.db.insertInto('units').values({ id: 'u1', name: 'Đơn vị', level: 'province', parent_id: null }).execute();
    await m.db
      .insertInto('devices')
      .values({ id: 'd1', sealed_secret: 'c2VhbGVk', secret_key_id: 'k1', unit_id: 'u1', counter_id: null, name: 'K', app_version: '0.1.0', enrolled_at: 1, revoked_at: null, last_seen_at: null, last_heartbeat_at: null, pending_count: null, oldest_pending_age_ms: null, last_error: null, clock_offset_ms: null } as never)
      .execute();
    await m.migrateTo('0014-conflict-caps');
    expect(await m.db.selectFrom('devices').select(['id', 'conflicts_not_kept']).execute()).toEqual([{ id: 'd1', conflicts_not_kept: 0 }]);
  });
});
