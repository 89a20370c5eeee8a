import type { Migration } from './types';

/** Settings, the roster (units, counters, staff), staff sessions and ratings. */
export const migration0001: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,              -- JSON
        updated_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE units (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        level TEXT NOT NULL
      ) STRICT;

      CREATE TABLE counters (
        id TEXT PRIMARY KEY,
        unit_id TEXT NOT NULL REFERENCES units(id),
        name TEXT NOT NULL,
        desk_role TEXT NOT NULL CHECK (desk_role IN ('reception', 'results'))
      ) STRICT;

      CREATE TABLE staff (
        id TEXT PRIMARY KEY,
        unit_id TEXT NOT NULL REFERENCES units(id),
        full_name TEXT NOT NULL,          -- NFC
        name_key TEXT NOT NULL,           -- searchKey(full_name): no case, tones or đ
        title TEXT NOT NULL,
        photo TEXT,
        badge_hash TEXT UNIQUE,           -- never the raw badge code
        pin_hash TEXT,
        active INTEGER NOT NULL CHECK (active IN (0, 1))
      ) STRICT;
      CREATE INDEX staff_name_key ON staff(name_key);

      CREATE TABLE staff_sessions (
        id TEXT PRIMARY KEY,
        staff_id TEXT NOT NULL REFERENCES staff(id),
        counter_id TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        ended_at INTEGER,
        end_reason TEXT
      ) STRICT;
      CREATE UNIQUE INDEX staff_sessions_one_open_per_counter
        ON staff_sessions(counter_id) WHERE ended_at IS NULL;

      -- Monotonic counters that must never go back, even if old rows are pruned.
      CREATE TABLE sequences (
        name TEXT PRIMARY KEY,
        value INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE ratings (
        seq INTEGER PRIMARY KEY,          -- per device, strictly increasing; the rowid (no extra index)
        id TEXT NOT NULL UNIQUE,          -- UUIDv7 made here
        flow_id TEXT NOT NULL UNIQUE,     -- one citizen's flow makes at most one rating
        device_id TEXT NOT NULL,
        unit_id TEXT NOT NULL,
        counter_id TEXT NOT NULL,
        desk_role TEXT NOT NULL CHECK (desk_role IN ('reception', 'results')),
        staff_id TEXT,
        staff_session_id TEXT,
        created_at INTEGER NOT NULL,      -- device clock, UTC ms
        clock_offset_ms INTEGER,
        scale TEXT NOT NULL,
        score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 3),
        criteria TEXT NOT NULL,           -- JSON: the eight keys, each true, false or null
        comment TEXT CHECK (comment IS NULL OR length(comment) <= 500),
        dossier_code TEXT,
        locale TEXT NOT NULL,
        duration_ms INTEGER,
        app_version TEXT NOT NULL,
        updated_at INTEGER NOT NULL,
        closed_at INTEGER,                -- the citizen's flow ended: no more details, ready to send
        sent_at INTEGER,                  -- acknowledged by the provincial server
        quarantined_at INTEGER,           -- refused by the server: kept for IT staff, not retried blindly
        quarantine_reason TEXT
      ) STRICT;
      CREATE INDEX ratings_unsent ON ratings(seq) WHERE sent_at IS NULL AND quarantined_at IS NULL;
      CREATE INDEX ratings_session ON ratings(staff_session_id, created_at);
    `);
  },
};
