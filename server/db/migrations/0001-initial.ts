import { sql, type Kysely, type Migration } from 'kysely';

/** Units, counters, staff, settings, enrolment codes, devices, ratings and conflicts kept aside. */
export const initial: Migration = {
  async up(db: Kysely<unknown>) {
    for (const statement of [
      `CREATE TABLE units (
      id text PRIMARY KEY,
      name text NOT NULL,
      level text NOT NULL
    )`,
      `CREATE TABLE counters (
      id text PRIMARY KEY,
      unit_id text NOT NULL REFERENCES units (id),
      name text NOT NULL,
      desk_role text NOT NULL
    )`,
      `CREATE TABLE staff (
      id text PRIMARY KEY,
      unit_id text NOT NULL REFERENCES units (id),
      full_name text NOT NULL,
      name_key text NOT NULL,
      title text NOT NULL,
      badge_hash text,
      photo text,
      active boolean NOT NULL
    )`,
      `CREATE INDEX staff_unit ON staff (unit_id)`,
      `CREATE TABLE kiosk_settings (
      scope text PRIMARY KEY,
      settings text NOT NULL,
      updated_at bigint NOT NULL
    )`,
      `CREATE TABLE enrollment_codes (
      code_hash text PRIMARY KEY,
      unit_id text NOT NULL REFERENCES units (id),
      counter_id text REFERENCES counters (id),
      created_at bigint NOT NULL,
      expires_at bigint NOT NULL,
      used_at bigint,
      device_id text
    )`,
      `CREATE TABLE devices (
      id text PRIMARY KEY,
      secret text NOT NULL,
      unit_id text NOT NULL REFERENCES units (id),
      counter_id text REFERENCES counters (id),
      name text NOT NULL,
      app_version text NOT NULL,
      enrolled_at bigint NOT NULL,
      revoked_at bigint,
      last_seen_at bigint,
      last_heartbeat_at bigint,
      pending_count integer,
      oldest_pending_age_ms bigint,
      last_error text,
      clock_offset_ms bigint
    )`,
      `CREATE TABLE ratings (
      id text PRIMARY KEY,
      device_id text NOT NULL,
      seq bigint NOT NULL,
      unit_id text NOT NULL,
      counter_id text NOT NULL,
      desk_role text NOT NULL,
      staff_id text,
      staff_session_id text,
      created_at bigint NOT NULL,
      clock_offset_ms bigint,
      corrected_at bigint NOT NULL,
      received_at bigint NOT NULL,
      batch_id text NOT NULL,
      scale text NOT NULL,
      score smallint NOT NULL,
      criteria text NOT NULL,
      comment text,
      dossier_code text,
      locale text NOT NULL,
      duration_ms bigint,
      app_version text NOT NULL,
      content_hash text NOT NULL
    )`,
      `CREATE INDEX ratings_unit_time ON ratings (unit_id, corrected_at)`,
      `CREATE INDEX ratings_staff_time ON ratings (staff_id, corrected_at)`,
      `CREATE INDEX ratings_device_seq ON ratings (device_id, seq)`,
      `CREATE TABLE rating_conflicts (
      serial bigserial PRIMARY KEY,
      rating_id text NOT NULL,
      device_id text NOT NULL,
      batch_id text NOT NULL,
      received_at bigint NOT NULL,
      content_hash text NOT NULL,
      content text NOT NULL,
      UNIQUE (rating_id, content_hash)
    )`,
    ]) {
      // One statement per query: PGlite's extended protocol runs one at a time.
      await sql.raw(statement).execute(db);
    }
  },
};
