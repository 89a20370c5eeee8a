import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type OpenedDatabase } from '../../../server/db/connect';
import { readRelay, sendThroughRelay, writeRelay } from '../../../server/mail/relay';
import { SecretKeyRing } from '../../../server/secret-keys';
import { backend, freshPostgresDatabase } from '../helpers';
import { startSmtpServer, type TestSmtpServer } from './smtp';

const PASSWORD = 'mật-khẩu-hộp-thư 2026';
const TIMEOUTS = { connect: 2_000, greeting: 2_000, idle: 2_000 };
const keys = SecretKeyRing.development();

describe(`the SMTP relay's password (${backend})`, () => {
  let database: OpenedDatabase;
  let smtp: TestSmtpServer;
  let drop = async () => {};
  beforeAll(async () => {
    if (backend === 'postgres') {
      const fresh = await freshPostgresDatabase();
      drop = fresh.drop;
      database = await openDatabase({ databaseUrl: fresh.url });
    } else database = await openDatabase({});
    smtp = await startSmtpServer({ credentials: { username: 'bao-cao', password: PASSWORD } });
  });
  afterAll(async () => {
    await smtp?.close();
    await database?.close();
    await drop();
  });

  const mail = { to: 'truong.lucngan@bacgiang.gov.vn', subject: 'Thử', text: 'Thử', attachments: [] };

  it('is stored sealed — the table holds no plaintext — and signs the server in to a relay that requires it', async () => {
    await writeRelay(database.db, keys, { host: '127.0.0.1', port: smtp.port, security: 'none', username: 'bao-cao', password: PASSWORD, fromAddress: 'bao-cao@bacgiang.gov.vn' }, 1_000);
    const row = await database.db.selectFrom('mail_relay').selectAll().executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(PASSWORD);
    expect(row.password_key_id).toBe(keys.currentId);
    const relay = (await readRelay(database.db, keys))!;
    expect(relay.password).toBe(PASSWORD);
    await sendThroughRelay(relay, mail, TIMEOUTS);
    expect(smtp.received).toHaveLength(1);
  });

  it('a change without a password keeps the stored one; a wrong password is refused by the relay', async () => {
    await writeRelay(database.db, keys, { host: '127.0.0.1', port: smtp.port, security: 'none', username: 'bao-cao', fromAddress: 'thong-bao@bacgiang.gov.vn' }, 2_000);
    const kept = (await readRelay(database.db, keys))!;
    expect(kept).toMatchObject({ password: PASSWORD, fromAddress: 'thong-bao@bacgiang.gov.vn' });
    await expect(sendThroughRelay({ ...kept, password: 'sai' }, mail, TIMEOUTS)).rejects.toThrow(/Invalid username or password/);
    expect(smtp.received).toHaveLength(1);
  });

  it('does not open with another server’s keys', async () => {
    const other = SecretKeyRing.of(Buffer.alloc(32, 7));
    await expect(readRelay(database.db, other)).rejects.toThrow();
  });
});
