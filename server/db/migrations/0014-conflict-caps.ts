import type { Kysely, Migration } from 'kysely';
import { runStatements } from './statements';

/**
 * Conflicts kept aside are capped per rating id and per device per day (server/ingest.ts): the
 * index counts a device's recent ones, and each device counts those it sent beyond the caps.
 */
export const conflictCaps: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      'CREATE INDEX rating_conflicts_device_time ON rating_conflicts (device_id, received_at)',
      'ALTER TABLE devices ADD COLUMN conflicts_not_kept bigint NOT NULL DEFAULT 0',
    ]);
  },
};
