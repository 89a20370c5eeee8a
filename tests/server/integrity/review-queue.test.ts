import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../../shared/console/api';
import { DEFAULT_INTEGRITY_SETTINGS, type FlagDecisionAnswer, type FlagList, type IntegritySettings } from '../../../shared/console/integrity';
import { raiseFlag } from '../../../server/integrity/rating-flags';
import { rebuildRollups } from '../../../server/reports/rollups';
import { startConsoleServer, type ConsoleClient, type ConsoleTestServer } from '../console/harness';
import { backend } from '../helpers';
import { addKiosk, ingest, makeRating, type TestKiosk } from '../reports/ratings';

const MONTH = 'from=2026-11-01&to=2026-11-30&kind=month';

async function rollupTotal(server: ConsoleTestServer, unitId: string): Promise<number> {
  const row = await server.db.selectFrom('rating_rollup_days').select((eb) => eb.fn.sum<number>('ratings').as('n')).where('unit_id', '=', unitId).executeTakeFirst();
  return Number(row?.n ?? 0);
}

describe(`the review queue: a confirmed flag takes exactly its ratings out of reports, a dismissed one puts them back (${backend})`, () => {
  let server: ConsoleTestServer;
  let province: ConsoleClient;
  let communeHead: ConsoleClient;
  let kiosk: TestKiosk;
  let other: TestKiosk;
  const burstIds: string[] = [];
  const volumeIds: string[] = [];
  let burstFlag = '';
  let volumeFlag = '';
  let otherFlag = '';

  beforeAll(async () => {
    server = await startConsoleServer();
    const now = server.clock.now;
    kiosk = await addKiosk(server.db, 'ttpvhcc-q01', now);
    other = await addKiosk(server.db, 'ln-q01', now);
    // 10 ordinary ratings an hour apart, 6 self-ratings 3 s apart, and 4 of a flood from the other unit's kiosk.
    const ordinary = Array.from({ length: 10 }, (_, i) => makeRating(kiosk, now - 20 * 3_600_000 + i * 3_600_000, { score: 2 }));
    const burst = Array.from({ length: 6 }, (_, i) => makeRating(kiosk, now - 600_000 + i * 3_000, { score: 3 }));
    const flood = Array.from({ length: 4 }, (_, i) => makeRating(other, now - 500_000 + i * 1_000, { score: 3 }));
    await ingest(server.db, kiosk, [...ordinary, ...burst], now);
    await ingest(server.db, other, flood, now);
    burstIds.push(...burst.map((r) => r.id));
    volumeIds.push(...flood.map((r) => r.id));
    burstFlag = await raiseFlag(
      server.db,
      { reason: 'burst', subject: 'session:s-1', unitId: kiosk.unitId, deviceId: kiosk.deviceId, ratings: burst.map((r) => ({ id: r.id, at: r.createdAt })), evidence: { ratings: 6, seconds: 15 } },
      now,
    );
    // A second finding over two of the same ratings: confirming one and dismissing the other must not put them back.
    otherFlag = await raiseFlag(
      server.db,
      { reason: 'near_login', subject: 'session:s-1', unitId: kiosk.unitId, deviceId: kiosk.deviceId, ratings: burst.slice(0, 2).map((r) => ({ id: r.id, at: r.createdAt })), evidence: { seconds: 4 } },
      now,
    );
    volumeFlag = await raiseFlag(
      server.db,
      { reason: 'device_volume', subject: `device:${other.deviceId}:2026-11-21`, unitId: other.unitId, deviceId: other.deviceId, ratings: flood.map((r) => ({ id: r.id, at: r.createdAt })), evidence: { ratings: 4, maximum: 3 } },
      now,
    );
    await server.addUser('so.noivu', 'province');
    await server.addUser('truong.phuongson', 'unit_head', { unitId: 'bg-ln-phuongson' });
    province = server.client();
    await province.login('so.noivu');
    communeHead = server.client();
    await communeHead.login('truong.phuongson');
  });
  afterAll(() => server?.close());

  it('an open flag’s ratings still count and the report says how many are unreviewed; an open device-volume flag holds its ratings out until reviewed', async () => {
    const centre = await province.get<Report>(`/reports/units/bg-ttpvhcc?${MONTH}`);
    expect(centre.body.measures.totals.ratings).toBe(16);
    expect(centre.body.integrity).toMatchObject({ excludedTotal: 0, unreviewedTotal: 6, heldUntilReviewed: 0 });
    expect(centre.body.integrity.unreviewed).toEqual([
      { reason: 'burst', ratings: 6 },
      { reason: 'near_login', ratings: 2 },
    ]);
    const district = await province.get<Report>(`/reports/units/bg-ln-motcua?${MONTH}`);
    expect(district.body.measures.totals.ratings).toBe(0);
    expect(district.body.integrity).toMatchObject({ heldUntilReviewed: 4, unreviewedTotal: 0 });
  });

  it('the province sees every open flag with its evidence, newest first', async () => {
    const list = await province.get<FlagList>('/integrity/flags?status=open');
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(3);
    const burst = list.body.items.find((f) => f.id === burstFlag)!;
    expect(burst).toMatchObject({ reason: 'burst', unitId: 'bg-ttpvhcc', deviceName: `Kiosk ttpvhcc-q01`, ratingCount: 6, evidence: { ratings: 6, seconds: 15 } });
  });

  it('confirming the burst removes exactly its six ratings from the report, with the reason, in the same transaction as the rollups', async () => {
    const decided = await province.post<FlagDecisionAnswer>(`/integrity/flags/${burstFlag}/decision`, { decision: 'confirm', note: 'tự đánh giá' });
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({ removed: 6, restored: 0, flag: { status: 'confirmed', decidedBy: 'so.noivu', decisionNote: 'tự đánh giá' } });
    const centre = await province.get<Report>(`/reports/units/bg-ttpvhcc?${MONTH}`);
    expect(centre.body.measures.totals).toMatchObject({ ratings: 10, verySatisfied: 0, satisfied: 10 });
    expect(centre.body.integrity).toMatchObject({ excludedTotal: 6, excluded: [{ reason: 'burst', ratings: 6 }], unreviewedTotal: 0 });
    expect(await rollupTotal(server, 'bg-ttpvhcc')).toBe(10);
    const excluded = await server.db.selectFrom('ratings').select('id').where('counted', '=', false).orderBy('id').execute();
    expect(excluded.map((r) => r.id).sort()).toEqual([...burstIds, ...volumeIds].sort());
  });

  it('dismissing a second flag over two of the same ratings leaves them out: the burst still holds them', async () => {
    const decided = await province.post<FlagDecisionAnswer>(`/integrity/flags/${otherFlag}/decision`, { decision: 'dismiss' });
    expect(decided.body).toMatchObject({ removed: 0, restored: 0, flag: { status: 'dismissed' } });
    expect(await rollupTotal(server, 'bg-ttpvhcc')).toBe(10);
  });

  it('dismissing the burst puts its six ratings back, and the rollups equal those rebuilt from the ratings', async () => {
    const decided = await province.post<FlagDecisionAnswer>(`/integrity/flags/${burstFlag}/decision`, { decision: 'dismiss', note: 'hàng đợi đông' });
    expect(decided.body).toMatchObject({ removed: 0, restored: 6 });
    const centre = await province.get<Report>(`/reports/units/bg-ttpvhcc?${MONTH}`);
    expect(centre.body.measures.totals).toMatchObject({ ratings: 16, verySatisfied: 6 });
    expect(centre.body.integrity).toMatchObject({ excludedTotal: 0, unreviewedTotal: 0 });
    const before = await server.db.selectFrom('rating_rollup_days').selectAll().where('ratings', '>', 0).orderBy('day').orderBy('unit_id').orderBy('counter_id').orderBy('staff_id').orderBy('desk_role').execute();
    await rebuildRollups(server.db);
    const rebuilt = await server.db.selectFrom('rating_rollup_days').selectAll().orderBy('day').orderBy('unit_id').orderBy('counter_id').orderBy('staff_id').orderBy('desk_role').execute();
    expect(rebuilt).toEqual(before);
  });

  it('a unit head’s decision on a flag outside their scope is refused, and nothing stored changes', async () => {
    const refused = await communeHead.post(`/integrity/flags/${volumeFlag}/decision`, { decision: 'dismiss' });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toBe('out_of_scope');
    const unknown = await communeHead.post('/integrity/flags/no-such-flag/decision', { decision: 'dismiss' });
    expect(unknown.status).toBe(403);
    const flag = await server.db.selectFrom('rating_flags').select(['status', 'decided_by']).where('id', '=', volumeFlag).executeTakeFirstOrThrow();
    expect(flag).toEqual({ status: 'open', decided_by: null });
    expect(await rollupTotal(server, 'bg-ln-motcua')).toBe(0);
    const list = await communeHead.get<FlagList>('/integrity/flags?status=open');
    expect(list.body).toEqual({ items: [], total: 0 });
  });

  it('a decision that is not confirm or dismiss is refused in the user’s language, nothing changed', async () => {
    const refused = await province.post(`/integrity/flags/${volumeFlag}/decision`, { decision: 'delete' });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toBe('invalid_input');
    expect(refused.body.message).toMatch(/^Dữ liệu không hợp lệ/);
  });

  it('the thresholds are the province’s to change: a unit head is refused, a value out of range is refused naming it, nothing is stored', async () => {
    const before = await province.get<IntegritySettings>('/integrity/settings');
    expect(before.body).toEqual(DEFAULT_INTEGRITY_SETTINGS);
    expect((await communeHead.request('PUT', '/integrity/settings', { ...DEFAULT_INTEGRITY_SETTINGS, burstSeconds: 30 })).status).toBe(403);
    const refused = await province.request('PUT', '/integrity/settings', { ...DEFAULT_INTEGRITY_SETTINGS, burstSeconds: 0 });
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/burstSeconds/);
    expect((await province.get<IntegritySettings>('/integrity/settings')).body).toEqual(DEFAULT_INTEGRITY_SETTINGS);
    const saved = await province.request<IntegritySettings>('PUT', '/integrity/settings', { ...DEFAULT_INTEGRITY_SETTINGS, burstSeconds: 30 });
    expect(saved.body.burstSeconds).toBe(30);
    await province.request('PUT', '/integrity/settings', DEFAULT_INTEGRITY_SETTINGS);
  });

  it('dismissing the device-volume flag counts the flood’s ratings; every decision is in the audit log', async () => {
    await province.post(`/integrity/flags/${volumeFlag}/decision`, { decision: 'dismiss' });
    expect(await rollupTotal(server, 'bg-ln-motcua')).toBe(4);
    const audit = await server.db.selectFrom('console_audit').select(['login', 'details']).where('action', '=', 'flag_reviewed').orderBy('id').execute();
    expect(audit.map((a) => [a.login, JSON.parse(a.details).to])).toEqual([
      ['so.noivu', 'confirmed'],
      ['so.noivu', 'dismissed'],
      ['so.noivu', 'dismissed'],
      ['so.noivu', 'dismissed'],
    ]);
  });
});
