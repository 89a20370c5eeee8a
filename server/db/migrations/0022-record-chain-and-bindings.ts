import type { Kysely, Migration } from 'kysely';
import { runStatements } from './statements';

/**
 * Every rating accounted for (docs/integrity.md): the history of each device's binding to a
 * counter, the staff session events kiosks send, each device's record chain (its links and where
 * it is broken), the per-session cap's refusal counts, and each device's ratings per day.
 */
export const recordChainAndBindings: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      // counter_id null: bound to its unit only (any counter of it).
      `CREATE TABLE device_bindings (
        device_id text NOT NULL,
        bound_at bigint NOT NULL,
        counter_id text,
        PRIMARY KEY (device_id, bound_at)
      )`,
      // Devices enrolled before this migration: bound to their present counter from the start.
      `INSERT INTO device_bindings (device_id, bound_at, counter_id) SELECT id, 0, counter_id FROM devices`,
      `CREATE TABLE session_events (
        id text PRIMARY KEY,
        device_id text NOT NULL,
        unit_id text NOT NULL,
        seq bigint NOT NULL,
        kind text NOT NULL CHECK (kind IN ('login', 'logout')),
        session_id text NOT NULL,
        staff_id text NOT NULL,
        counter_id text NOT NULL,
        reason text NOT NULL,
        created_at bigint NOT NULL,
        corrected_at bigint NOT NULL,
        received_at bigint NOT NULL,
        content_hash text NOT NULL
      )`,
      `CREATE INDEX session_events_session ON session_events (session_id)`,
      `CREATE INDEX session_events_device_time ON session_events (device_id, received_at)`,
      // A run of a device's chained records stored together whose links follow each other (checked
      // in memory at ingest): one row per batch instead of one per record.
      `CREATE TABLE chain_segments (
        device_id text NOT NULL,
        first_seq bigint NOT NULL,
        last_seq bigint NOT NULL,
        first_prev_hash text NOT NULL,
        last_hash text NOT NULL,
        records integer NOT NULL,
        received_at bigint NOT NULL,
        PRIMARY KEY (device_id, first_seq)
      )`,
      `CREATE INDEX chain_segments_last_hash ON chain_segments (last_hash)`,
      // Between two stored records of a device: seqs missing, or a link that does not match.
      `CREATE TABLE chain_breaks (
        device_id text NOT NULL,
        after_seq bigint NOT NULL,
        before_seq bigint NOT NULL,
        kind text NOT NULL CHECK (kind IN ('missing', 'altered')),
        detected_at bigint NOT NULL,
        PRIMARY KEY (device_id, after_seq)
      )`,
      `CREATE TABLE session_refusals (
        device_id text NOT NULL,
        staff_session_id text NOT NULL,
        counter_id text NOT NULL,
        refused integer NOT NULL,
        updated_at bigint NOT NULL,
        PRIMARY KEY (device_id, staff_session_id)
      )`,
      `CREATE TABLE device_day_volumes (
        device_id text NOT NULL,
        day integer NOT NULL,
        ratings integer NOT NULL,
        PRIMARY KEY (device_id, day)
      )`,
      // The lowest seq of the device's chained records: an unchained record after it is refused (no downgrade).
      `ALTER TABLE devices ADD COLUMN chain_from_seq bigint`,
    ]);
  },
};
