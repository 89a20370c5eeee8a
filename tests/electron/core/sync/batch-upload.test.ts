import { gunzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../../server/app';
import { BatchUpload, MAX_BATCHES_IN_FLIGHT, type UploadTally } from '../../../../electron/core/sync/batch-upload';
import { RetryableError } from '../../../../electron/core/sync/errors';
import { recentQuarantined } from '../../../../electron/core/sync/outbox';
import { recentJournal } from '../../../../electron/core/sync/state';
import { insertClosedRatings } from '../../../sync/bulk-ratings';
import { DEMO_COUNTER_ID } from '../../../../electron/core/demo';
import type { KioskCore } from '../../../../electron/core/kiosk-core';
import { startSession } from '../../../../electron/core/sessions';
import { writeSetting } from '../../../../electron/core/settings';
import { draft } from '../helpers';
import { enrolledKiosk } from './enrolled-kiosk';
import { DEMO_OFFICER_ID, rateMany, serverRatingIds, startDemoServer, unsentIds } from './helpers';

let server: RunningServer;
beforeAll(async () => {
  server = await startDemoServer({ limits: { deviceBurst: 1_000, devicePerSecond: 1_000 } });
});
afterAll(() => server.close());
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

type BatchAnswer = (ids: string[], forward: () => Promise<Response>) => Promise<Response>;

/** A kiosk whose batches go through `answer`, which may forward them to the real server. */
async function kioskUploading(answer: BatchAnswer = (_ids, forward) => forward()) {
  const wire = { inFlight: 0, maxInFlight: 0, batches: [] as string[][], refusals: [] as (unknown[] | undefined)[] };
  const fetchBatches: typeof fetch = async (input, init) => {
    if (!String(input).endsWith('/ratings/batches')) return fetch(input, init);
    const body = JSON.parse(gunzipSync(init!.body as Uint8Array).toString()) as { ratings: { id: string }[]; refusals?: unknown[] };
    const ids = body.ratings.map((r) => r.id);
    wire.batches.push(ids);
    wire.refusals.push(body.refusals);
    wire.inFlight += 1;
    wire.maxInFlight = Math.max(wire.maxInFlight, wire.inFlight);
    try {
      return await answer(ids, () => fetch(input, init));
    } finally {
      wire.inFlight -= 1;
    }
  };
  const kiosk = await enrolledKiosk(server, { fetch: fetchBatches });
  cleanups.push(() => kiosk.core.close());
  const upload = new BatchUpload(kiosk.requests, kiosk.now, () => false);
  const tally: UploadTally = { sent: 0, quarantined: 0, batches: 0 };
  const drain = () => upload.drain(kiosk.db, kiosk.credentials, tally);
  return { ...kiosk, upload, tally, drain, wire };
}

/** One rating submitted and finished through the KioskApi, as the renderer does. */
function rateOne(core: KioskCore): string {
  const submitted = core.call('submitRating', draft());
  if (!submitted.ok) throw new Error(`submit refused: ${submitted.error.code}`);
  const id = (submitted.value as { id: string }).id;
  core.call('finishRating', { id });
  return id;
}

const refusal = (status: number, message: string) =>
  new Response(JSON.stringify({ error: 'invalid_body', message, serverTime: Date.now() }), {
    status,
    headers: { 'content-type': 'application/json' },
  });

describe('uploading the ratings in batches', () => {
  it('drains a backlog in seq order, at most 500 a batch and two batches on the wire', async () => {
    const kiosk = await kioskUploading();
    const ids = insertClosedRatings(kiosk.db, { count: 1_150, startAt: Date.now() - 3_600_000, spacingMs: 1_000 });
    await kiosk.drain();
    expect(kiosk.tally).toEqual({ sent: 1_150, quarantined: 0, batches: 3 });
    // Each batch is a run of consecutive seqs; two on the wire at once may arrive in either order.
    const inSeqOrder = [...kiosk.wire.batches].sort((a, b) => ids.indexOf(a[0]!) - ids.indexOf(b[0]!));
    expect(inSeqOrder.map((b) => b.length)).toEqual([500, 500, 150]);
    expect(inSeqOrder.flat()).toEqual(ids);
    expect(kiosk.wire.maxInFlight).toBe(MAX_BATCHES_IN_FLIGHT);
    expect(unsentIds(kiosk.db)).toEqual([]);
    const sentBy = kiosk.db.prepare('SELECT DISTINCT sent_batch_id AS b FROM ratings').all();
    expect(sentBy).toHaveLength(3);
  });

  it('closes a rating whose details window has passed, and sends it with the others', async () => {
    const kiosk = await kioskUploading();
    const open = kiosk.core.call('submitRating', draft(1));
    const id = open.ok ? open.value.id : '';
    kiosk.db.prepare('UPDATE ratings SET created_at = created_at - 16 * 60 * 1000 WHERE id = ?').run(id);
    const finished = rateMany(kiosk.core, 2);
    await kiosk.drain();
    expect(kiosk.tally.sent).toBe(3);
    expect(kiosk.db.prepare('SELECT closed_at IS NOT NULL AS closed FROM ratings WHERE id = ?').get(id)).toEqual({ closed: 1 });
    expect(await serverRatingIds(server)).toEqual(expect.arrayContaining([id, ...finished]));
  });

  it('splits a batch the server refuses as a whole, and quarantines only the rating it still refuses alone', async () => {
    let poisoned = '';
    const kiosk = await kioskUploading((ids, forward) =>
      ids.includes(poisoned) ? Promise.resolve(refusal(400, 'the body does not parse')) : forward(),
    );
    const ids = rateMany(kiosk.core, 8);
    poisoned = ids[5]!;
    await kiosk.drain();
    expect(kiosk.tally).toMatchObject({ sent: 7, quarantined: 1 });
    // The batch holds 10 records: the 8 ratings, then the 2 session events of the test's login (the
    // demo session's end and the new login). Halves of records, depth first, counted here in ratings:
    // 10 → 5 (5 ratings, sent) + 5 (3 ratings, 2 events) → 3 → 2 → 1 (alone: quarantined) + 1 (sent),
    // then 1 (sent), then the 2 events (no rating, sent). No record is quarantined for a neighbour's fault.
    expect(kiosk.wire.batches.map((b) => b.length)).toEqual([8, 5, 3, 3, 2, 1, 1, 1, 0]);
    expect(recentQuarantined(kiosk.db)).toEqual([
      expect.objectContaining({ id: poisoned, reason: 'refused by the server: 400 invalid_body: the body does not parse' }),
    ]);
    const onServer = await serverRatingIds(server);
    expect(ids.filter((id) => id !== poisoned).every((id) => onServer.includes(id))).toBe(true);
    expect(onServer).not.toContain(poisoned);
    expect(recentJournal(kiosk.db)[0]).toMatchObject({ kind: 'batch', details: { quarantined: 1 } });
  });

  it('after a failed batch, records the answer of the batch in flight, starts no other, and fails the run', async () => {
    let first = '';
    // The first batch fails at once; the second, on the wire with it, is ingested by the server.
    const kiosk = await kioskUploading((ids, forward) =>
      ids.includes(first) ? Promise.resolve(new Response('', { status: 500 })) : forward(),
    );
    const ids = insertClosedRatings(kiosk.db, { count: 1_400, startAt: Date.now() - 3_600_000, spacingMs: 1_000 });
    first = ids[0]!;
    const failure = await kiosk.drain().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RetryableError);
    expect((failure as Error).message).toBe('batch: server answered 500');
    expect(kiosk.wire.batches.map((b) => b.length)).toEqual([500, 500]);
    expect(kiosk.tally).toMatchObject({ sent: 500, batches: 1 });
    expect(unsentIds(kiosk.db)).toEqual([...ids.slice(0, 500), ...ids.slice(1_000)]);
  });

  it('a server that refuses the cap’s refusal counts sent alone does not stop the kiosk: they go with its next ratings', async () => {
    const kiosk = await kioskUploading((ids, forward) =>
      ids.length === 0 ? Promise.resolve(refusal(400, 'ratings: Too small: expected array to have >=1 items')) : forward(),
    );
    writeSetting(kiosk.db, 'maxRatingsPerSessionPerMinute', 1, Date.now());
    rateOne(kiosk.core);
    await kiosk.drain();
    expect(kiosk.core.call('submitRating', draft())).toMatchObject({ ok: false, error: { code: 'rate_limited' } });

    await kiosk.drain(); // resolves: the refusal of the counts alone fails nothing
    expect(kiosk.wire.batches).toHaveLength(2);
    expect(kiosk.wire.refusals[1]).toEqual([{ staffSessionId: expect.any(String), counterId: DEMO_COUNTER_ID, refused: 1 }]);
    expect(recentJournal(kiosk.db)[0]).toMatchObject({ kind: 'batch', details: { refusalsAlone: 'refused', reason: '400 invalid_body' } });
    await kiosk.drain(); // not sent alone again
    expect(kiosk.wire.batches).toHaveLength(2);

    startSession(kiosk.db, DEMO_OFFICER_ID, DEMO_COUNTER_ID, Date.now(), 'test');
    const next = rateOne(kiosk.core);
    await kiosk.drain();
    expect(kiosk.wire.batches[2]).toEqual([next]);
    expect(kiosk.wire.refusals[2]).toEqual(kiosk.wire.refusals[1]);
    expect(unsentIds(kiosk.db)).toEqual([]);
    await kiosk.drain(); // taken: not sent again
    expect(kiosk.wire.batches).toHaveLength(3);
  });

  it('marks nothing when the server refuses the device, and says to enrol it again', async () => {
    const kiosk = await kioskUploading();
    rateMany(kiosk.core, 3);
    await server.admin.revokeDevice(kiosk.credentials.deviceId);
    await expect(kiosk.drain()).rejects.toThrow(/^the server refused this device \(401 device_revoked: .*\); if it was revoked, enrol it again$/);
    expect(unsentIds(kiosk.db)).toHaveLength(3);
    expect(recentQuarantined(kiosk.db)).toEqual([]);
  });
});
