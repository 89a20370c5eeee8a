import { sql, type Kysely, type Migration } from 'kysely';
import { StartupError } from '../../errors';
import type { SecretKeyRing } from '../../secret-keys';

/** What a sealed device secret is bound to: its own device (a sealed value moved to another row does not open). */
export function deviceSecretContext(deviceId: string): string {
  return `nu-cuoi-device-secret:${deviceId}`;
}

export interface DeviceSecretMigrationContext {
  /** The server's keys; needed only when the database holds plaintext secrets to seal. */
  keys: SecretKeyRing | undefined;
  /** Set to the number of secrets sealed, so that the caller can vacuum their plaintext away. */
  sealed?: number;
}

/**
 * Device secrets at rest, sealed (server/secret-keys.ts): `devices.secret` becomes `sealed_secret`
 * with `secret_key_id` beside it. Secrets stored in plaintext before are sealed here, at the first
 * start with a key; without one the migration refuses, and the server does not start.
 */
export function deviceSecretEncryption(context: DeviceSecretMigrationContext): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await sql.raw('ALTER TABLE devices RENAME COLUMN secret TO sealed_secret').execute(db);
      await sql.raw('ALTER TABLE devices ADD COLUMN secret_key_id text').execute(db);
      const plain = await sql<{ id: string; sealed_secret: string }>`SELECT id, sealed_secret FROM devices ORDER BY id`.execute(db);
      if (plain.rows.length > 0 && !context.keys) {
        throw new StartupError(
          `${plain.rows.length} device secrets are stored in plaintext and must be encrypted: start once with DEVICE_SECRET_KEY_FILE (docs/server.md)`,
        );
      }
      for (const row of plain.rows) {
        const { keyId, sealed } = context.keys!.seal(row.sealed_secret, deviceSecretContext(row.id));
        await sql`UPDATE devices SET sealed_secret = ${sealed}, secret_key_id = ${keyId} WHERE id = ${row.id}`.execute(db);
      }
      await sql.raw('ALTER TABLE devices ALTER COLUMN secret_key_id SET NOT NULL').execute(db);
      context.sealed = plain.rows.length;
    },
  };
}
