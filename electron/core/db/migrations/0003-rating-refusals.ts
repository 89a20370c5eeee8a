import type { Migration } from './types';

/**
 * Ratings the core refused (too many for one staff session in a minute): counted, never lost
 * silently, so that IT staff and the provincial reports can see attempts at gaming the count.
 * A refusal keeps who and where, never the face that was tapped: nobody learns a citizen's choice
 * from it. One row per citizen flow and reason (a double tap of a refused flow counts once).
 */
export const migration0003: Migration = {
  version: 3,
  name: 'rating-refusals',
  up(db) {
    db.exec(`
      CREATE TABLE rating_refusals (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,              -- device clock, UTC ms
        reason TEXT NOT NULL CHECK (reason IN ('rate_limited')),
        flow_id TEXT NOT NULL,
        unit_id TEXT NOT NULL,
        counter_id TEXT NOT NULL,
        staff_id TEXT,
        staff_session_id TEXT,
        UNIQUE (flow_id, reason)
      ) STRICT;
      CREATE INDEX rating_refusals_session ON rating_refusals(staff_session_id, at);
      -- No new index on ratings: the cap without an officer counts through ratings_session
      -- (staff_session_id IS NULL, created_at), and every index is one more page written per tap.
    `);
  },
};
