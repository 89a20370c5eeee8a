import { sql, type Kysely, type Migration } from 'kysely';

export const enrolmentRequestId: Migration = {
  // The kiosk's requestId for the enrolment that used a code: the same request asked again
  // (its answer was lost) gets the same device back instead of enrollment_code_used.
  async up(db: Kysely<unknown>) {
    await sql.raw('ALTER TABLE enrollment_codes ADD COLUMN request_id text').execute(db);
  },
};
