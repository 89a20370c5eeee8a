import { afterEach, describe, expect, it } from 'vitest';
import { databaseAt, type MigrationDb } from './harness';

describe('migration 0020-monthly-report-mail', () => {
  let m: MigrationDb;
  afterEach(() => m.close());

  it('adds the relay, holidays, subscriptions and sends; one send per account and month, a subscription goes with its account', async () => {
    m = await databaseAt('0009-kiosk-releases');
    await m.migrateTo('0020-monthly-report-mail');
    await m.db
      .insertInto('console_users')
      .values({ id: 'u1', login: 'a', login_key: 'a', display_name: 'A', role: 'province', unit_id: null, password_hash: 'x', created_at: 0, updated_at: 0, disabled_at: null, last_login_at: null, locked_until: null })
      .execute();
    await m.db.insertInto('report_subscriptions').values({ user_id: 'u1', email: 'a@b.vn', created_at: 0, updated_at: 0 }).execute();
    const send = { user_id: 'u1', month: '2026-10', email: 'a@b.vn', status: 'sending' as const, attempts: 1, claimed_at: 0, next_attempt_at: null, sent_at: null, last_error: null };
    await m.db.insertInto('monthly_report_sends').values(send).execute();
    await expect(m.db.insertInto('monthly_report_sends').values(send).execute()).rejects.toThrow();
    await expect(m.db.insertInto('monthly_report_sends').values({ ...send, month: '2026-11', status: 'lost' as 'sent' }).execute()).rejects.toThrow();
    await expect(m.db.insertInto('mail_relay').values({ id: 2, host: 'h', port: 25, security: 'none', username: null, password: null, from_address: 'a@b.vn', updated_at: 0 } as never).execute()).rejects.toThrow();
    await m.db.deleteFrom('console_users').where('id', '=', 'u1').execute();
    expect(await m.db.selectFrom('report_subscriptions').selectAll().execute()).toEqual([]);
    expect(await m.db.selectFrom('monthly_report_sends').selectAll().execute()).toEqual([]);
  });
});
