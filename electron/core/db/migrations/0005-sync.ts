import type { Migration } from './types';

/**
 * The sync engine's own records: its bookkeeping (server, enrolment, ETags, last success and
 * error), a short journal of sync attempts for IT staff, and which batch acknowledged a rating.
 */
export const migration0005: Migration = {
  version: 5,
  name: 'sync',
  up(db) {
    db.exec(`
      CREATE TABLE sync_state (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,              -- JSON
        updated_at INTEGER NOT NULL
      ) STRICT;

      -- What IT staff read when a kiosk does not sync: the last attempts, pruned to a few hundred rows.
      CREATE TABLE sync_journal (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        kind TEXT NOT NULL,               -- 'batch', 'enrol', 'roster', 'config', 'heartbeat', 'error', …
        details TEXT NOT NULL DEFAULT '{}' -- JSON
      ) STRICT;

      ALTER TABLE ratings ADD COLUMN sent_batch_id TEXT;  -- the batch whose answer acknowledged it
      CREATE INDEX ratings_quarantined ON ratings(quarantined_at) WHERE quarantined_at IS NOT NULL;
    `);
  },
};
