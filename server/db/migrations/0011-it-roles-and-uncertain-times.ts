import type { Kysely, Migration } from 'kysely';
import { runStatements } from './statements';

/**
 * Trust boundaries (issue 13), the server's side:
 * - `staff.roles`: roles a roster gives staff (JSON array; `["it"]`: may re-enrol a kiosk of the
 *   unit with their badge or PIN), handed to kiosks in the roster answer's `staffRoles`;
 * - `ratings.time_uncertain`: a rating whose time no correction makes plausible is kept, flagged,
 *   instead of being rejected (docs/protocol.md, Clock correction); reports count such ratings in
 *   a line of their own, and the partial index lists them per unit at no cost to the others.
 */
export const itRolesAndUncertainTimes: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      `ALTER TABLE staff ADD COLUMN roles text NOT NULL DEFAULT '[]'`,
      `ALTER TABLE ratings ADD COLUMN time_uncertain boolean NOT NULL DEFAULT false`,
      `CREATE INDEX ratings_time_uncertain ON ratings (unit_id, received_at) WHERE time_uncertain`,
    ]);
  },
};
