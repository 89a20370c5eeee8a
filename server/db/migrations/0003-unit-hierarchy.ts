import type { Kysely, Migration } from 'kysely';
import { runStatements } from './statements';

/**
 * Units form a tree (DOMAIN.md "Units and roles"): the province's centre and departments,
 * districts with their one-stop sections, communes under them. A report for a unit includes the
 * units under it. Existing units stay at the top (parent_id NULL) until a roster gives their parent.
 */
export const unitHierarchy: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      'ALTER TABLE units ADD COLUMN parent_id text REFERENCES units (id)',
      'CREATE INDEX units_parent ON units (parent_id)',
    ]);
  },
};
