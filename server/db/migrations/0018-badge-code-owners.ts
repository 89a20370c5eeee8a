import type { Kysely, Migration } from 'kysely';
import { runStatements } from './statements';

/**
 * Every old-format badge code HR's files ever gave an officer, as its scheme v1 hash, with the
 * officer it belongs to — for ever, whether the officer is active, moved or the badge reissued
 * (which clears `staff.old_badge_hash`). The roster import refuses a code owned by someone else and
 * matches a row without staff id to the officer who owns its code (server/roster-import/plan.ts).
 */
export const badgeCodeOwners: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      `CREATE TABLE badge_code_owners (
        badge_hash text PRIMARY KEY,
        staff_id text NOT NULL REFERENCES staff(id),
        first_seen_at bigint NOT NULL
      )`,
      'CREATE INDEX badge_code_owners_staff ON badge_code_owners (staff_id)',
      // What the server already knows. Two officers that share a hash (the duplicate the review
      // found) keep it with the first by id: the other's row is then refused at the next import.
      `INSERT INTO badge_code_owners (badge_hash, staff_id, first_seen_at)
        SELECT DISTINCT ON (old_badge_hash) old_badge_hash, id, 0 FROM staff
        WHERE old_badge_hash IS NOT NULL ORDER BY old_badge_hash, id`,
    ]);
  },
};
