import type { Kysely, Migration } from 'kysely';
import { runStatements } from './statements';

/**
 * The fleet at a glance (docs/fleet.md): what the last heartbeat said beyond protocol v1's first
 * fields (free disk, the roster and config versions applied, what could not be applied, the
 * kiosk's own counter), which versions the server last served, a bounded history of heartbeats
 * per kiosk, and alerts — one open alert per kiosk and kind at most, ended when the kiosk recovers.
 */
export const fleetMonitoring: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      'ALTER TABLE devices ADD COLUMN free_disk_bytes bigint',
      'ALTER TABLE devices ADD COLUMN roster_version text',
      'ALTER TABLE devices ADD COLUMN settings_version text',
      'ALTER TABLE devices ADD COLUMN settings_problems text',
      'ALTER TABLE devices ADD COLUMN last_error_at bigint',
      'ALTER TABLE devices ADD COLUMN roster_served text',
      'ALTER TABLE devices ADD COLUMN settings_served text',
      `CREATE TABLE device_heartbeats (
        id bigserial PRIMARY KEY,
        device_id text NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
        at bigint NOT NULL,
        app_version text NOT NULL,
        pending_count integer NOT NULL,
        oldest_pending_age_ms bigint,
        clock_offset_ms bigint,
        free_disk_bytes bigint,
        last_error text,
        problems text
      )`,
      'CREATE INDEX device_heartbeats_device ON device_heartbeats (device_id, id)',
      `CREATE TABLE fleet_alerts (
        id bigserial PRIMARY KEY,
        device_id text NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
        kind text NOT NULL,
        started_at bigint NOT NULL,
        ended_at bigint,
        detail text NOT NULL,
        mailed_at bigint,
        mail_error text
      )`,
      'CREATE UNIQUE INDEX fleet_alerts_one_open ON fleet_alerts (device_id, kind) WHERE ended_at IS NULL',
      'CREATE INDEX fleet_alerts_started ON fleet_alerts (started_at)',
    ]);
  },
};
