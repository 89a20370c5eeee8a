import type { Kysely, Migration } from 'kysely';
import { runStatements } from './statements';

/**
 * Console accounts and their sessions. Passwords are kept as scrypt hashes; a session is known by
 * the sha256 of its cookie value, so a copy of the table does not give anyone a session.
 */
export const consoleAccounts: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      `CREATE TABLE console_users (
        id text PRIMARY KEY,
        login text NOT NULL,
        login_key text NOT NULL UNIQUE,
        display_name text NOT NULL,
        role text NOT NULL CHECK (role IN ('province', 'unit_head', 'it', 'admin')),
        unit_id text REFERENCES units (id),
        may_see_personal_data boolean NOT NULL DEFAULT false,
        locale text NOT NULL DEFAULT 'vi',
        password_hash text NOT NULL,
        created_at bigint NOT NULL,
        updated_at bigint NOT NULL,
        disabled_at bigint,
        last_login_at bigint,
        failed_logins integer NOT NULL DEFAULT 0,
        locked_until bigint,
        CHECK ((role = 'unit_head') = (unit_id IS NOT NULL))
      )`,
      `CREATE TABLE console_sessions (
        token_hash text PRIMARY KEY,
        user_id text NOT NULL REFERENCES console_users (id),
        csrf_token text NOT NULL,
        created_at bigint NOT NULL,
        last_seen_at bigint NOT NULL,
        expires_at bigint NOT NULL,
        address text
      )`,
      'CREATE INDEX console_sessions_user ON console_sessions (user_id)',
    ]);
  },
};
