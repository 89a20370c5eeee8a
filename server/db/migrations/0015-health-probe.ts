import type { Kysely, Migration } from 'kysely';
import { runStatements } from './statements';

/** One row the health route writes to (server/storage-health.ts): can the database be written now? */
export const healthProbe: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      'CREATE TABLE health_probe (id smallint PRIMARY KEY CHECK (id = 1), probed_at bigint NOT NULL)',
      'INSERT INTO health_probe (id, probed_at) VALUES (1, 0)',
    ]);
  },
};
