import type { Kysely, Migration } from 'kysely';
import { runStatements } from './statements';

/**
 * Named campaign periods the province configures (the mid-term and final reviews of the "Nụ cười
 * công sở" campaign, DOMAIN.md "Periods"), and the console's settings (one JSON value per key).
 * The two reviews of Bắc Giang's plan of 28/4/2021 are there from the start; IT staff can change them.
 */
export const reportPeriodsAndSettings: Migration = {
  async up(db: Kysely<unknown>) {
    await runStatements(db, [
      `CREATE TABLE report_periods (
        id text PRIMARY KEY,
        name text NOT NULL,
        from_day text NOT NULL,
        to_day text NOT NULL,
        created_at bigint NOT NULL
      )`,
      `INSERT INTO report_periods (id, name, from_day, to_day, created_at) VALUES
        ('so-ket-2021-2022', 'Sơ kết 2021–2022', '2021-04-28', '2022-12-31', 0),
        ('tong-ket-2021-2025', 'Tổng kết 2021–2025', '2021-04-28', '2025-12-31', 0)`,
      `CREATE TABLE console_settings (
        key text PRIMARY KEY,
        value text NOT NULL,
        updated_at bigint NOT NULL
      )`,
    ]);
  },
};
