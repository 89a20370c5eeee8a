import type { Kysely, Migration } from 'kysely';
import { runStatements } from './statements';

/**
 * Units and counters can be deactivated in the console like staff (docs/roster.md): kept, since
 * ratings name them, and shown apart. Kiosks still receive them, so a kiosk is never left without
 * its counter: the console refuses to deactivate one while a kiosk is bound to it.
 */
export const unitCounterActive: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, ['ALTER TABLE units ADD COLUMN active boolean NOT NULL DEFAULT true', 'ALTER TABLE counters ADD COLUMN active boolean NOT NULL DEFAULT true']);
  },
};
