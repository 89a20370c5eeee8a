import type { Kysely, Migration } from 'kysely';
import { runStatements } from './statements';

/**
 * Kiosks managed from the console (docs/fleet.md): pairing requests of kiosks that are not
 * enrolled (approved or refused by IT staff), settings overriding the unit's for one kiosk, and
 * the commands IT staff queue for a kiosk (picked up with its heartbeat, ending done, failed or
 * expired).
 */
export const kioskPairingSettingsCommands: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      `CREATE TABLE pairing_requests (
        id text PRIMARY KEY,
        code text NOT NULL,
        poll_token_hash text NOT NULL,
        device_name text NOT NULL,
        app_version text NOT NULL,
        address text,
        created_at bigint NOT NULL,
        expires_at bigint NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'approved', 'refused')),
        decided_at bigint,
        decided_by text,
        unit_id text REFERENCES units (id),
        counter_id text REFERENCES counters (id),
        enrolment_code_hash text,
        device_id text REFERENCES devices (id)
      )`,
      // A code names one request while it is pending: IT staff type it from the kiosk's screen.
      "CREATE UNIQUE INDEX pairing_requests_pending_code ON pairing_requests (code) WHERE status = 'pending'",
      'CREATE INDEX pairing_requests_created ON pairing_requests (created_at)',
      `CREATE TABLE device_settings (
        device_id text PRIMARY KEY REFERENCES devices (id) ON DELETE CASCADE,
        settings text NOT NULL,
        updated_at bigint NOT NULL
      )`,
      `CREATE TABLE device_commands (
        id text PRIMARY KEY,
        device_id text NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
        kind text NOT NULL,
        created_at bigint NOT NULL,
        created_by text,
        expires_at bigint NOT NULL,
        delivered_at bigint,
        finished_at bigint,
        outcome text CHECK (outcome IN ('done', 'failed')),
        error text,
        diagnostics text
      )`,
      'CREATE INDEX device_commands_device ON device_commands (device_id, created_at)',
    ]);
  },
};
