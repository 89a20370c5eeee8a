import type { Kysely, Migration } from 'kysely';
import { runStatements } from './statements';

/**
 * Badges no one can forge (issue 13, finding 4), and failed logins counted for IT staff.
 * - Staff keep the hash of their old-format code (the one in HR's files) only for the migration
 *   window, so the column says so; each officer's current badge is issue `badge_issue` of a code
 *   the server derives with its badge signing key (server/badges.ts), so no code is stored at all.
 * - Each unit gets its own key for the keyed hashes its kiosks keep; both kinds of key are made by
 *   the server at first use.
 * - Kiosks report how many staff logins they refused in the last 24 hours with their heartbeat.
 */
export const badgesAndFailedLogins: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      `ALTER TABLE staff RENAME COLUMN badge_hash TO old_badge_hash`,
      `ALTER TABLE staff ADD COLUMN badge_issue integer NOT NULL DEFAULT 1`,
      `CREATE TABLE badge_signing_key (
        id integer PRIMARY KEY CHECK (id = 1),
        secret text NOT NULL,
        created_at bigint NOT NULL
      )`,
      `CREATE TABLE unit_badge_keys (
        unit_id text PRIMARY KEY REFERENCES units (id),
        secret text NOT NULL,
        created_at bigint NOT NULL
      )`,
      `ALTER TABLE devices ADD COLUMN failed_badge_logins integer`,
      `ALTER TABLE devices ADD COLUMN failed_pin_logins integer`,
    ]);
  },
};
