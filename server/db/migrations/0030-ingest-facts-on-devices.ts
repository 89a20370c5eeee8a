import type { Kysely, Migration } from 'kysely';
import { runStatements } from './statements';

/**
 * What ingest's checks need of a device, on its row, read with its row lock in the statement ingest
 * already makes (docs/integrity.md "Ingest rate with the checks"). A revision of its bindings,
 * raised with each binding recorded: ingest keeps the bindings it read per device and reads them
 * again only when the revision moved. And each device's last chain segment on its own row (docs/integrity.md "Ingest rate with the
 * checks"): the stored segment that starts last, its first and last seq and its last link. Ingest
 * reads it with the device's row lock, in the statement it already makes, so a batch whose records
 * all come after it (the common case: a kiosk sends its records in order) judges its chain without
 * reading chain_segments. Kept by ingest in the statement that stores the segments; filled here
 * from the segments stored before.
 */
export const ingestFactsOnDevices: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      `ALTER TABLE devices ADD COLUMN binding_revision integer NOT NULL DEFAULT 0, ADD COLUMN chain_tail_first_seq bigint, ADD COLUMN chain_tail_last_seq bigint, ADD COLUMN chain_tail_hash text`,
      `UPDATE devices SET chain_tail_first_seq = tail.first_seq, chain_tail_last_seq = tail.last_seq, chain_tail_hash = tail.last_hash
         FROM (SELECT DISTINCT ON (device_id) device_id, first_seq, last_seq, last_hash FROM chain_segments ORDER BY device_id, first_seq DESC) AS tail
        WHERE tail.device_id = devices.id`,
    ]);
  },
};
