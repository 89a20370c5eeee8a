import { sql, type Kysely, type Migration } from 'kysely';
import { StartupError } from '../../errors';
import type { SecretKeyRing } from '../../secret-keys';

/** What the sealed badge signing key is bound to: a sealed value copied into another column does not open. */
export const BADGE_SIGNING_KEY_CONTEXT = 'nu-cuoi-badge-signing-key';

/** What a unit's sealed badge key is bound to: its own unit (a sealed key moved to another unit's row does not open). */
export function unitBadgeKeyContext(unitId: string): string {
  return `nu-cuoi-unit-badge-key:${unitId}`;
}

export interface BadgeKeyMigrationContext {
  /** The server's keys; needed only when the database holds badge keys in plaintext to seal. */
  keys: SecretKeyRing | undefined;
  /** Set to the number of keys sealed, so that the caller can vacuum their plaintext away. */
  sealedBadgeKeys?: number;
}

/**
 * The badge keys at rest, sealed with the server's keys like device secrets and the relay's
 * password (server/secret-keys.ts): in `badge_signing_key` and `unit_badge_keys`, `secret` becomes
 * `sealed_secret` with `secret_key_id` beside it. Keys stored in plaintext before are sealed here;
 * without a key to seal them the migration refuses, and the server does not start.
 */
export function sealedBadgeKeys(context: BadgeKeyMigrationContext): Migration {
  return {
    async up(db: Kysely<unknown>) {
      for (const table of ['badge_signing_key', 'unit_badge_keys']) {
        await sql.raw(`ALTER TABLE ${table} RENAME COLUMN secret TO sealed_secret`).execute(db);
        await sql.raw(`ALTER TABLE ${table} ADD COLUMN secret_key_id text`).execute(db);
      }
      const signing = await sql<{ sealed_secret: string }>`SELECT sealed_secret FROM badge_signing_key`.execute(db);
      const units = await sql<{ unit_id: string; sealed_secret: string }>`SELECT unit_id, sealed_secret FROM unit_badge_keys ORDER BY unit_id`.execute(db);
      const count = signing.rows.length + units.rows.length;
      if (count > 0 && !context.keys) {
        throw new StartupError(`${count} badge keys are stored in plaintext and must be encrypted: start once with DEVICE_SECRET_KEY_FILE (docs/server.md)`);
      }
      for (const row of signing.rows) {
        const { keyId, sealed } = context.keys!.seal(row.sealed_secret, BADGE_SIGNING_KEY_CONTEXT);
        await sql`UPDATE badge_signing_key SET sealed_secret = ${sealed}, secret_key_id = ${keyId}`.execute(db);
      }
      for (const row of units.rows) {
        const { keyId, sealed } = context.keys!.seal(row.sealed_secret, unitBadgeKeyContext(row.unit_id));
        await sql`UPDATE unit_badge_keys SET sealed_secret = ${sealed}, secret_key_id = ${keyId} WHERE unit_id = ${row.unit_id}`.execute(db);
      }
      for (const table of ['badge_signing_key', 'unit_badge_keys']) await sql.raw(`ALTER TABLE ${table} ALTER COLUMN secret_key_id SET NOT NULL`).execute(db);
      context.sealedBadgeKeys = count;
    },
  };
}
