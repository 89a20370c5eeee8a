import { sql, type Kysely, type Migration, type MigrationProvider, Migrator } from 'kysely';

/**
 * Migrations, in order, for PGlite and PostgreSQL alike (both are PostgreSQL). Never edit one
 * that has shipped: add the next. Kysely's Migrator records them and takes a lock.
 */
const migrations: Record<string, Migration> = {
  '0001-initial': {
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
  },
  '0002-enrolment-request-id': {
    // The kiosk's requestId for the enrolment that used a code: the same request asked again
    // (its answer was lost) gets the same device back instead of enrollment_code_used.
    async up(db: Kysely<unknown>) {
      await sql.raw('ALTER TABLE enrollment_codes ADD COLUMN request_id text').execute(db);
    },
  },
};

class InCodeMigrations implements MigrationProvider {
  async getMigrations() {
    return migrations;
  }
}

/** Brings the database up to the latest schema; throws (changing nothing of that step) on failure. */
export async function migrateToLatest(db: Kysely<unknown>): Promise<void> {
  const migrator = new Migrator({ db, provider: new InCodeMigrations() });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
  }
}
