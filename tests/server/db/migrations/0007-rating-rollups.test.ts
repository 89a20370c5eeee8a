import { afterEach, describe, expect, it } from 'vitest';
import { databaseAt, type MigrationDb } from './harness';

const HOUR = 3_600_000;
/** 2026-03-31 00:00 in Vietnam (UTC+7) is 2026-03-30 17:00 UTC. */
const MARCH_31_VN = Date.UTC(2026, 2, 30, 17);

let serial = 0;
function ratingRow(correctedAt: number, score: number, options: { staffId?: string | null; comment?: string | null; criteria?: Record<string, boolean | null> } = {}) {
  serial += 1;
  const criteria = { greet: null, apologise: null, thank: null, ask_permission: null, smile: null, gentle: null, listen: null, help: null, ...options.criteria };
  return {
    id: `r${serial}`,
    device_id: 'dev-1',
    seq: serial,
    unit_id: 'bg-ttpvhcc',
    counter_id: 'ttpvhcc-q01',
    desk_role: 'reception',
    staff_id: options.staffId === undefined ? 'st-000101' : options.staffId,
    staff_session_id: null,
    created_at: correctedAt,
    clock_offset_ms: 0,
    corrected_at: correctedAt,
    received_at: correctedAt,
    batch_id: 'b1',
    scale: 'vn3',
    score,
    criteria: JSON.stringify(criteria),
    comment: options.comment ?? null,
    dossier_code: null,
    locale: 'vi',
    duration_ms: 1000,
    app_version: '0.1.0',
    content_hash: `h${serial}`,
  };
}

describe('migration 0007-rating-rollups', () => {
  let m: MigrationDb;
  afterEach(() => m.close());

  it('rolls up the ratings already stored per officer, counter, desk role and Vietnam day, and per month', async () => {
    m = await databaseAt('0006-report-periods-and-settings');
    await m.db
      .insertInto('ratings')
      .values([
        // 23:59 on 30 March in Vietnam (16:59 UTC).
        ratingRow(MARCH_31_VN - 60_000, 3, { criteria: { greet: true, smile: false } }),
        // 00:00 on 31 March in Vietnam (still 30 March in UTC): a new day.
        ratingRow(MARCH_31_VN, 2, { comment: 'Cán bộ nhiệt tình', criteria: { greet: true } }),
        ratingRow(MARCH_31_VN + 2 * HOUR, 1, { criteria: { greet: false, help: false } }),
        // 1 April in Vietnam: another day and another month.
        ratingRow(MARCH_31_VN + 24 * HOUR, 3, { staffId: null }),
      ] as never)
      .execute();

    await m.migrateTo('0007-rating-rollups');

    const days = await m.db.selectFrom('rating_rollup_days').selectAll().orderBy('day').orderBy('staff_id').execute();
    const march31 = Date.UTC(2026, 2, 31) / 86_400_000;
    expect(days.map((d) => [d.day, d.staff_id, d.ratings, d.very_satisfied, d.satisfied, d.not_satisfied, d.comments])).toEqual([
      [march31 - 1, 'st-000101', 1, 1, 0, 0, 0],
      [march31, 'st-000101', 2, 0, 1, 1, 1],
      [march31 + 1, '', 1, 1, 0, 0, 0],
    ]);
    expect(days[0]).toMatchObject({ greet_yes: 1, greet_no: 0, smile_yes: 0, smile_no: 1, help_yes: 0, help_no: 0 });
    expect(days[1]).toMatchObject({ greet_yes: 1, greet_no: 1, help_no: 1, smile_no: 0, unit_id: 'bg-ttpvhcc', counter_id: 'ttpvhcc-q01', desk_role: 'reception' });

    const months = await m.db.selectFrom('rating_rollup_months').selectAll().orderBy('month').orderBy('staff_id').execute();
    expect(months.map((r) => [r.month, r.staff_id, r.ratings, r.very_satisfied, r.satisfied, r.not_satisfied, r.comments, r.greet_yes, r.greet_no])).toEqual([
      [202603, 'st-000101', 3, 1, 1, 1, 1, 2, 1],
      [202604, '', 1, 1, 0, 0, 0, 0, 0],
    ]);
  });

  it('keeps one row per key: the same officer, counter, desk role and day cannot be counted twice', async () => {
    m = await databaseAt('0007-rating-rollups');
    const row = { day: 20_000, unit_id: 'u', counter_id: 'c', desk_role: 'reception', staff_id: '', ratings: 1 };
    await m.db.insertInto('rating_rollup_days').values(row as never).execute();
    await expect(m.db.insertInto('rating_rollup_days').values(row as never).execute()).rejects.toThrow();
    const stored = await m.db.selectFrom('rating_rollup_days').selectAll().executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ ratings: 1, very_satisfied: 0, help_no: 0 });
  });
});
