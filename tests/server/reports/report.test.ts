/**
 * The console's report figures against an independent computation: the test reads the ratings
 * table itself, puts each rating on its Vietnam day with its own arithmetic, and counts and
 * divides without the server's code. Ratings near midnight in Vietnam time, with corrected kiosk
 * clocks, and with no officer are among them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Counts, Report, ReportRow } from '../../../shared/console/api';
import { CRITERIA_KEYS } from '../../../shared/criteria';
import { startConsoleServer, type ConsoleClient, type ConsoleTestServer } from '../console/harness';
import { backend } from '../helpers';
import fixture from '../../fixtures/roster.json';
import { addKiosk, answers, COUNTERS, ingest, makeRating, STAFF, type TestKiosk } from './ratings';

const HOUR = 3_600_000;
const MIN_RATINGS = 5;

/** UTC ms of a Vietnam wall-clock time. */
function vietnamTime(day: string, hours: number, minutes = 0, seconds = 0, ms = 0): number {
  return Date.parse(`${day}T00:00:00Z`) - 7 * HOUR + ((hours * 60 + minutes) * 60 + seconds) * 1000 + ms;
}

interface StoredRating {
  unit_id: string;
  counter_id: string;
  desk_role: string;
  staff_id: string | null;
  created_at: number;
  corrected_at: number;
  score: number;
  criteria: string;
}

// ---------------------------------------------------------------- the independent computation

const vietnamDay = (utcMs: number) => new Date(utcMs + 7 * HOUR).toISOString().slice(0, 10);
const pct = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 1000) / 10);

function expectedCounts(rows: StoredRating[]): Counts {
  const ratings = rows.length;
  const very = rows.filter((r) => r.score === 3).length;
  const satisfied = rows.filter((r) => r.score === 2).length;
  const not = rows.filter((r) => r.score === 1).length;
  const tooFew = ratings > 0 && ratings < MIN_RATINGS;
  return {
    ratings,
    verySatisfied: very,
    satisfied,
    notSatisfied: not,
    satisfactionPct: tooFew ? null : pct(very + satisfied, ratings),
    verySatisfiedPct: tooFew ? null : pct(very, ratings),
    satisfiedPct: tooFew ? null : pct(satisfied, ratings),
    notSatisfiedPct: tooFew ? null : pct(not, ratings),
    tooFew,
  };
}

function expectedBehaviours(rows: StoredRating[]) {
  return CRITERIA_KEYS.map((key) => {
    const given = rows.map((r) => (JSON.parse(r.criteria) as Record<string, boolean | null>)[key]);
    const yes = given.filter((a) => a === true).length;
    const no = given.filter((a) => a === false).length;
    const tooFew = yes + no > 0 && yes + no < MIN_RATINGS;
    return { key, yes, no, answered: yes + no, yesPct: tooFew ? null : pct(yes, yes + no), tooFew };
  });
}

function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  for (let [y, m] = [Number(from.slice(0, 4)), Number(from.slice(5, 7))]; `${y}-${String(m).padStart(2, '0')}` <= to.slice(0, 7); m === 12 ? ((y += 1), (m = 1)) : (m += 1)) {
    months.push(`${y}-${String(m).padStart(2, '0')}`);
  }
  return months;
}

const subtree = (unitId: string): string[] => [unitId, ...fixture.units.filter((u) => u.parentId === unitId).flatMap((u) => subtree(u.id))];

function countsByName(rows: ReportRow[]): Record<string, Counts> {
  return Object.fromEntries(rows.map((r) => [r.id, r.counts]));
}

// ---------------------------------------------------------------- the ratings

describe(`report figures equal a computation straight from the ratings (${backend})`, () => {
  let server: ConsoleTestServer;
  let province: ConsoleClient;
  let stored: StoredRating[];
  const skewed: { expected: number; createdAt: number }[] = [];

  beforeAll(async () => {
    server = await startConsoleServer();
    const kiosks: TestKiosk[] = [];
    for (const counter of COUNTERS) kiosks.push(await addKiosk(server.db, counter.id, server.clock.now));
    let state = 20260201;
    const random = () => ((state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0) / 4_294_967_296);
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;

    /** One rating meant for Vietnam time `at`, sent by a kiosk whose clock may be wrong. */
    async function rate(kiosk: TestKiosk, at: number, clock: 'right' | 'known offset' | 'unknown offset', overrides: Parameters<typeof makeRating>[2] = {}) {
      const skew = clock === 'right' ? 0 : -13 * HOUR; // the kiosk's clock is 13 h behind
      const receivedAt = at + 60_000;
      const rating = makeRating(kiosk, at + skew, { clockOffsetMs: clock === 'unknown offset' ? null : -skew, ...overrides });
      const answer = await ingest(server.db, kiosk, [rating], receivedAt, receivedAt + skew);
      expect(answer.accepted, JSON.stringify(answer)).toEqual([rating.id]);
      if (skew !== 0) skewed.push({ expected: at, createdAt: rating.createdAt });
    }

    // Near midnight at month ends, in Vietnam time: 23:59:59.999 belongs to the day before, 00:00 to the next.
    const q01 = kiosks.find((k) => k.counterId === 'ttpvhcc-q01')!;
    const ln05 = kiosks.find((k) => k.counterId === 'ln-q05')!;
    await rate(q01, vietnamTime('2026-01-31', 23, 59, 59, 999), 'right', { staffId: 'st-000101', score: 1 });
    await rate(q01, vietnamTime('2026-02-01', 0, 0), 'right', { staffId: 'st-000101', score: 3 });
    await rate(ln05, vietnamTime('2026-02-28', 23, 30), 'known offset', { staffId: null, score: 2 });
    await rate(ln05, vietnamTime('2026-03-01', 0, 15), 'unknown offset', { staffId: 'st-010203', score: 1 });
    await rate(ln05, vietnamTime('2026-03-01', 6, 59), 'right', { staffId: 'st-010203', score: 3 }); // 23:59 UTC the day before

    for (let i = 0; i < 260; i++) {
      const kiosk = pick(kiosks);
      const staff = STAFF.filter((s) => s.unitId === kiosk.unitId);
      const day = `2026-${String(1 + Math.floor(random() * 4)).padStart(2, '0')}-${String(1 + Math.floor(random() * 28)).padStart(2, '0')}`;
      const at = vietnamTime(day, Math.floor(random() * 24), Math.floor(random() * 60));
      await rate(kiosk, at, pick(['right', 'right', 'known offset', 'unknown offset'] as const), {
        staffId: random() < 0.15 ? null : pick(staff).id,
        score: pick([1, 2, 2, 3, 3, 3] as const),
        criteria: answers(Object.fromEntries(CRITERIA_KEYS.map((key) => [key, pick([true, true, false, null])]))),
      });
    }
    stored = await server.db.selectFrom('ratings').select(['unit_id', 'counter_id', 'desk_role', 'staff_id', 'created_at', 'corrected_at', 'score', 'criteria']).execute();
    await server.addUser('so.noivu', 'province');
    province = server.client();
    await province.login('so.noivu');
  });
  afterAll(() => server?.close());

  const inPeriod = (from: string, to: string) => stored.filter((r) => vietnamDay(r.corrected_at) >= from && vietnamDay(r.corrected_at) <= to);

  it('kiosk clocks 13 hours behind are corrected, with or without the kiosk’s own offset', () => {
    expect(skewed.length).toBeGreaterThan(50);
    const byCreated = new Map(stored.map((r) => [r.created_at, r.corrected_at]));
    for (const { expected, createdAt } of skewed) expect(byCreated.get(createdAt)).toBe(expected);
  });

  const periods = [
    { kind: 'month', from: '2026-02-01', to: '2026-02-28' },
    { kind: 'day', from: '2026-02-01', to: '2026-02-01' },
    { kind: 'range', from: '2026-01-31', to: '2026-03-01' },
    { kind: 'range', from: '2026-01-15', to: '2026-04-20' },
  ];

  for (const period of periods) {
    const query = `from=${period.from}&to=${period.to}&kind=${period.kind}`;

    it(`the province over ${period.kind} ${period.from}…${period.to}: totals, desk roles, behaviours, trend, units below, no officer`, async () => {
      const answer = await province.get<Report>(`/reports/province?${query}`);
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      const report = answer.body;
      const rows = inPeriod(period.from, period.to);
      expect(rows.length).toBeGreaterThan(0);
      expect(report.measures.totals).toEqual(expectedCounts(rows));
      expect(report.byDeskRole.reception).toEqual(expectedCounts(rows.filter((r) => r.desk_role === 'reception')));
      expect(report.byDeskRole.results).toEqual(expectedCounts(rows.filter((r) => r.desk_role === 'results')));
      expect(report.measures.behaviours).toEqual(expectedBehaviours(rows));
      expect(report.measures.trend).toEqual(monthsBetween(period.from, period.to).map((month) => ({ month, counts: expectedCounts(rows.filter((r) => vietnamDay(r.corrected_at).startsWith(month))) })));
      expect(report.withoutOfficer).toEqual(expectedCounts(rows.filter((r) => r.staff_id === null)));
      const tops = fixture.units.filter((u) => u.parentId === null).map((u) => u.id);
      expect(report.units.map((u) => u.id).sort()).toEqual(tops.sort());
      for (const unit of report.units) expect(unit.counts, unit.id).toEqual(expectedCounts(rows.filter((r) => subtree(unit.id).includes(r.unit_id))));
      expect(report.period).toEqual(period);
      expect(report.minRatingsForFigures).toBe(MIN_RATINGS);
    });

    it(`a district with its commune, its counters and officers, over ${period.kind} ${period.from}…${period.to}, also for one desk role`, async () => {
      for (const deskRole of [null, 'results'] as const) {
        const answer = await province.get<Report>(`/reports/units/bg-ln-motcua?${query}${deskRole ? `&deskRole=${deskRole}` : ''}`);
        expect(answer.status, JSON.stringify(answer.body)).toBe(200);
        const report = answer.body;
        const all = inPeriod(period.from, period.to).filter((r) => subtree('bg-ln-motcua').includes(r.unit_id));
        const rows = all.filter((r) => !deskRole || r.desk_role === deskRole);
        expect(report.measures.totals).toEqual(expectedCounts(rows));
        expect(report.byDeskRole.reception).toEqual(expectedCounts(all.filter((r) => r.desk_role === 'reception')));
        expect(report.measures.behaviours).toEqual(expectedBehaviours(rows));
        expect(report.withoutOfficer).toEqual(expectedCounts(rows.filter((r) => r.staff_id === null)));
        expect(countsByName(report.units)).toEqual({ 'bg-ln-phuongson': expectedCounts(rows.filter((r) => r.unit_id === 'bg-ln-phuongson')) });
        const own = rows.filter((r) => r.unit_id === 'bg-ln-motcua');
        expect(countsByName(report.counters)).toEqual(
          Object.fromEntries(fixture.counters.filter((c) => c.unitId === 'bg-ln-motcua').map((c) => [c.id, expectedCounts(own.filter((r) => r.counter_id === c.id))])),
        );
        const officers = new Set([...fixture.staff.filter((s) => s.unitId === 'bg-ln-motcua' && s.active).map((s) => s.id), ...own.flatMap((r) => (r.staff_id ? [r.staff_id] : []))]);
        expect(countsByName(report.staff)).toEqual(Object.fromEntries([...officers].map((id) => [id, expectedCounts(own.filter((r) => r.staff_id === id))])));
        expect(report.path.map((c) => c.id)).toEqual([null, 'bg-ln-motcua']);
      }
    });

    it(`a counter and an officer beside their unit and the province, over ${period.kind} ${period.from}…${period.to}`, async () => {
      const rows = inPeriod(period.from, period.to);
      const counter = await province.get<Report>(`/reports/counters/ttpvhcc-q01?${query}`);
      expect(counter.status).toBe(200);
      const atCounter = rows.filter((r) => r.counter_id === 'ttpvhcc-q01');
      expect(counter.body.measures.totals).toEqual(expectedCounts(atCounter));
      expect(counter.body.withoutOfficer).toEqual(expectedCounts(atCounter.filter((r) => r.staff_id === null)));
      const servedThere = [...new Set(atCounter.flatMap((r) => (r.staff_id ? [r.staff_id] : [])))];
      expect(countsByName(counter.body.staff)).toEqual(Object.fromEntries(servedThere.map((id) => [id, expectedCounts(atCounter.filter((r) => r.staff_id === id))])));

      const officer = await province.get<Report>(`/reports/staff/st-010203?${query}`);
      expect(officer.status).toBe(200);
      const theirs = rows.filter((r) => r.staff_id === 'st-010203');
      expect(officer.body.measures.totals).toEqual(expectedCounts(theirs));
      expect(officer.body.measures.behaviours).toEqual(expectedBehaviours(theirs));
      expect(officer.body.comparison!.unit.totals).toEqual(expectedCounts(rows.filter((r) => subtree('bg-ln-motcua').includes(r.unit_id))));
      expect(officer.body.comparison!.unit.name).toBe('Bộ phận Một cửa UBND huyện Lục Ngạn');
      expect(officer.body.comparison!.province.totals).toEqual(expectedCounts(rows));
      expect(officer.body.path.map((c) => c.id)).toEqual([null, 'bg-ln-motcua', 'st-010203']);
    });
  }

  it('the previous period of the same length is compared: February before March, and a range’s days just before it', async () => {
    const month = await province.get<Report>('/reports/province?from=2026-03-01&to=2026-03-31&kind=month');
    expect(month.body.previousPeriod).toEqual({ kind: 'month', from: '2026-02-01', to: '2026-02-28' });
    expect(month.body.previousTotals).toEqual(expectedCounts(inPeriod('2026-02-01', '2026-02-28')));
    const range = await province.get<Report>('/reports/units/bg-ttpvhcc?from=2026-02-11&to=2026-02-20');
    expect(range.body.previousPeriod).toEqual({ kind: 'range', from: '2026-02-01', to: '2026-02-10' });
    expect(range.body.previousTotals).toEqual(expectedCounts(inPeriod('2026-02-01', '2026-02-10').filter((r) => r.unit_id === 'bg-ttpvhcc')));
  });

  it('ranks the rows by satisfaction rate and lists groups with too few ratings after them, without shares', async () => {
    const { body } = await province.get<Report>('/reports/units/bg-ttpvhcc?from=2026-01-01&to=2026-04-30');
    const ranked = body.staff.filter((r) => r.rank !== null);
    const unranked = body.staff.filter((r) => r.rank === null);
    expect(ranked.length).toBeGreaterThan(1);
    expect(body.staff).toEqual([...ranked, ...unranked]);
    for (let i = 1; i < ranked.length; i++) expect(ranked[i]!.counts.satisfactionPct!).toBeLessThanOrEqual(ranked[i - 1]!.counts.satisfactionPct!);
    expect(ranked[0]!.rank).toBe(1);
    for (const row of unranked) expect(row.counts.satisfactionPct).toBeNull();

    // One rating of an officer alone says too little: counts stay, shares go.
    const few = await province.get<Report>('/reports/staff/st-000101?from=2026-01-31&to=2026-01-31&kind=day');
    expect(few.body.measures.totals).toMatchObject({ ratings: 1, tooFew: true, satisfactionPct: null, notSatisfiedPct: null });
  });
});
