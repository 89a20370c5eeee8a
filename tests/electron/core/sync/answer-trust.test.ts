import Database from 'better-sqlite3';
import { gunzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../../server/app';
import { migrate } from '../../../../electron/core/db/migrate';
import { AnswerTrust } from '../../../../electron/core/sync/answer-trust';
import type { ServerResponse } from '../../../../electron/core/sync/client';
import { deleteSyncState, readSyncState, recentJournal } from '../../../../electron/core/sync/state';
import { hashBadgeCode, keyedBadgeHash } from '../../../../shared/node/badge-hash';
import { startFaultProxy, type Exchange, type FaultProxy } from '../../../sync/fault-proxy';
import { DEMO_OFFICER_ID, enrolmentCode, rateMany, startDemoServer, syncKiosk, unsentIds } from './helpers';

let server: RunningServer;
let proxy: FaultProxy;
beforeAll(async () => {
  server = await startDemoServer();
  proxy = await startFaultProxy({ upstreamPort: server.port });
});
afterAll(async () => {
  await proxy.close();
  await server.close();
});
afterEach(() => proxy.setTamper(null));

/** A JSON answer of `path` rewritten by `change`; its server signature left as it was. */
function rewriteJson(path: string, change: (body: Record<string, unknown>) => void) {
  return (exchange: Exchange) => {
    if (!exchange.path.startsWith(path) || exchange.body.length === 0) return undefined;
    const body = JSON.parse(exchange.body.toString()) as Record<string, unknown>;
    change(body);
    return { head: exchange.head, body: Buffer.from(JSON.stringify(body)) };
  };
}

/** The answers of `path` with their server signature taken off, as from a server that does not sign. */
function stripSignature(path: string) {
  return (exchange: Exchange) =>
    exchange.path.startsWith(path) ? { head: exchange.head.replace(/\r\nx-server-signature:[^\r]*/i, ''), body: exchange.body } : undefined;
}

/** A demo kiosk enrolled with the real server through the proxy, roster and config pulled once. */
async function kioskBehindProxy(fetchThrough?: typeof fetch) {
  const kiosk = syncKiosk({ sync: { fetch: fetchThrough } });
  const queued = kiosk.core.call('enrollDevice', { serverUrl: proxy.url, enrollmentCode: await enrolmentCode(server) });
  if (!queued.ok) throw new Error(queued.error.message);
  const first = await kiosk.engine.syncNow({ full: true });
  expect(first.ok).toBe(true);
  const db = kiosk.core.database!;
  // The keyed hashes a badge is checked against (electron/core/badges.ts).
  const staffHashes = () => db.prepare('SELECT id, badge_hmac, old_badge_hmac FROM staff ORDER BY id').all();
  const settings = () => (kiosk.core.call('getKioskState', undefined) as { ok: true; value: { settings: unknown } }).value.settings;
  return { ...kiosk, db, staffHashes, settings };
}

describe('answers a kiosk can trust', () => {
  it('a man in the middle swaps the roster’s badge hashes and a setting: the kiosk refuses both and keeps its own', async () => {
    const kiosk = await kioskBehindProxy();
    expect(kiosk.engine.status().serverSignsAnswers).toBe(true);
    const rosterBefore = kiosk.staffHashes();
    const settingsBefore = kiosk.settings();
    // Fresh answers (not 304s), rewritten on the way: an attacker's badge for the officer (keyed with
    // the unit's key the answer carries, and in scheme v1 for older kiosks), and a setting.
    deleteSyncState(kiosk.db, 'rosterEtag');
    deleteSyncState(kiosk.db, 'configEtag');
    proxy.setTamper(
      rewriteJson('/api/v1/roster', (roster) => {
        for (const member of roster.staff as { id: string; badgeHash?: string }[]) {
          if (member.id === DEMO_OFFICER_ID) member.badgeHash = hashBadgeCode('ATTACKER-1');
        }
        const badges = roster.badges as { key: string; staff: { staffId: string; badgeHash: string }[] };
        for (const member of badges.staff) {
          if (member.staffId === DEMO_OFFICER_ID) member.badgeHash = keyedBadgeHash(badges.key, 'ATTACKER-1');
        }
      }),
    );
    const run = await kiosk.engine.syncNow({ full: true });
    expect(run.ok).toBe(false);
    expect(run.error).toMatch(/^\/roster: an answer \(200\) whose server signature is invalid was refused/);
    expect(kiosk.staffHashes()).toEqual(rosterBefore);
    proxy.setTamper(
      rewriteJson('/api/v1/config', (config) => {
        config.settings = { ...(config.settings as object), allowRatingWithoutOfficer: true, idleTimeoutMs: 5_000 };
      }),
    );
    const config = await kiosk.engine.syncNow({ full: true });
    expect(config.error).toMatch(/^\/config: an answer \(200\) whose server signature is invalid was refused/);
    expect(kiosk.settings()).toEqual(settingsBefore);
    expect(recentJournal(kiosk.db).filter((line) => line.kind === 'untrusted_answer').map((line) => line.details)).toEqual([
      { what: '/config', status: 200, signature: 'invalid' },
      { what: '/roster', status: 200, signature: 'invalid' },
    ]);
    // The attack itself: the attacker's badge does not log in as the officer.
    expect(kiosk.core.call('scanBadge', { code: 'ATTACKER-1' })).toMatchObject({ ok: false, error: { reason: 'unknown_badge' } });
    proxy.setTamper(null);
    expect((await kiosk.engine.syncNow({ full: true })).ok).toBe(true);
    expect(kiosk.staffHashes()).toEqual(rosterBefore);
    kiosk.core.close();
  });

  it('a man in the middle who strips the signatures is refused too: the kiosk pinned its signing server at enrolment', async () => {
    const kiosk = await kioskBehindProxy();
    const settingsBefore = kiosk.settings();
    deleteSyncState(kiosk.db, 'configEtag');
    proxy.setTamper((exchange) => {
      const stripped = stripSignature('/api/v1/')(exchange);
      const rewritten = stripped && rewriteJson('/api/v1/config', (config) => (config.settings = { idleTimeoutMs: 5_000 }))({ ...exchange, ...stripped });
      return rewritten ?? stripped;
    });
    const run = await kiosk.engine.syncNow({ full: true });
    expect(run.ok).toBe(false);
    expect(run.error).toMatch(/signature is missing was refused/);
    expect(kiosk.settings()).toEqual(settingsBefore);
    kiosk.core.close();
  });

  it('a man in the middle who answers a batch in the server’s place, "all accepted", does not make the kiosk drop its ratings', async () => {
    let forging = false;
    // In the server's place: the batch never reaches it, and the answer acknowledges every rating.
    const middle: typeof fetch = async (input, init) => {
      if (!forging || !String(input).endsWith('/ratings/batches')) return fetch(input, init);
      const ids = unsentIds(kiosk.db);
      const forged = { accepted: ids, duplicates: [], conflicts: [], rejected: [], serverTime: Date.now() };
      return new Response(JSON.stringify(forged), { status: 200, headers: { 'content-type': 'application/json', 'x-server-signature': 'Yn1pMYJw/zYc393GqCRcLuSIo6qVi9+sIPVX4mVJaao=' } });
    };
    const kiosk = await kioskBehindProxy(middle);
    const ids = rateMany(kiosk.core, 3);
    forging = true;
    const run = await kiosk.engine.syncNow();
    expect(run).toMatchObject({ ok: false, sent: 0, error: expect.stringMatching(/^batch: an answer \(200\) whose server signature is invalid was refused/) });
    expect(unsentIds(kiosk.db)).toEqual(ids);
    expect(await server.admin.ratingIds()).not.toContain(ids[0]);
    forging = false;
    expect(await kiosk.engine.syncNow()).toMatchObject({ ok: true, sent: 3 });
    expect(await server.admin.ratingIds()).toEqual(expect.arrayContaining(ids));
    kiosk.core.close();
  });
});

describe('a kiosk whose server does not sign (an older server)', () => {
  it('keeps syncing on unsigned answers, and sends it nothing of revision 2 that it would refuse', async () => {
    const batches: Record<string, unknown>[] = [];
    // The real server, its signatures taken off: what a kiosk sees of a server of revision 1.
    const olderServer: typeof fetch = async (input, init) => {
      if (String(input).endsWith('/ratings/batches')) batches.push(JSON.parse(gunzipSync(init!.body as Uint8Array).toString()) as Record<string, unknown>);
      const answer = await fetch(input, init);
      const headers = new Headers(answer.headers);
      headers.delete('x-server-signature');
      const body = await answer.arrayBuffer();
      return new Response(body.byteLength > 0 ? body : null, { status: answer.status, headers });
    };
    const kiosk = syncKiosk({ sync: { fetch: olderServer } });
    const queued = kiosk.core.call('enrollDevice', { serverUrl: server.url, enrollmentCode: await enrolmentCode(server) });
    expect(queued.ok).toBe(true);
    const ids = rateMany(kiosk.core, 2);
    expect(await kiosk.engine.syncNow({ full: true })).toMatchObject({ ok: true, sent: 2 });
    expect(kiosk.engine.status().serverSignsAnswers).toBe(false);
    expect(await server.admin.ratingIds()).toEqual(expect.arrayContaining(ids));
    expect(batches).toHaveLength(1);
    expect(Object.keys(batches[0]!).sort()).toEqual(['batchId', 'ratings', 'sentAt']);
    for (const rating of batches[0]!.ratings as Record<string, unknown>[]) expect(Object.keys(rating)).not.toContain('bootId');
    kiosk.core.close();
  });
});

describe('which answers a kiosk takes', () => {
  function database() {
    const db = new Database(':memory:');
    migrate(db);
    return db;
  }
  const answer = (answerSignature: ServerResponse['answerSignature']) => ({ answerSignature }) as ServerResponse;

  it('from a server never seen signing (an older one): unsigned answers, as before', () => {
    const db = database();
    const trust = new AnswerTrust(() => 1);
    expect(trust.judge(db, answer('missing'))).toBe(true);
    expect(trust.serverSigns(db)).toBe(false);
  });

  it('pins the first valid signature, and from then on refuses unsigned answers', () => {
    const db = database();
    const trust = new AnswerTrust(() => 7);
    expect(trust.judge(db, answer('valid'))).toBe(true);
    expect(readSyncState(db, 'serverSignsAnswers')).toEqual({ since: 7 });
    expect(recentJournal(db)[0]).toMatchObject({ kind: 'answers_signed' });
    expect(trust.judge(db, answer('missing'))).toBe(false);
    expect(trust.judge(db, answer('valid'))).toBe(true);
  });

  it('never takes a wrong signature, pinned or not', () => {
    const db = database();
    const trust = new AnswerTrust(() => 1);
    expect(trust.judge(db, answer('invalid'))).toBe(false);
    expect(trust.serverSigns(db)).toBe(false);
  });
});
