import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { normalizeBadgeCode } from '../../../../shared/badge';
import { newBadgeKey } from '../../../../shared/node/badge-hash';
import { currentBadges, issuedBadgeCode, unitBadgeCredentials } from '../../../../server/badges';
import { BADGE_SIGNING_KEY_CONTEXT, unitBadgeKeyContext } from '../../../../server/db/migrations/0032-sealed-badge-keys';
import { SecretKeyRing } from '../../../../server/secret-keys';
import { databaseAt, type MigrationDb } from './harness';

const NAME = '0032-sealed-badge-keys';
const BEFORE = '0029-comment-counts-index';
const AT = Date.UTC(2026, 11, 1);

/** A unit with one officer, and the badge keys the server made in plaintext before 0032. */
async function addPlaintextKeys(db: Kysely<unknown>): Promise<{ signing: string; unit: string }> {
  const signing = newBadgeKey();
  const unit = newBadgeKey();
  await sql`INSERT INTO units (id, name, level, parent_id) VALUES ('u1', 'Trung tâm Phục vụ hành chính công', 'province', NULL)`.execute(db);
  await sql`INSERT INTO staff (id, unit_id, full_name, name_key, title, old_badge_hash, photo, active, badge_issue)
            VALUES ('s1', 'u1', 'Nguyễn Văn An', 'nguyen van an', 'Chuyên viên', NULL, NULL, true, 3)`.execute(db);
  await sql`INSERT INTO badge_signing_key (id, secret, created_at) VALUES (1, ${signing}, 1)`.execute(db);
  await sql`INSERT INTO unit_badge_keys (unit_id, secret, created_at) VALUES ('u1', ${unit}, 1)`.execute(db);
  return { signing, unit };
}

describe('migration 0032-sealed-badge-keys', () => {
  let m: MigrationDb;
  afterEach(() => m.close());

  it('seals the badge keys stored in plaintext before it: the rows hold no key, and badges still derive the same codes and hashes', async () => {
    m = await databaseAt(BEFORE);
    const plain = await addPlaintextKeys(m.db as unknown as Kysely<unknown>);
    const codeBefore = issuedBadgeCode(plain.signing, 's1', 3);
    const keys = SecretKeyRing.of(randomBytes(32));
    await m.migrateTo(NAME, { keys });

    const signing = await m.db.selectFrom('badge_signing_key').selectAll().executeTakeFirstOrThrow();
    const unit = await m.db.selectFrom('unit_badge_keys').selectAll().executeTakeFirstOrThrow();
    expect(JSON.stringify([signing, unit])).not.toContain(plain.signing);
    expect(JSON.stringify([signing, unit])).not.toContain(plain.unit);
    expect(signing.secret_key_id).toBe(keys.currentId);
    expect(unit.secret_key_id).toBe(keys.currentId);
    expect(keys.open({ keyId: signing.secret_key_id, sealed: signing.sealed_secret }, BADGE_SIGNING_KEY_CONTEXT)).toBe(plain.signing);
    expect(keys.open({ keyId: unit.secret_key_id, sealed: unit.sealed_secret }, unitBadgeKeyContext('u1'))).toBe(plain.unit);

    // The printed badge and the kiosks' hashes are those of before: no officer needs a new badge.
    const { badges } = await currentBadges(m.db, keys, 'u1', null, AT);
    expect(badges.map((b) => b.code)).toEqual([normalizeBadgeCode(codeBefore)]);
    const staff = await m.db.selectFrom('staff').select(['id', 'old_badge_hash', 'badge_issue']).execute();
    expect((await unitBadgeCredentials(m.db, keys, 'u1', staff, AT)).credentials.key).toBe(plain.unit);
  });

  it('keeps the badge keys from anyone without the server’s key: another key, or a unit key moved to another unit, opens nothing', async () => {
    m = await databaseAt(BEFORE);
    const plain = await addPlaintextKeys(m.db as unknown as Kysely<unknown>);
    const keys = SecretKeyRing.of(randomBytes(32));
    await m.migrateTo(NAME, { keys });
    const signing = await m.db.selectFrom('badge_signing_key').selectAll().executeTakeFirstOrThrow();
    const unit = await m.db.selectFrom('unit_badge_keys').selectAll().executeTakeFirstOrThrow();
    const wrong = SecretKeyRing.of(randomBytes(32));
    expect(() => wrong.open({ keyId: signing.secret_key_id, sealed: signing.sealed_secret }, BADGE_SIGNING_KEY_CONTEXT)).toThrow(/no key/);
    await expect(currentBadges(m.db, wrong, 'u1', null, AT)).rejects.toThrow(/no key/);
    await expect(currentBadges(m.db, SecretKeyRing.development(), 'u1', null, AT)).rejects.toThrow();
    // The right key, but the sealed value in another unit's row.
    const right = { keyId: unit.secret_key_id, sealed: unit.sealed_secret };
    expect(keys.open(right, unitBadgeKeyContext('u1'))).toBe(plain.unit);
    expect(() => keys.open(right, unitBadgeKeyContext('u2'))).toThrow();
  });

  it('refuses, changing nothing, when plaintext badge keys are there and no key is given', async () => {
    m = await databaseAt(BEFORE);
    const plain = await addPlaintextKeys(m.db as unknown as Kysely<unknown>);
    await expect(m.migrateTo(NAME)).rejects.toThrow(/2 badge keys are stored in plaintext/);
    const rows = await sql<{ secret: string }>`SELECT secret FROM badge_signing_key UNION ALL SELECT secret FROM unit_badge_keys`.execute(m.db);
    expect(rows.rows.map((r) => r.secret).sort()).toEqual([plain.signing, plain.unit].sort());
  });

  it('needs no key when no badge key was made yet, and the server then makes them sealed', async () => {
    m = await databaseAt(BEFORE);
    await m.migrateTo(NAME);
    expect(await m.db.selectFrom('badge_signing_key').selectAll().execute()).toEqual([]);
    await sql`INSERT INTO units (id, name, level, parent_id) VALUES ('u1', 'Bộ phận một cửa', 'district', NULL)`.execute(m.db);
    const keys = SecretKeyRing.of(randomBytes(32));
    const { credentials } = await unitBadgeCredentials(m.db, keys, 'u1', [], AT);
    const unit = await m.db.selectFrom('unit_badge_keys').selectAll().executeTakeFirstOrThrow();
    expect(unit.secret_key_id).toBe(keys.currentId);
    expect(unit.sealed_secret).not.toContain(credentials.key);
    expect(keys.open({ keyId: unit.secret_key_id, sealed: unit.sealed_secret }, unitBadgeKeyContext('u1'))).toBe(credentials.key);
  });
});
