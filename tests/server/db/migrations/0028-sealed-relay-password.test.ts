import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { RELAY_PASSWORD_CONTEXT } from '../../../../server/db/migrations/0028-sealed-relay-password';
import { SecretKeyRing } from '../../../../server/secret-keys';
import { databaseAt, type MigrationDb } from './harness';

const NAME = '0028-sealed-relay-password';
const PLAIN = 'mật-khẩu-hộp-thư 2026';

async function addPlaintextRelay(db: Kysely<unknown>): Promise<void> {
  await sql`INSERT INTO mail_relay (id, host, port, security, username, password, from_address, updated_at)
            VALUES (1, 'smtp.bacgiang.gov.vn', 587, 'starttls', 'bao-cao', ${PLAIN}, 'bao-cao@bacgiang.gov.vn', 1)`.execute(db);
}

describe('migration 0028-sealed-relay-password', () => {
  let m: MigrationDb;
  afterEach(() => m.close());

  it('seals a relay password stored in plaintext before it, with the key it is given', async () => {
    m = await databaseAt('0020-monthly-report-mail');
    await addPlaintextRelay(m.db as unknown as Kysely<unknown>);
    const keys = SecretKeyRing.of(randomBytes(32));
    await m.migrateTo(NAME, { keys });
    const row = await m.db.selectFrom('mail_relay').selectAll().executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(PLAIN);
    expect(row).toMatchObject({ host: 'smtp.bacgiang.gov.vn', username: 'bao-cao', password_key_id: keys.currentId });
    expect(keys.open({ keyId: row.password_key_id!, sealed: row.sealed_password! }, RELAY_PASSWORD_CONTEXT)).toBe(PLAIN);
  });

  it('refuses, changing nothing, when a plaintext password is there and no key is given', async () => {
    m = await databaseAt('0020-monthly-report-mail');
    await addPlaintextRelay(m.db as unknown as Kysely<unknown>);
    await expect(m.migrateTo(NAME)).rejects.toThrow(/SMTP relay password is stored in plaintext/);
    const row = await sql<{ password: string }>`SELECT password FROM mail_relay`.execute(m.db);
    expect(row.rows).toEqual([{ password: PLAIN }]);
  });

  it('needs no key when no password was stored', async () => {
    m = await databaseAt('0020-monthly-report-mail');
    await m.migrateTo(NAME);
    expect(await m.db.selectFrom('mail_relay').selectAll().execute()).toEqual([]);
  });
});
