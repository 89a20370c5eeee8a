import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../../shared/console/api';
import type { FlagList } from '../../../shared/console/integrity';
import { reportTable } from '../../../server/reports/table';
import { startConsoleServer, type ConsoleClient, type ConsoleTestServer } from '../console/harness';
import { backend } from '../helpers';
import { addKiosk, ingest, makeRating } from '../reports/ratings';

const MONTH = 'from=2026-11-01&to=2026-11-30&kind=month';

describe(`ratings with an uncertain time are counted on a line of their own, never on the day they arrived (${backend})`, () => {
  let server: ConsoleTestServer;
  let province: ConsoleClient;
  let uncertainIds: string[] = [];

  beforeAll(async () => {
    server = await startConsoleServer();
    const now = server.clock.now;
    const kiosk = await addKiosk(server.db, 'ttpvhcc-q01', now);
    const trusted = Array.from({ length: 3 }, (_, i) => makeRating(kiosk, now - 60_000 * (i + 1), { score: 3 }));
    // Made "an hour from now" by the kiosk's clock, sent now: no correction makes that plausible.
    const uncertain = Array.from({ length: 2 }, (_, i) => makeRating(kiosk, now + 3_600_000 + i, { score: 1 }));
    uncertainIds = uncertain.map((r) => r.id);
    const answer = await ingest(server.db, kiosk, [...trusted, ...uncertain], now);
    expect(answer.accepted).toHaveLength(5);
    await server.addUser('so.noivu', 'province');
    province = server.client();
    await province.login('so.noivu');
  });
  afterAll(() => server?.close());

  it('the report’s figures hold the trusted ratings only, and its own line the two uncertain ones, by received time', async () => {
    const report = await province.get<Report>(`/reports/units/bg-ttpvhcc?${MONTH}`);
    expect(report.body.measures.totals).toMatchObject({ ratings: 3, notSatisfied: 0 });
    expect(report.body.integrity.uncertainTime).toEqual({ ratings: 2, excluded: 0 });
    const december = await province.get<Report>(`/reports/units/bg-ttpvhcc?from=2026-12-01&to=2026-12-31&kind=month`);
    expect(december.body.integrity.uncertainTime).toEqual({ ratings: 0, excluded: 0 });
  });

  it('they are flagged for review at ingest, once per device and day of arrival', async () => {
    const list = await province.get<FlagList>('/integrity/flags?status=open&reason=uncertain_time');
    expect(list.body.total).toBe(1);
    expect(list.body.items[0]).toMatchObject({ reason: 'uncertain_time', ratingCount: 2, evidence: { receivedDay: '2026-11-21' } });
    const covered = await server.db.selectFrom('rating_flag_ratings').select('rating_id').where('flag_id', '=', list.body.items[0]!.id).execute();
    expect(covered.map((r) => r.rating_id).sort()).toEqual([...uncertainIds].sort());
  });

  it('confirming their flag keeps them out of the figures and says so on their line; the command line says the same', async () => {
    const list = await province.get<FlagList>('/integrity/flags?status=open&reason=uncertain_time');
    const decided = await province.post(`/integrity/flags/${list.body.items[0]!.id}/decision`, { decision: 'confirm' });
    expect(decided.body).toMatchObject({ removed: 0, restored: 0 });
    const report = await province.get<Report>(`/reports/units/bg-ttpvhcc?${MONTH}`);
    expect(report.body.measures.totals.ratings).toBe(3);
    expect(report.body.integrity.uncertainTime).toEqual({ ratings: 2, excluded: 2 });
    const table = await reportTable(server.db, { from: '2026-11-01', to: '2026-11-30', unitId: 'bg-ttpvhcc', by: 'counter' });
    expect(table.rows.find((row) => row[0] === 'ttpvhcc-q01')?.[2]).toBe(3);
    expect(table.notes).toContain('Đánh giá có thời gian không chắc chắn (theo thời điểm nhận, không tính vào ngày nào): 2, trong đó bị loại: 2');
  });
});
