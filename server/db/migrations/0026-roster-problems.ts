import type { Kysely, Migration } from 'kysely';
import { runStatements } from './statements';

/**
 * A kiosk never goes dead over a roster (docs/fleet.md "Roster not fully applied"): the roster
 * rows the kiosk's last heartbeat said it had to leave out, as a JSON array of
 * `{staffId?, reason}` (no names); NULL when the kiosk does not report them (older kiosks).
 */
export const rosterProblems: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, ['ALTER TABLE devices ADD COLUMN roster_problems text']);
  },
};
