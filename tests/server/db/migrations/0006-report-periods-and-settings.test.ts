import { afterEach, describe, expect, it } from 'vitest';
import { databaseAt, type MigrationDb } from './harness';

describe('migration 0006-report-periods-and-settings', () => {
  let m: MigrationDb;
  afterEach(() => m.close());

  it('starts with the campaign reviews of the plan of 28/4/2021, and an empty settings table', async () => {
    m = await databaseAt('0005-console-audit');
    await m.migrateTo('0006-report-periods-and-settings');
    const periods = await m.db.selectFrom('report_periods').select(['name', 'from_day', 'to_day']).orderBy('to_day').execute();
    expect(periods).toEqual([
      { name: 'Sơ kết 2021–2022', from_day: '2021-04-28', to_day: '2022-12-31' },
      { name: 'Tổng kết 2021–2025', from_day: '2021-04-28', to_day: '2025-12-31' },
    ]);
    expect(await m.db.selectFrom('console_settings').selectAll().execute()).toEqual([]);
  });
});
