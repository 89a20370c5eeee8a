import { afterEach, describe, expect, it } from 'vitest';
import type { KioskCore } from '../../../../electron/core/kiosk-core';
import { Outbox, pendingStats, recentQuarantined, serialiseForWire } from '../../../../electron/core/sync/outbox';
import { readRatingV1 } from '../../../../electron/core/ratings';
import { BATCH_MAX_RATINGS, type BatchResponse } from '../../../../shared/protocol';
import { RatingV1Schema } from '../../../../shared/rating';
import { insertClosedRatings } from '../../../sync/bulk-ratings';
import { demoCore, draft } from '../helpers';
import { rateMany } from './helpers';

const SERVER_DEVICE_ID = '019a0000-0000-7000-8000-00000000beef';
const cores: KioskCore[] = [];
afterEach(() => {
  for (const core of cores.splice(0)) core.close();
});

function kiosk() {
  const { core } = demoCore();
  cores.push(core);
  const db = core.database!;
  return { core, db, outbox: new Outbox(db), now: Date.now };
}

const answer = (parts: Partial<BatchResponse>): BatchResponse => ({
  accepted: [],
  duplicates: [],
  conflicts: [],
  rejected: [],
  serverTime: Date.now(),
  ...parts,
});

const state = (k: ReturnType<typeof kiosk>, id: string) =>
  k.db.prepare('SELECT sent_at IS NOT NULL AS sent, sent_batch_id AS batch, quarantine_reason AS quarantined FROM ratings WHERE id = ?').get(id);

describe('the outbox: which ratings leave, in what batches', () => {
  it('cuts batches of at most 500 ratings in seq order, whatever limit is asked', () => {
    const k = kiosk();
    const ids = insertClosedRatings(k.db, { count: 620, startAt: Date.now() - 3_600_000, spacingMs: 1_000 });
    const first = k.outbox.nextBatch(0, SERVER_DEVICE_ID, k.now(), { maxRatings: 10_000 })!;
    expect(first.ids).toEqual(ids.slice(0, BATCH_MAX_RATINGS));
    const second = k.outbox.nextBatch(first.lastSeq, SERVER_DEVICE_ID, k.now())!;
    expect(second.ids).toEqual(ids.slice(BATCH_MAX_RATINGS));
    expect(second.firstSeq).toBe(first.lastSeq + 1);
    expect(k.outbox.nextBatch(second.lastSeq, SERVER_DEVICE_ID, k.now())).toBeNull();
    expect(k.outbox.nextBatch(0, SERVER_DEVICE_ID, k.now(), { maxRatings: 7 })!.ids).toEqual(ids.slice(0, 7));
  });

  it('keeps a batch within its byte budget, but never leaves a rating behind for its size', () => {
    const k = kiosk();
    const ids = insertClosedRatings(k.db, { count: 6, startAt: Date.now() - 3_600_000, spacingMs: 1_000 });
    k.db.prepare('UPDATE ratings SET comment = ?').run('Cán bộ tận tình, hướng dẫn rõ ràng. '.repeat(13).slice(0, 480));
    // Each rating costs its JSON and a comma; 128 bytes are kept for the batch's envelope.
    const sizes = k.outbox.nextBatch(0, SERVER_DEVICE_ID, k.now())!.json.map((json) => Buffer.byteLength(json) + 1);
    const threeFit = 128 + sizes[0]! + sizes[1]! + sizes[2]!;
    const batch = k.outbox.nextBatch(0, SERVER_DEVICE_ID, k.now(), { maxBytes: threeFit + sizes[3]! - 1 })!;
    expect(batch.ids).toEqual(ids.slice(0, 3));
    expect(batch.bytes).toBe(threeFit - 128);
    expect(k.outbox.nextBatch(0, SERVER_DEVICE_ID, k.now(), { maxBytes: threeFit + sizes[3]! })!.ids).toEqual(ids.slice(0, 4));
    expect(k.outbox.nextBatch(0, SERVER_DEVICE_ID, k.now(), { maxBytes: 129 })!.ids).toEqual(ids.slice(0, 1));
  });

  it('passes over a rating still open for details, without holding back the ones after it', () => {
    const k = kiosk();
    const [before] = rateMany(k.core, 1);
    const open = k.core.call('submitRating', draft(1));
    const after = rateMany(k.core, 2);
    const batch = k.outbox.nextBatch(0, SERVER_DEVICE_ID, k.now())!;
    expect(batch.ids).toEqual([before, ...after]);
    expect(batch.ids).not.toContain(open.ok && open.value.id);
    expect(k.outbox.closeExpired(k.now())).toBe(0);
  });

  it('puts the server’s device id on the wire, with every Rating v1 field, the changing ones last', () => {
    const k = kiosk();
    const [id] = rateMany(k.core, 1);
    // To a server of revision 3, which takes the record chain: prevHash too.
    const [json] = k.outbox.nextBatch(0, SERVER_DEVICE_ID, k.now(), {}, true, true)!.json;
    const onWire = RatingV1Schema.parse(JSON.parse(json!));
    expect(onWire).toEqual({ ...readRatingV1(k.db, id!)!, deviceId: SERVER_DEVICE_ID });
    expect(Object.keys(JSON.parse(json!)).slice(-5)).toEqual(['id', 'seq', 'createdAt', 'durationMs', 'score']);
    expect(json).toBe(serialiseForWire(onWire));
  });

  it('puts each rating’s boot on the wire for a server that signs, and leaves it off for an older one', () => {
    const k = kiosk();
    const [id] = rateMany(k.core, 1);
    const withBoot = JSON.parse(k.outbox.nextBatch(0, SERVER_DEVICE_ID, k.now())!.json[0]!) as Record<string, unknown>;
    expect(withBoot).toMatchObject({ id, bootId: expect.any(String), monotonicMs: expect.any(Number) });
    expect(k.outbox.nextBatch(0, SERVER_DEVICE_ID, k.now())!.bootIds).toEqual(new Set([withBoot.bootId]));
    const forAnOlderServer = k.outbox.nextBatch(0, SERVER_DEVICE_ID, k.now(), {}, false)!;
    expect(Object.keys(JSON.parse(forAnOlderServer.json[0]!) as object)).not.toContain('bootId');
    expect(Object.keys(JSON.parse(forAnOlderServer.json[0]!) as object)).not.toContain('monotonicMs');
    expect(Object.keys(JSON.parse(forAnOlderServer.json[0]!) as object)).not.toContain('prevHash');
    expect(forAnOlderServer.bootIds.size).toBe(0);
  });

  it('quarantines a rating it cannot read instead of blocking the queue', () => {
    const k = kiosk();
    const [broken, fine] = rateMany(k.core, 2);
    k.db.prepare(`UPDATE ratings SET criteria = '{not json' WHERE id = ?`).run(broken);
    expect(k.outbox.nextBatch(0, SERVER_DEVICE_ID, k.now())!.ids).toEqual([fine]);
    expect(recentQuarantined(k.db)).toEqual([expect.objectContaining({ id: broken, reason: expect.stringMatching(/^unreadable on the kiosk/) })]);
  });
});

describe('the outbox: applying the server’s answer', () => {
  it('marks accepted and duplicates sent with the batch id, quarantines conflicts and rejects, and leaves the unanswered pending', () => {
    const k = kiosk();
    const [accepted, duplicate, conflict, rejected, forgotten] = rateMany(k.core, 5) as [string, string, string, string, string];
    const batch = k.outbox.nextBatch(0, SERVER_DEVICE_ID, k.now())!;
    const outcome = k.outbox.applyAnswer(
      batch,
      'batch-1',
      answer({ accepted: [accepted], duplicates: [duplicate], conflicts: [conflict], rejected: [{ id: rejected, reason: 'counterId: unknown counter' }] }),
      k.now(),
    );
    expect(outcome).toEqual({ sent: 2, quarantined: 2, unanswered: [forgotten] });
    expect(state(k, accepted)).toEqual({ sent: 1, batch: 'batch-1', quarantined: null });
    expect(state(k, duplicate)).toEqual({ sent: 1, batch: 'batch-1', quarantined: null });
    expect(state(k, conflict)).toMatchObject({ sent: 0, quarantined: 'conflict: the server holds different content under this id' });
    expect(state(k, rejected)).toMatchObject({ sent: 0, quarantined: 'rejected by the server: counterId: unknown counter' });
    expect(state(k, forgotten)).toEqual({ sent: 0, batch: null, quarantined: null });
    expect(pendingStats(k.db)).toMatchObject({ pendingCount: 1, quarantinedCount: 2 });
    // Neither sent nor quarantined ratings are offered again.
    expect(k.outbox.nextBatch(0, SERVER_DEVICE_ID, k.now())!.ids).toEqual([forgotten]);
  });

  it('touches only the ids of the batch, whatever else the answer names', () => {
    const k = kiosk();
    const [inBatch, notInBatch] = rateMany(k.core, 2) as [string, string];
    const batch = k.outbox.nextBatch(0, SERVER_DEVICE_ID, k.now(), { maxRatings: 1 })!;
    expect(batch.ids).toEqual([inBatch]);
    const outcome = k.outbox.applyAnswer(batch, 'batch-1', answer({ accepted: [inBatch, notInBatch], conflicts: [notInBatch] }), k.now());
    expect(outcome).toEqual({ sent: 1, quarantined: 0, unanswered: [] });
    expect(state(k, notInBatch)).toEqual({ sent: 0, batch: null, quarantined: null });
  });

  it('never quarantines a rating an older server refused for its time alone: it stays pending', () => {
    const k = kiosk();
    const [early, other] = rateMany(k.core, 2) as [string, string];
    const batch = k.outbox.nextBatch(0, SERVER_DEVICE_ID, k.now())!;
    const refused = answer({
      rejected: [
        { id: early, reason: 'createdAt: too old (after clock correction)' },
        { id: other, reason: 'createdAt: in the future (after clock correction)' },
      ],
    });
    expect(k.outbox.applyAnswer(batch, 'b', refused, k.now())).toEqual({ sent: 0, quarantined: 0, unanswered: [], refusedForTime: 2 });
    expect(recentQuarantined(k.db)).toEqual([]);
    expect(k.outbox.nextBatch(0, SERVER_DEVICE_ID, k.now())!.ids).toEqual([early, other]);
  });

  it('counts an id the answer names twice once, as sent', () => {
    const k = kiosk();
    const [id] = rateMany(k.core, 1) as [string];
    const batch = k.outbox.nextBatch(0, SERVER_DEVICE_ID, k.now())!;
    expect(k.outbox.applyAnswer(batch, 'b', answer({ accepted: [id], conflicts: [id] }), k.now())).toEqual({ sent: 1, quarantined: 0, unanswered: [] });
    expect(state(k, id)).toEqual({ sent: 1, batch: 'b', quarantined: null });
  });
});
