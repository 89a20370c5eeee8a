import { afterEach, describe, expect, it } from 'vitest';
import { databaseAt, type MigrationDb } from './harness';

describe('migration 0005-console-audit', () => {
  let m: MigrationDb;
  afterEach(() => m.close());

  it('keeps audit entries in order with their details', async () => {
    m = await databaseAt('0004-console-accounts');
    await m.migrateTo('0005-console-audit');
    for (const action of ['login', 'comments_viewed']) {
      await m.db.insertInto('console_audit').values({ at: 10, user_id: null, login: 'ha', role: 'province', action, details: '{"unit":"bg-ttpvhcc"}', address: '127.0.0.1' }).execute();
    }
    const rows = await m.db.selectFrom('console_audit').select(['id', 'action', 'details']).orderBy('id').execute();
    expect(rows.map((r) => r.action)).toEqual(['login', 'comments_viewed']);
    expect(rows[1]!.id).toBeGreaterThan(rows[0]!.id);
    expect(JSON.parse(rows[0]!.details)).toEqual({ unit: 'bg-ttpvhcc' });
  });
});
