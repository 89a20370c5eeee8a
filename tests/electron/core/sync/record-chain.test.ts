/**
 * The kiosk's record chain against the real server: logins, logouts and ratings leave with their
 * links, and the server finds the chain complete and every rating inside its session; a rating
 * deleted from the kiosk's database before it was sent is found by the server, with its seq.
 */
import { Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../../server/app';
import { PGliteDialect } from '../../../../server/db/pglite-dialect';
import type { ServerDatabase } from '../../../../server/db/schema';
import { deviceChains } from '../../../../server/integrity/chain-status';
import { checkChain } from '../../../../electron/core/record-chain';
import { currentSession, endSession } from '../../../../electron/core/sessions';
import { writeSetting } from '../../../../electron/core/settings';
import { draft } from '../helpers';
import { DEMO_COUNTER_ID } from '../../../../electron/core/demo';
import { readSyncState } from '../../../../electron/core/sync/state';
import { pgliteCopy } from '../../../server/helpers';
import { enrol, rateMany, serverRatingIds, startDemoServer, syncKiosk } from './helpers';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(): Promise<{ server: RunningServer; serverDb: Kysely<ServerDatabase>; kiosk: ReturnType<typeof syncKiosk> }> {
  const pglite = await pgliteCopy(true);
  const server = await startDemoServer({ pglite });
  cleanups.push(() => server.close());
  const kiosk = syncKiosk();
  cleanups.push(() => kiosk.core.close());
  return { server, serverDb: new Kysely<ServerDatabase>({ dialect: new PGliteDialect(pglite) }), kiosk };
}

describe('the record chain from kiosk to server', () => {
  it('logins, logouts and ratings leave with their links: the server finds the chain complete and every rating in its session', async () => {
    const { server, serverDb, kiosk } = await setup();
    const before = rateMany(kiosk.core, 3);
    await enrol(kiosk.core, server);
    const db = kiosk.core.database!;
    const after = rateMany(kiosk.core, 52);
    endSession(db, DEMO_COUNTER_ID, Date.now(), 'manual');
    expect(await kiosk.engine.syncNow()).toMatchObject({ ok: true });
    expect(await serverRatingIds(server)).toEqual([...before, ...after].sort());
    const local = checkChain(db);
    expect(local).toMatchObject({ intact: true });
    const deviceId = readSyncState(db, 'serverDeviceId')!;
    const [chain] = (await deviceChains(serverDb, null)).filter((d) => d.deviceId === deviceId);
    // Session events: the demo login; each new session of rateMany (one per 50 ratings) ends the one before (2 events), three times; the logout.
    expect(chain).toMatchObject({ state: 'complete', breaks: [], start: { kind: 'fresh' }, firstSeq: 1, records: local.records });
    expect(chain!.records).toBe(3 + 52 + 1 + 3 * 2 + 1);
    expect(await serverDb.selectFrom('rating_flags').select('reason').where('device_id', '=', deviceId).execute()).toEqual([]);
    expect(await serverDb.selectFrom('session_events').select('kind').where('device_id', '=', deviceId).execute()).toHaveLength(8);
  }, 120_000);

  it('a refusal of the per-session cap with no rating after it reaches the server by itself, once, and shows in the chain status', async () => {
    const { server, serverDb, kiosk } = await setup();
    await enrol(kiosk.core, server);
    const db = kiosk.core.database!;
    writeSetting(db, 'maxRatingsPerSessionPerMinute', 6, Date.now());
    for (let i = 0; i < 6; i++) {
      const submitted = kiosk.core.call('submitRating', draft(3));
      expect(submitted.ok).toBe(true);
      kiosk.core.call('finishRating', { id: (submitted as { value: { id: string } }).value.id });
    }
    expect(await kiosk.engine.syncNow()).toMatchObject({ ok: true, sent: 6 });
    // The seventh "Rất hài lòng" of the minute is refused by the cap; nothing else happens at the counter.
    expect(kiosk.core.call('submitRating', draft(3))).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    const deviceId = readSyncState(db, 'serverDeviceId')!;
    const refused = async () => (await deviceChains(serverDb, null)).find((d) => d.deviceId === deviceId)!.refusedAttempts;
    expect(await refused()).toBe(0);

    expect(await kiosk.engine.syncNow()).toMatchObject({ ok: true, sent: 0, batches: 1 });
    expect(await refused()).toBe(1);
    const session = currentSession(db, DEMO_COUNTER_ID)!;
    expect(await serverDb.selectFrom('session_refusals').select(['staff_session_id', 'refused']).where('device_id', '=', deviceId).execute()).toEqual([
      { staff_session_id: session.id, refused: 1 },
    ]);
    // Sent once: the next runs have nothing to send until the cap refuses again.
    expect(await kiosk.engine.syncNow({ full: true })).toMatchObject({ ok: true, batches: 0 });
    expect(kiosk.core.call('submitRating', draft(1))).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    expect(await kiosk.engine.syncNow()).toMatchObject({ ok: true, batches: 1 });
    expect(await refused()).toBe(2);
  }, 180_000);

  it('a logout with no rating after it reaches the server by itself', async () => {
    const { server, serverDb, kiosk } = await setup();
    await enrol(kiosk.core, server);
    const db = kiosk.core.database!;
    rateMany(kiosk.core, 2);
    expect(await kiosk.engine.syncNow()).toMatchObject({ ok: true, sent: 2 });
    const session = endSession(db, DEMO_COUNTER_ID, Date.now(), 'manual')!;
    expect(await kiosk.engine.syncNow()).toMatchObject({ ok: true, sent: 0, batches: 1 });
    const deviceId = readSyncState(db, 'serverDeviceId')!;
    expect(
      await serverDb.selectFrom('session_events').select(['kind', 'reason']).where('device_id', '=', deviceId).where('session_id', '=', session.id).orderBy('seq').execute(),
    ).toEqual([
      { kind: 'login', reason: 'test' },
      { kind: 'logout', reason: 'manual' },
    ]);
    expect(await kiosk.engine.syncNow()).toMatchObject({ ok: true, batches: 0 });
  }, 120_000);

  it('a rating deleted from the kiosk’s database before it was sent is found by the server with its seq', async () => {
    const { server, serverDb, kiosk } = await setup();
    await enrol(kiosk.core, server);
    const db = kiosk.core.database!;
    rateMany(kiosk.core, 5);
    const victim = db.prepare('SELECT seq FROM ratings WHERE sent_at IS NULL ORDER BY seq LIMIT 1 OFFSET 2').get() as { seq: number };
    db.prepare('DELETE FROM ratings WHERE seq = ?').run(victim.seq);
    expect(checkChain(db)).toMatchObject({ intact: false, seq: victim.seq + 1 });
    await kiosk.engine.syncNow();
    const deviceId = readSyncState(db, 'serverDeviceId')!;
    const [chain] = (await deviceChains(serverDb, null)).filter((d) => d.deviceId === deviceId);
    expect(chain).toMatchObject({ state: 'broken', breaks: [{ kind: 'missing', missingFrom: victim.seq, missingTo: victim.seq }] });
  });
});
