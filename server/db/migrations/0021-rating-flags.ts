import type { Kysely, Migration } from 'kysely';
import { runStatements } from './statements';

/**
 * Flags on ratings for review (docs/integrity.md): each flag has one reason, the subject it is
 * about (a session, a device and day, …) so the same finding is not raised twice, the ratings it
 * covers, its evidence, and the reviewer's decision. A confirmed flag takes its ratings out of
 * reports; an open or dismissed one leaves them counted.
 */
export const ratingFlags: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      `CREATE TABLE rating_flags (
        id text PRIMARY KEY,
        reason text NOT NULL,
        subject text NOT NULL,
        status text NOT NULL CHECK (status IN ('open', 'confirmed', 'dismissed')),
        unit_id text NOT NULL,
        device_id text,
        staff_id text,
        staff_session_id text,
        first_at bigint NOT NULL,
        last_at bigint NOT NULL,
        rating_count integer NOT NULL,
        evidence text NOT NULL,
        created_at bigint NOT NULL,
        updated_at bigint NOT NULL,
        decided_by text,
        decided_at bigint,
        decision_note text,
        UNIQUE (reason, subject)
      )`,
      `CREATE INDEX rating_flags_review ON rating_flags (status, unit_id, created_at)`,
      `CREATE TABLE rating_flag_ratings (
        flag_id text NOT NULL REFERENCES rating_flags (id) ON DELETE CASCADE,
        rating_id text NOT NULL,
        PRIMARY KEY (flag_id, rating_id)
      )`,
      `CREATE INDEX rating_flag_ratings_rating ON rating_flag_ratings (rating_id)`,
    ]);
  },
};
