import type { Migration } from './types';

/**
 * Every record accounted for (issue 14, docs/protocol.md "Record chain"): the kiosk keeps one
 * sequence for its ratings and its staff session events, and each record stores the link of the
 * one before it (`prev_hash`) and its own (`chain_hash`), made in the record's own transaction.
 * `chain_head` is the last record's seq and link, so a new record needs one row read.
 *
 * Ratings made before this migration keep no link (they are sent unchained); the chain starts
 * fresh (64 zeros) at the next record.
 */
export const migration0009: Migration = {
  version: 9,
  name: 'record-chain',
  up(db) {
    db.exec(`
      ALTER TABLE ratings ADD COLUMN prev_hash TEXT;
      ALTER TABLE ratings ADD COLUMN chain_hash TEXT;

      CREATE TABLE chain_head (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        seq INTEGER NOT NULL,              -- the last record's seq (ratings and session events share it)
        hash TEXT NOT NULL                 -- its link; 64 zeros before the first chained record
      ) STRICT;
      INSERT INTO chain_head (id, seq, hash)
        VALUES (1, max(coalesce((SELECT max(seq) FROM ratings), 0),
                       coalesce((SELECT value FROM sequences WHERE name = 'rating_seq'), 0)),
                '0000000000000000000000000000000000000000000000000000000000000000');

      CREATE TABLE session_events (
        seq INTEGER PRIMARY KEY,           -- in the one sequence shared with ratings
        id TEXT NOT NULL UNIQUE,           -- UUIDv7 made here
        kind TEXT NOT NULL CHECK (kind IN ('login', 'logout')),
        session_id TEXT NOT NULL,
        staff_id TEXT NOT NULL,
        counter_id TEXT NOT NULL,
        reason TEXT NOT NULL,
        created_at INTEGER NOT NULL,       -- device clock, UTC ms
        clock_offset_ms INTEGER,
        boot_id TEXT,
        monotonic_ms INTEGER,
        prev_hash TEXT NOT NULL,
        chain_hash TEXT NOT NULL,
        sent_at INTEGER,
        sent_batch_id TEXT,
        quarantined_at INTEGER,
        quarantine_reason TEXT
      ) STRICT;
      CREATE INDEX session_events_pending ON session_events(seq) WHERE sent_at IS NULL AND quarantined_at IS NULL;
    `);
  },
};
