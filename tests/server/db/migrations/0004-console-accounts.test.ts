import { afterEach, describe, expect, it } from 'vitest';
import { databaseAt, type MigrationDb } from './harness';

const user = {
  id: 'u1',
  login: 'Ha.Nguyen',
  login_key: 'ha.nguyen',
  display_name: 'Nguyễn Thị Thu Hà',
  role: 'province' as const,
  unit_id: null,
  password_hash: 'scrypt$…',
  created_at: 1,
  updated_at: 1,
};

describe('migration 0004-console-accounts', () => {
  let m: MigrationDb;
  afterEach(() => m.close());

  it('makes accounts whose logins are unique whatever their case, and sessions that belong to one', async () => {
    m = await databaseAt('0003-unit-hierarchy');
    await m.migrateTo('0004-console-accounts');
    await m.db.insertInto('console_users').values(user).execute();
    await expect(m.db.insertInto('console_users').values({ ...user, id: 'u2', login: 'HA.NGUYEN' }).execute()).rejects.toThrow();
    await m.db.insertInto('console_sessions').values({ token_hash: 'h', user_id: 'u1', csrf_token: 'c', created_at: 1, last_seen_at: 1, expires_at: 2, address: null }).execute();
    await expect(
      m.db.insertInto('console_sessions').values({ token_hash: 'h2', user_id: 'nobody', csrf_token: 'c', created_at: 1, last_seen_at: 1, expires_at: 2, address: null }).execute(),
    ).rejects.toThrow();
    const row = await m.db.selectFrom('console_users').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ failed_logins: 0, locked_until: null, may_see_personal_data: false, locale: 'vi', disabled_at: null });
  });

  it('a unit head must have a unit, and only a unit head has one', async () => {
    m = await databaseAt('0004-console-accounts');
    await expect(m.db.insertInto('console_users').values({ ...user, role: 'unit_head' }).execute()).rejects.toThrow();
    await m.db.insertInto('units').values({ id: 'bg-ttpvhcc', name: 'Trung tâm', level: 'province' }).execute();
    await expect(m.db.insertInto('console_users').values({ ...user, unit_id: 'bg-ttpvhcc' }).execute()).rejects.toThrow();
    await m.db.insertInto('console_users').values({ ...user, role: 'unit_head', unit_id: 'bg-ttpvhcc' }).execute();
    await expect(m.db.insertInto('console_users').values({ ...user, id: 'u3', login_key: 'x', role: 'root' as never }).execute()).rejects.toThrow();
  });
});
