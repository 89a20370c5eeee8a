import { sql, type Kysely, type Migration } from 'kysely';

/**
 * The client address of the enrolment that used a code: the lost-answer replay (same code, same
 * requestId) hands the device's secret back only to that address. Codes used before this have none,
 * and are never replayed.
 */
export const enrolmentReplayAddress: Migration = {
  async up(db: Kysely<unknown>) {
    await sql.raw('ALTER TABLE enrollment_codes ADD COLUMN request_address text').execute(db);
  },
};
