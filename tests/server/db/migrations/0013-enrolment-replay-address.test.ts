import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATION_NAMES } from '../../../../server/db/migrations';
import { databaseAt, type MigrationDb } from './harness';

const NAME = '0013-enrolment-replay-address';
/** The migration just before this one, whichever it is once the numbers between land. */
const BEFORE = MIGRATION_NAMES[MIGRATION_NAMES.indexOf(NAME) - 1]!;

describe('migration 0013-enrolment-replay-address', () => {
  let m: MigrationDb;
  afterEach(() => m.close());

  it('keeps codes used before it without an address, so that they are never replayed', async () => {
    m = await databaseAt(BEFORE);
    await m.db.insertInto('units').values({ id: 'u1', name: 'Đơn vị', level: 'province', parent_id: null }).execute();
    await m.db
      .insertInto('enrollment_codes')
      .values({ code_hash: 'h1', unit_id: 'u1', counter_id: null, created_at: 1, expires_at: 2, used_at: 1, device_id: 'd1', request_id: 'r1' } as never)
      .execute();
    await m.migrateTo(NAME);
    const row = await m.db.selectFrom('enrollment_codes').select(['request_id', 'request_address']).executeTakeFirstOrThrow();
    expect(row).toEqual({ request_id: 'r1', request_address: null });
  });
});
