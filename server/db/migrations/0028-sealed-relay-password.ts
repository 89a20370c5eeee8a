import { sql, type Kysely, type Migration } from 'kysely';
import { StartupError } from '../../errors';
import type { SecretKeyRing } from '../../secret-keys';

/** What a sealed relay password is bound to: a sealed value copied into another column does not open. */
export const RELAY_PASSWORD_CONTEXT = 'nu-cuoi-mail-relay-password';

/**
 * The SMTP relay's password at rest, sealed with the server's keys like device secrets
 * (server/secret-keys.ts): `mail_relay.password` becomes `sealed_password` with `password_key_id`
 * beside it. A password stored in plaintext before is sealed here; without a key to seal it the
 * migration refuses, and the server does not start.
 */
export function sealedRelayPassword(context: { keys: SecretKeyRing | undefined }): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await sql.raw('ALTER TABLE mail_relay RENAME COLUMN password TO sealed_password').execute(db);
      await sql.raw('ALTER TABLE mail_relay ADD COLUMN password_key_id text').execute(db);
      const plain = await sql<{ sealed_password: string }>`SELECT sealed_password FROM mail_relay WHERE sealed_password IS NOT NULL`.execute(db);
      if (plain.rows.length === 0) return;
      if (!context.keys) throw new StartupError('the SMTP relay password is stored in plaintext and must be encrypted: start once with DEVICE_SECRET_KEY_FILE (docs/server.md)');
      const { keyId, sealed } = context.keys.seal(plain.rows[0]!.sealed_password, RELAY_PASSWORD_CONTEXT);
      await sql`UPDATE mail_relay SET sealed_password = ${sealed}, password_key_id = ${keyId}`.execute(db);
    },
  };
}
