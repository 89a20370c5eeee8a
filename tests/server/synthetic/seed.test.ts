import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vietnamDayOf } from '../../../shared/reports/periods';
import type { ServerDb } from '../../../server/db/connect';
import { rebuildRollups } from '../../../server/reports/rollups';
import { SecretKeyRing } from '../../../server/secret-keys';
import { seedSynthetic, type SeedSummary } from '../../../server/synthetic/seed';
import { startConsoleServer, type ConsoleTestServer } from '../console/harness';
import { backend } from '../helpers';

const RATINGS = 30_000;
const HOUR = 3_600_000;
// The keys the test servers use (startServer's default).
const keys = SecretKeyRing.development();

describe(`seed-synthetic writes a realistic province straight into the database (${backend})`, { timeout: 300_000 }, () => {
  let server: ConsoleTestServer;
  let db: ServerDb;
  let summary: SeedSummary;
  let rows: { unit_id: string; staff_id: string | null; corrected_at: number; score: number; comment: string | null; comment_key: string | null; criteria: string }[];
  const lines: string[] = [];
  beforeAll(async () => {
    server = await startConsoleServer();
    db = server.db;
    summary = await seedSynthetic(db, { ratings: RATINGS, years: 2, now: server.clock.now, keys, progress: (line) => lines.push(line) });
    rows = await db
      .selectFrom('ratings')
      .select(['unit_id', 'staff_id', 'corrected_at', 'score', 'comment', 'comment_key', 'criteria'])
      .where('id', 'like', 'syn-%')
      .execute();
  }, 240_000);
  afterAll(() => server?.close());

  it('adds the province beside the roster already there, and says how fast it went', async () => {
    expect(summary).toMatchObject({ units: 200, counters: 1000, staff: 3000, ratings: RATINGS });
    expect(summary.ratingsPerSecond).toBeGreaterThan(0);
    expect(lines.at(-2)).toMatch(/ratings: 30,000 of 30,000/);
    const units = await db.selectFrom('units').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    expect(units.n).toBe(203);
    expect(rows).toHaveLength(RATINGS);
  });

  it('puts ratings on working days in office hours, Vietnam time, over the years asked and never in the future', () => {
    const now = server.clock.now;
    for (const { corrected_at } of rows) {
      expect(corrected_at).toBeLessThanOrEqual(now);
      expect(corrected_at).toBeGreaterThan(now - 2 * 366 * 24 * HOUR - 7 * 24 * HOUR);
      const local = new Date(corrected_at + 7 * HOUR);
      const minutes = local.getUTCHours() * 60 + local.getUTCMinutes();
      expect([1, 2, 3, 4, 5]).toContain(local.getUTCDay());
      expect((minutes >= 450 && minutes < 690) || (minutes >= 810 && minutes < 1020)).toBe(true);
    }
    const days = new Set(rows.map((r) => vietnamDayOf(r.corrected_at)));
    expect(days.size).toBeGreaterThan(400);
  });

  it('mostly satisfied, units differ, some ratings with no officer, about one in ten with a Vietnamese comment', () => {
    const share = (part: number) => part / rows.length;
    expect(share(rows.filter((r) => r.score >= 2).length)).toBeGreaterThan(0.9);
    expect(share(rows.filter((r) => r.score === 1).length)).toBeGreaterThan(0.01);
    expect(share(rows.filter((r) => r.staff_id === null).length)).toBeGreaterThan(0.02);
    expect(share(rows.filter((r) => r.staff_id === null).length)).toBeLessThan(0.04);
    const commented = rows.filter((r) => r.comment !== null);
    expect(share(commented.length)).toBeGreaterThan(0.07);
    expect(share(commented.length)).toBeLessThan(0.13);
    expect(commented.every((r) => r.comment_key !== null && !/\d{5}/.test(r.comment_key))).toBe(true);
    expect(commented.filter((r) => /0912 345 678|0987\.654\.321|024190001234|gmail/.test(r.comment!)).length).toBeGreaterThan(0);
    const byUnit = new Map<string, { n: number; satisfied: number }>();
    for (const r of rows) {
      const unit = byUnit.get(r.unit_id) ?? { n: 0, satisfied: 0 };
      unit.n += 1;
      if (r.score >= 2) unit.satisfied += 1;
      byUnit.set(r.unit_id, unit);
    }
    const rates = [...byUnit.values()].filter((u) => u.n >= 100).map((u) => u.satisfied / u.n);
    expect(Math.max(...rates) - Math.min(...rates)).toBeGreaterThan(0.05);
    const answers = rows.flatMap((r) => Object.values(JSON.parse(r.criteria) as Record<string, boolean | null>));
    expect(answers.filter((a) => a !== null).length / answers.length).toBeGreaterThan(0.3);
  });

  it('rebuilds the rollups: they hold every rating and equal a rebuild', async () => {
    const months = await db.selectFrom('rating_rollup_months').select(sql<number>`sum(ratings)::int`.as('n')).executeTakeFirstOrThrow();
    expect(months.n).toBe(RATINGS);
    const before = await db.selectFrom('rating_rollup_days').selectAll().orderBy('day').orderBy('unit_id').orderBy('counter_id').orderBy('staff_id').orderBy('desk_role').execute();
    await rebuildRollups(db);
    const after = await db.selectFrom('rating_rollup_days').selectAll().orderBy('day').orderBy('unit_id').orderBy('counter_id').orderBy('staff_id').orderBy('desk_role').execute();
    expect(after).toEqual(before);
  });

  it('refuses absurd sizes before writing anything', async () => {
    await expect(seedSynthetic(db, { ratings: 0, years: 1, now: server.clock.now, keys })).rejects.toThrow(/--ratings/);
    await expect(seedSynthetic(db, { ratings: 10, years: 99, now: server.clock.now, keys })).rejects.toThrow(/--years/);
    await expect(seedSynthetic(db, { ratings: 1.5, years: 1, now: server.clock.now, keys })).rejects.toThrow(/--ratings/);
  });
});
