import type { Kysely, Migration } from 'kysely';
import { runStatements } from './statements';

/**
 * PINs set in the console by an officer's unit head or IT staff (docs/badges.md "PINs"): only the
 * salted scrypt hash (shared/node/pin-hash.ts), never the PIN, and when it was set or cleared (a
 * cleared PIN keeps `pin_set_at` with a NULL hash, so kiosks drop theirs if it is older).
 */
export const staffPins: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, ['ALTER TABLE staff ADD COLUMN pin_hash text', 'ALTER TABLE staff ADD COLUMN pin_set_at bigint']);
  },
};
