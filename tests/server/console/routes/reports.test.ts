import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../../../shared/console/api';
import { backend } from '../../helpers';
import { addKiosk, ingest, makeRating } from '../../reports/ratings';
import { startConsoleServer, type ConsoleClient, type ConsoleTestServer } from '../harness';

const YEAR = 'from=2026-01-01&to=2026-12-31&kind=year';

describe(`report pages check role and scope on every request (${backend})`, () => {
  let server: ConsoleTestServer;
  let districtHead: ConsoleClient;
  let communeHead: ConsoleClient;
  let it_: ConsoleClient;
  beforeAll(async () => {
    server = await startConsoleServer();
    // One rating in each unit, so that a leak would show as a number.
    for (const counter of ['ttpvhcc-q01', 'ln-q01', 'ps-q01']) {
      const kiosk = await addKiosk(server.db, counter, server.clock.now);
      await ingest(server.db, kiosk, [makeRating(kiosk, server.clock.now - 3_600_000)], server.clock.now);
    }
    await server.addUser('truong.lucngan', 'unit_head', { unitId: 'bg-ln-motcua' });
    await server.addUser('truong.phuongson', 'unit_head', { unitId: 'bg-ln-phuongson' });
    await server.addUser('it.staff', 'it');
    districtHead = server.client();
    await districtHead.login('truong.lucngan');
    communeHead = server.client();
    await communeHead.login('truong.phuongson');
    it_ = server.client();
    await it_.login('it.staff');
  });
  afterAll(() => server?.close());

  it('a unit head reads their unit and the units under it, with breadcrumbs from their own unit', async () => {
    const own = await districtHead.get<Report>(`/reports/units/bg-ln-motcua?${YEAR}`);
    expect(own.status).toBe(200);
    expect(own.body.measures.totals.ratings).toBe(2);
    expect(own.body.units.map((u) => u.id)).toEqual(['bg-ln-phuongson']);
    const below = await districtHead.get<Report>(`/reports/units/bg-ln-phuongson?${YEAR}`);
    expect(below.status).toBe(200);
    expect(below.body.path.map((c) => c.id)).toEqual(['bg-ln-motcua', 'bg-ln-phuongson']);
    const commune = await communeHead.get<Report>(`/reports/counters/ps-q01?${YEAR}`);
    expect(commune.status).toBe(200);
    expect(commune.body.path.map((c) => c.id)).toEqual(['bg-ln-phuongson', 'ps-q01']);
  });

  it('a unit head asking for another unit’s, counter’s or officer’s id gets 403 out_of_scope and no figure', async () => {
    const refused = [
      [districtHead, `/reports/units/bg-ttpvhcc?${YEAR}`],
      [districtHead, `/reports/counters/ttpvhcc-q01?${YEAR}`],
      [districtHead, `/reports/staff/st-000101?${YEAR}`],
      [communeHead, `/reports/units/bg-ln-motcua?${YEAR}`],
      [communeHead, `/reports/counters/ln-q01?${YEAR}`],
      [communeHead, `/reports/staff/st-010201?${YEAR}`],
      [districtHead, `/reports/units/no-such-unit?${YEAR}`],
      [districtHead, `/reports/staff/st-999999?${YEAR}`],
    ] as const;
    for (const [client, path] of refused) {
      const answer = await client.get(path);
      expect(answer.status, path).toBe(403);
      expect(answer.body, path).toEqual({ error: 'out_of_scope', message: 'Đơn vị này nằm ngoài phạm vi của tài khoản.' });
    }
  });

  it('the province report is for province-wide roles only', async () => {
    const head = await districtHead.get(`/reports/province?${YEAR}`);
    expect(head.status).toBe(403);
    expect(head.body.error).toBe('forbidden');
    const it = await it_.get<Report>(`/reports/province?${YEAR}`);
    expect(it.status).toBe(200);
    expect(it.body.measures.totals.ratings).toBe(3);
    expect(it.body.path).toEqual([{ kind: 'province', id: null, name: 'Toàn tỉnh' }]);
  });

  it('without a session, every report answers 401', async () => {
    for (const path of ['/reports/province', '/reports/units/bg-ln-motcua', '/reports/counters/ln-q01', '/reports/staff/st-010201']) {
      const answer = await server.client().get(`${path}?${YEAR}`);
      expect(answer.status, path).toBe(401);
      expect(answer.body.error).toBe('unauthenticated');
    }
  });

  it('absurd periods, injection attempts and odd query strings get a clear 400 in the user’s language, never a 5xx', async () => {
    const cases: [string, string, string][] = [
      ['/reports/units/bg-ln-motcua?from=2026-03-01&to=2026-02-01', 'invalid_period', 'to'],
      ['/reports/units/bg-ln-motcua?from=2000-01-01&to=2026-12-31', 'invalid_period', 'to'],
      ['/reports/units/bg-ln-motcua?from=2026-02-30&to=2026-03-01', 'invalid_period', 'from'],
      ['/reports/units/bg-ln-motcua?from=1999-12-31&to=2000-01-05', 'invalid_period', 'from'],
      ['/reports/units/bg-ln-motcua?from=26-1-1&to=2026-03-01', 'invalid_period', 'from'],
      ['/reports/units/bg-ln-motcua?to=2026-03-01', 'invalid_period', 'from'],
      ['/reports/units/bg-ln-motcua?from=2026-01-01&from=2026-02-01&to=2026-03-01', 'invalid_period', 'from'],
      ['/reports/units/bg-ln-motcua?from=2026-02-03&to=2026-02-27&kind=month', 'invalid_period', 'kind'],
      ['/reports/units/bg-ln-motcua?from=2026-01-01&to=2026-01-31&kind=decade', 'invalid_input', 'kind'],
      ['/reports/units/bg-ln-motcua?from=2026-01-01&to=2026-01-31&deskRole=reception%27%20OR%201%3D1', 'invalid_input', 'deskRole'],
      [`/reports/units/${encodeURIComponent("bg-ln-motcua' OR '1'='1")}?${YEAR}`, 'invalid_input', 'id'],
      [`/reports/staff/${encodeURIComponent('st-1; DROP TABLE ratings; --')}?${YEAR}`, 'invalid_input', 'id'],
      [`/reports/counters/${'x'.repeat(90)}?${YEAR}`, 'invalid_input', 'id'],
    ];
    for (const [path, error, field] of cases) {
      const answer = await districtHead.get(path);
      expect(answer.status, path).toBe(400);
      expect(answer.body, path).toMatchObject({ error, field });
      expect(answer.body.message, path).toMatch(/không hợp lệ/);
      expect(answer.body, path).not.toHaveProperty('measures');
    }
    // Longer than the router's parameter limit: refused by Fastify's router itself, before the console.
    const huge = await districtHead.get(`/reports/counters/${'x'.repeat(5000)}?${YEAR}`);
    expect(huge.status).toBe(414);
    districtHead.language = 'en';
    const english = await districtHead.get('/reports/units/bg-ln-motcua?from=2026-03-01&to=2026-02-01');
    districtHead.language = 'vi';
    expect(english.body.message).toBe('Invalid period: to: the period ends before it starts');
    const stillThere = await districtHead.get<Report>(`/reports/units/bg-ln-motcua?${YEAR}`);
    expect(stillThere.body.measures.totals.ratings).toBe(2);
  });
});
