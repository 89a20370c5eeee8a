/**
 * Gaming scenarios against a real server: a kiosk enrolled over HTTP sends signed batches of a
 * self-rating burst, a flood in one session and ratings at 3 a.m. among ordinary service; the
 * periodic checks flag each with its reason, and a reviewer's decision moves exactly those
 * ratings out of (and back into) the console's report and the command line's report.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../../shared/console/api';
import type { FlagList, ReviewFlag } from '../../../shared/console/integrity';
import { uuidv7 } from '../../../shared/uuid';
import { ConsoleClient, PASSWORD } from '../console/harness';
import { backend, enroll, startTestServer, type TestKiosk, type TestServer } from '../helpers';

const MINUTE = 60_000;
/** Thursday 19 November 2026, 10:00 in Vietnam: the counters are open. */
const THURSDAY_10H = Date.UTC(2026, 10, 19, 3, 0, 0);
const MONTH = 'from=2026-11-01&to=2026-11-30&kind=month';

describe(`gaming is flagged for review with the right reason, never silently dropped (${backend})`, () => {
  let server: TestServer;
  let kiosk: TestKiosk;
  let province: ConsoleClient;
  const ids = { ordinary: [] as string[], selfBurst: [] as string[], flood: [] as string[], night: [] as string[] };
  const sessions = { ordinary: uuidv7(1), selfBurst: uuidv7(2), flood: uuidv7(3), night: uuidv7(4) };

  const rated = (session: string, createdAt: number, staffId = 'st-000101') => kiosk.rating({ createdAt, staffSessionId: session, staffId, score: 3 });

  async function sendAll(ratings: ReturnType<TestKiosk['rating']>[]) {
    for (let i = 0; i < ratings.length; i += 100) {
      const answer = await kiosk.sendBatch(ratings.slice(i, i + 100));
      expect(answer.json.accepted).toHaveLength(Math.min(100, ratings.length - i));
    }
  }

  async function flagsOf(status = 'open'): Promise<ReviewFlag[]> {
    return (await province.get<FlagList>(`/integrity/flags?status=${status}`)).body.items;
  }

  async function officerRatings(): Promise<{ console: number; commandLine: unknown }> {
    const report = await province.get<Report>(`/reports/staff/st-000101?${MONTH}`);
    const table = await server.admin.reportTable({ from: '2026-11-01', to: '2026-11-30', unitId: 'bg-ttpvhcc', by: 'staff' });
    return { console: report.body.measures.totals.ratings, commandLine: table.rows.find((row) => row[0] === 'st-000101')?.[2] };
  }

  beforeAll(async () => {
    server = await startTestServer();
    server.clock.now = THURSDAY_10H;
    kiosk = await enroll(server, { unitId: 'bg-ttpvhcc', counterId: 'ttpvhcc-q01' });
    const at = (hoursBefore: number) => THURSDAY_10H - hoursBefore * 60 * MINUTE;
    // Ordinary service: ten citizens, six minutes apart, from 08:00.
    const ordinary = Array.from({ length: 10 }, (_, i) => rated(sessions.ordinary, at(2) + i * 6 * MINUTE));
    // The officer taps "Rất hài lòng" eight times, four seconds apart, at 09:10.
    const selfBurst = Array.from({ length: 8 }, (_, i) => rated(sessions.selfBurst, at(0.8) + i * 4_000));
    // A flood: 250 ratings, one a second, in one session, at 09:20.
    const flood = Array.from({ length: 250 }, (_, i) => rated(sessions.flood, at(0.65) + i * 1_000));
    // Three ratings at 03:00, eleven minutes apart (not a burst).
    const night = Array.from({ length: 3 }, (_, i) => rated(sessions.night, at(7) + i * 11 * MINUTE));
    await sendAll([...ordinary, ...selfBurst, ...flood, ...night]);
    ids.ordinary = ordinary.map((r) => r.id);
    ids.selfBurst = selfBurst.map((r) => r.id);
    ids.flood = flood.map((r) => r.id);
    ids.night = night.map((r) => r.id);
    await server.admin.addConsoleUser({ login: 'so.noivu', role: 'province', password: PASSWORD });
    province = new ConsoleClient(server.url);
    expect((await province.login('so.noivu')).status).toBe(200);
    // A server, an enrolment and 271 signed ratings: more than the default minute on a loaded machine.
  }, 180_000);
  afterAll(() => server?.close());

  it('before the checks run, everything received counts', async () => {
    expect(await officerRatings()).toEqual({ console: 271, commandLine: 271 });
  });

  it('the periodic checks flag the self-rating burst, the flood and the night ratings, each with its reason and exactly its ratings', async () => {
    const round = await server.admin.runGamingChecks();
    expect(round.ratings).toBe(271);
    const flags = await flagsOf();
    const summary = flags.map((f) => [f.reason, f.staffSessionId, f.ratingCount]).sort();
    expect(summary).toEqual(
      [
        ['burst', sessions.flood, 250],
        ['burst', sessions.selfBurst, 8],
        ['off_hours', null, 3],
      ].sort(),
    );
    const selfBurst = flags.find((f) => f.staffSessionId === sessions.selfBurst)!;
    expect(selfBurst).toMatchObject({ staffName: 'Nguyễn Thị Thu Hà', deviceId: kiosk.deviceId, evidence: { ratings: 8, seconds: 28, burstSeconds: 20 } });
    const night = flags.find((f) => f.reason === 'off_hours')!;
    expect(night.firstAt).toBe(THURSDAY_10H - 7 * 60 * MINUTE);
    // Running again finds nothing new and raises nothing twice.
    expect(await server.admin.runGamingChecks()).toEqual({ ratings: 0, flags: 0 });
    expect(await flagsOf()).toHaveLength(3);
  });

  it('flagged but unreviewed ratings still count, and the report says how many', async () => {
    expect(await officerRatings()).toEqual({ console: 271, commandLine: 271 });
    const report = await province.get<Report>(`/reports/units/bg-ttpvhcc?${MONTH}`);
    expect(report.body.integrity).toMatchObject({ unreviewedTotal: 261, excludedTotal: 0 });
  });

  it('confirming the self-rating burst removes exactly its eight ratings from the console’s and the command line’s reports', async () => {
    const flag = (await flagsOf()).find((f) => f.staffSessionId === sessions.selfBurst)!;
    const decided = await province.post(`/integrity/flags/${flag.id}/decision`, { decision: 'confirm', note: 'tự bấm' });
    expect(decided.body).toMatchObject({ removed: 8 });
    expect(await officerRatings()).toEqual({ console: 263, commandLine: 263 });
    const report = await province.get<Report>(`/reports/staff/st-000101?${MONTH}`);
    expect(report.body.integrity.excluded).toEqual([{ reason: 'burst', ratings: 8 }]);
  });

  it('confirming the flood and the night ratings removes them too; dismissing the burst restores its eight', async () => {
    for (const flag of await flagsOf()) await province.post(`/integrity/flags/${flag.id}/decision`, { decision: 'confirm' });
    expect(await officerRatings()).toEqual({ console: 10, commandLine: 10 });
    const selfBurst = (await flagsOf('confirmed')).find((f) => f.staffSessionId === sessions.selfBurst)!;
    const restored = await province.post(`/integrity/flags/${selfBurst.id}/decision`, { decision: 'dismiss' });
    expect(restored.body).toMatchObject({ restored: 8 });
    expect(await officerRatings()).toEqual({ console: 18, commandLine: 18 });
  });
});
