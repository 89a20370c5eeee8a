/**
 * The record chain at ingest, through the protocol: a deleted or altered record in the middle of a
 * device's chain is found with its exact seqs, a late record closes the gap it left, a kiosk
 * without chain fields still syncs and shows as unchained, and a chain field that is not a hash is
 * rejected by id with nothing stored.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceChains } from '../../../server/integrity/chain-status';
import { backend, enroll } from '../helpers';
import { ChainedKiosk, startIntegrityServer, type IntegrityServer } from './integrity-harness';

describe(`each device's record chain (${backend})`, () => {
  let integrity: IntegrityServer;
  beforeAll(async () => {
    integrity = await startIntegrityServer();
  });
  afterAll(() => integrity?.close());

  const chainOf = async (deviceId: string) => (await deviceChains(integrity.db, null)).find((d) => d.deviceId === deviceId)!;

  it('a chain sent whole, logins and ratings, is complete', async () => {
    const kiosk = await ChainedKiosk.enrol(integrity.server);
    const records = [kiosk.login(), kiosk.rating(), kiosk.rating()];
    const logout = kiosk.logout();
    const answer = await kiosk.send([records[1], records[2]], [records[0], logout]);
    expect(answer.json).toMatchObject({ accepted: [records[1]!.id, records[2]!.id, records[0]!.id, logout.id], rejected: [] });
    expect(await chainOf(kiosk.deviceId)).toMatchObject({ state: 'complete', firstSeq: 1, lastSeq: 4, records: 4, breaks: [], start: { kind: 'fresh' } });
  });

  it('a record deleted in the middle of the chain is found with the exact missing seq range', async () => {
    const kiosk = await ChainedKiosk.enrol(integrity.server);
    const login = kiosk.login();
    const ratings = Array.from({ length: 8 }, () => kiosk.rating());
    // seq 4 and 5 (the third and fourth ratings) deleted on the kiosk before they were sent.
    const sent = ratings.filter((r) => r.seq !== 4 && r.seq !== 5);
    expect((await kiosk.send(sent.slice(0, 3), [login])).json.rejected).toEqual([]);
    expect((await kiosk.send(sent.slice(3))).json.rejected).toEqual([]);
    const chain = await chainOf(kiosk.deviceId);
    expect(chain).toMatchObject({ state: 'broken', firstSeq: 1, lastSeq: 9, records: 7 });
    expect(chain.breaks).toEqual([{ afterSeq: 3, beforeSeq: 6, kind: 'missing', missingFrom: 4, missingTo: 5, detectedAt: integrity.server.clock.now }]);
  });

  it('a record sent late (passed over while open for details) closes the gap it left', async () => {
    const kiosk = await ChainedKiosk.enrol(integrity.server);
    const login = kiosk.login();
    const [first, late, third] = [kiosk.rating(), kiosk.rating(), kiosk.rating()];
    await kiosk.send([first, third], [login]);
    expect((await chainOf(kiosk.deviceId)).breaks).toMatchObject([{ missingFrom: 3, missingTo: 3 }]);
    await kiosk.send([late]);
    expect(await chainOf(kiosk.deviceId)).toMatchObject({ state: 'complete', breaks: [] });
  });

  it('a record altered on the kiosk after the next one was made is found: the next one does not carry its link', async () => {
    const kiosk = await ChainedKiosk.enrol(integrity.server);
    const login = kiosk.login();
    const ratings = [kiosk.rating({ score: 1 }), kiosk.rating(), kiosk.rating()];
    // Someone turned the "Không hài lòng" of seq 2 into "Rất hài lòng" in the kiosk's database.
    const altered = { ...ratings[0]!, score: 3 as const };
    expect((await kiosk.send([altered, ratings[1], ratings[2]], [login])).json.accepted).toHaveLength(4);
    expect((await chainOf(kiosk.deviceId)).breaks).toEqual([expect.objectContaining({ afterSeq: 2, beforeSeq: 3, kind: 'altered', missingFrom: null })]);
  });

  it('a kiosk of revision 2 (no chain fields) still syncs, and shows as unchained', async () => {
    const old = await enroll(integrity.server);
    const answer = await old.sendBatch([old.rating(), old.rating()]);
    expect(answer.json).toMatchObject({ accepted: [expect.any(String), expect.any(String)], rejected: [] });
    expect(await chainOf(old.deviceId)).toMatchObject({ state: 'unchained', records: 0, firstSeq: null, start: null });
  });

  it('a chain field that is not a hash is rejected by id, and nothing of it is stored', async () => {
    const kiosk = await ChainedKiosk.enrol(integrity.server);
    const login = kiosk.login();
    const good = kiosk.rating();
    const notAHash = { ...kiosk.rating(), prevHash: 'DROP TABLE ratings' };
    const upperCase = { ...kiosk.rating(), prevHash: 'A'.repeat(64) };
    const badEvent = { ...kiosk.logout(), prevHash: '12' };
    const answer = await kiosk.send([good, notAHash, upperCase], [login, badEvent]);
    expect(answer.status).toBe(200);
    expect(answer.json.accepted).toEqual([good.id, login.id]);
    const rejected = answer.json.rejected as { id: string; reason: string }[];
    expect(rejected.map((r) => r.id)).toEqual([notAHash.id, upperCase.id, badEvent.id]);
    for (const r of rejected) expect(r.reason).toMatch(/prevHash: must be a SHA-256 hash/);
    const stored = await integrity.db.selectFrom('ratings').select('id').where('id', 'in', [notAHash.id, upperCase.id]).execute();
    expect(stored).toEqual([]);
    expect(await integrity.db.selectFrom('session_events').select('id').where('id', '=', badEvent.id).execute()).toEqual([]);
    expect(await integrity.db.selectFrom('chain_segments').select(['first_seq', 'last_seq']).where('device_id', '=', kiosk.deviceId).execute()).toEqual([{ first_seq: 1, last_seq: 2 }]);
  });

  it('a device that chains its records cannot send unchained ones after them', async () => {
    const kiosk = await ChainedKiosk.enrol(integrity.server);
    const login = kiosk.login();
    await kiosk.send([kiosk.rating()], [login]);
    const { prevHash: _dropped, ...unchained } = kiosk.rating();
    const answer = await kiosk.send([unchained]);
    expect(answer.json.rejected).toEqual([{ id: unchained.id, reason: 'prevHash: missing; this device chains its records since seq 1' }]);
  });

  it('a kiosk enrolled anew with its database continues its old chain, and the console says whose', async () => {
    const kiosk = await ChainedKiosk.enrol(integrity.server);
    const login = kiosk.login();
    await kiosk.send([kiosk.rating(), kiosk.rating()], [login]);
    const again = new ChainedKiosk(await enroll(integrity.server));
    Object.assign(again, { head: kiosk.head, seq: kiosk.seq, session: kiosk.session });
    expect((await again.send([again.rating()])).json.rejected).toEqual([]);
    expect(await chainOf(again.deviceId)).toMatchObject({ state: 'complete', firstSeq: 4, start: { kind: 'continues', deviceId: kiosk.deviceId, seq: 3 } });
  });

  it('refusals of the per-session cap arrive as counts per session, a resend changing nothing', async () => {
    const kiosk = await ChainedKiosk.enrol(integrity.server);
    const login = kiosk.login();
    const refusals = [{ staffSessionId: kiosk.session!.id, counterId: 'ttpvhcc-q01', refused: 7 }];
    await kiosk.send([kiosk.rating()], [login], { refusals });
    await kiosk.send([], [], { refusals: [{ ...refusals[0], refused: 4 }] });
    expect((await chainOf(kiosk.deviceId)).refusedAttempts).toBe(7);
    const score = await kiosk.send([], [], { refusals: [{ ...refusals[0], refused: 9, score: 3 }] });
    expect(score.status).toBe(400);
    expect((await chainOf(kiosk.deviceId)).refusedAttempts).toBe(7);
  });
});
