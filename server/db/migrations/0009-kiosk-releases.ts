import type { Kysely, Migration } from 'kysely';
import { runStatements } from './statements';

/**
 * The kiosk update feed (docs/updates.md): the province's release key, the releases uploaded (one
 * per version and platform; their files live under the server's releases folder), the files by
 * name, the state of each ring (pinned version), the kill switch, which ring each unit and kiosk is
 * in, and the updater state kiosks report.
 */
export const kioskReleases: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      `CREATE TABLE release_keys (
        public_key text PRIMARY KEY,
        registered_at bigint NOT NULL,
        retired_at bigint
      )`,
      // At most one key in force: the one kiosks pinned.
      'CREATE UNIQUE INDEX release_keys_one_in_force ON release_keys ((retired_at IS NULL)) WHERE retired_at IS NULL',
      `CREATE TABLE releases (
        version text NOT NULL,
        platform text NOT NULL CHECK (platform IN ('windows', 'linux')),
        manifest text NOT NULL,
        signature text NOT NULL,
        public_key text NOT NULL REFERENCES release_keys (public_key),
        folder text NOT NULL UNIQUE,
        uploaded_at bigint NOT NULL,
        PRIMARY KEY (version, platform)
      )`,
      `CREATE TABLE release_files (
        name text PRIMARY KEY,
        version text NOT NULL,
        platform text NOT NULL,
        size bigint NOT NULL,
        sha512 text NOT NULL,
        FOREIGN KEY (version, platform) REFERENCES releases (version, platform)
      )`,
      `CREATE TABLE release_promotions (
        version text PRIMARY KEY,
        promoted_at bigint NOT NULL
      )`,
      `CREATE TABLE update_rings (
        ring text PRIMARY KEY CHECK (ring IN ('pilot', 'everyone')),
        pinned_version text,
        updated_at bigint NOT NULL
      )`,
      `INSERT INTO update_rings (ring, pinned_version, updated_at) VALUES ('pilot', NULL, 0), ('everyone', NULL, 0)`,
      `CREATE TABLE update_feed (
        id integer PRIMARY KEY CHECK (id = 1),
        paused_at bigint
      )`,
      `INSERT INTO update_feed (id, paused_at) VALUES (1, NULL)`,
      `CREATE TABLE unit_update_rings (
        unit_id text PRIMARY KEY REFERENCES units (id) ON DELETE CASCADE,
        ring text NOT NULL CHECK (ring IN ('pilot', 'everyone')),
        updated_at bigint NOT NULL
      )`,
      `CREATE TABLE device_update_rings (
        device_id text PRIMARY KEY REFERENCES devices (id) ON DELETE CASCADE,
        ring text NOT NULL CHECK (ring IN ('pilot', 'everyone')),
        updated_at bigint NOT NULL
      )`,
      'ALTER TABLE devices ADD COLUMN updater_state text',
      'ALTER TABLE devices ADD COLUMN updater_reported_at bigint',
    ]);
  },
};
