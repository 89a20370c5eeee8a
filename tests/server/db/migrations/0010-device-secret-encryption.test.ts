import { randomBytes } from 'node:crypto';
import { Migrator, sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATION_NAMES, migrateToLatest, serverMigrations } from '../../../../server/db/migrations';
import { deviceSecretContext } from '../../../../server/db/migrations/0010-device-secret-encryption';
import { SecretKeyRing } from '../../../../server/secret-keys';
import { databaseAt, type MigrationDb } from './harness';

const NAME = '0010-device-secret-encryption';
/** The migration just before this one, whichever it is once the numbers between land. */
const BEFORE = MIGRATION_NAMES[MIGRATION_NAMES.indexOf(NAME) - 1]!;
const PLAIN = 'Zq3v9R0c8sJxH2bqYt6wN1mPaL4kD7uE5fGhS0iToVw';

async function addPlaintextDevice(db: Kysely<unknown>): Promise<void> {
  await sql`INSERT INTO units (id, name, level) VALUES ('u1', 'Đơn vị', 'province')`.execute(db);
  await sql`INSERT INTO devices (id, secret, unit_id, name, app_version, enrolled_at) VALUES ('d1', ${PLAIN}, 'u1', 'K', '0.1.0', 1)`.execute(db);
}

describe('migration 0010-device-secret-encryption', () => {
  let m: MigrationDb;
  afterEach(() => m.close());

  it('seals the secrets stored in plaintext before it, with the key it is given', async () => {
    m = await databaseAt(BEFORE);
    await addPlaintextDevice(m.db as unknown as Kysely<unknown>);
    const keys = SecretKeyRing.of(randomBytes(32));
    const context = { keys, sealed: 0 };
    await m.migrateTo('0010-device-secret-encryption', context);
    expect(context.sealed).toBe(1);
    const row = await m.db.selectFrom('devices').select(['sealed_secret', 'secret_key_id']).executeTakeFirstOrThrow();
    expect(row.sealed_secret).not.toContain(PLAIN);
    expect(row.secret_key_id).toBe(keys.currentId);
    expect(keys.open({ keyId: row.secret_key_id, sealed: row.sealed_secret }, deviceSecretContext('d1'))).toBe(PLAIN);
  });

  it('refuses, changing nothing, when plaintext secrets are there and no key is given', async () => {
    m = await databaseAt(BEFORE);
    await addPlaintextDevice(m.db as unknown as Kysely<unknown>);
    await expect(m.migrateTo('0010-device-secret-encryption')).rejects.toThrow(/1 device secrets are stored in plaintext and must be encrypted: start once with DEVICE_SECRET_KEY_FILE/);
    const row = await sql<{ secret: string }>`SELECT secret FROM devices`.execute(m.db);
    expect(row.rows).toEqual([{ secret: PLAIN }]);
  });

  it('needs no key on a database without devices', async () => {
    m = await databaseAt(BEFORE);
    await m.migrateTo('0010-device-secret-encryption');
    expect(await m.db.selectFrom('devices').selectAll().execute()).toEqual([]);
  });

  it('still runs, and seals, on a database that already ran the migrations numbered after it', async () => {
    // Numbers are handed out to work in progress: a server may have run 0011 and 0020 before 0010 landed.
    m = await databaseAt(BEFORE);
    const db = m.db as unknown as Kysely<unknown>;
    const ours = new Set([NAME, '0013-enrolment-replay-address', '0014-conflict-caps', '0015-health-probe']);
    const earlier = Object.fromEntries(Object.entries(serverMigrations()).filter(([name]) => !ours.has(name)));
    const ran = await new Migrator({ db, provider: { getMigrations: async () => earlier } }).migrateToLatest();
    expect(ran.error).toBeUndefined();
    expect(ran.results?.map((r) => r.migrationName)).toEqual(expect.arrayContaining(['0011-it-roles-and-uncertain-times', '0020-monthly-report-mail']));
    await addPlaintextDevice(db);
    const keys = SecretKeyRing.of(randomBytes(32));
    await migrateToLatest(db, { keys });
    const row = await m.db.selectFrom('devices').select(['sealed_secret', 'secret_key_id']).executeTakeFirstOrThrow();
    expect(keys.open({ keyId: row.secret_key_id, sealed: row.sealed_secret }, deviceSecretContext('d1'))).toBe(PLAIN);
    const recorded = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(db);
    expect(recorded.rows.map((r) => r.name)).toEqual([...MIGRATION_NAMES].sort());
  });
});
