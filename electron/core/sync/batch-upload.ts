import type { Database } from 'better-sqlite3';
import { BatchResponseSchema, RECORD_CHAIN_REVISION } from '../../../shared/protocol';
import type { RefusalCount } from '../../../shared/record-chain';
import { uuidv7 } from '../../../shared/uuid';
import { processBootClock, type BootClock } from '../boot-clock';
import { gzip, type Credentials } from './client';
import { anchorsOf } from './clock-anchors';
import { describeErrorBody, describeErrorCode, isErrorBody, RetryableError } from './errors';
import { Outbox, type OutgoingBatch } from './outbox';
import type { SignedRequests } from './signed-request';
import { journal, readSyncState } from './state';

/** Batches on the wire at once during a drain: one ingesting on the server, one being prepared and sent. */
export const MAX_BATCHES_IN_FLIGHT = 2;

/** What a drain did, added up over its batches. */
export interface UploadTally {
  sent: number;
  quarantined: number;
  batches: number;
}

interface EncodedBatch {
  batchId: string;
  gzipped: Buffer;
  /** Its ratings and envelope carry their boots (revision 2). */
  withBoot: boolean;
  /** Its records carry their chain links (revision 3). */
  withChain: boolean;
  /** It carries the cap's refusal counts up to this `rating_refusals` row, acknowledged with a 200. */
  refusalsThrough?: number;
}

/**
 * Sends every ready rating of the outbox to the server, batch after batch, and records each answer.
 * Delivery is at-least-once: a rating is marked sent only when the answer names it accepted or
 * duplicate; every other failure leaves it pending, and the server's idempotent ingest makes the
 * resend harmless.
 */
export class BatchUpload {
  private outboxFor: { db: Database; outbox: Outbox } | null = null;
  /**
   * A server refused a batch of refusal counts alone (400, 413 or 422 for a batch of no records):
   * until the core restarts, the counts wait for the next batch that carries records.
   */
  private refusalsAloneRefused = false;

  constructor(
    private readonly requests: SignedRequests,
    private readonly now: () => number,
    /** Checked between batches: a stopped engine starts no new one. */
    private readonly stopped: () => boolean,
    private readonly boot: BootClock = processBootClock(),
  ) {}

  /** The outbox of the core's current connection (re-made if the database was re-opened). */
  outbox(db: Database): Outbox {
    if (this.outboxFor?.db !== db) this.outboxFor = { db, outbox: new Outbox(db) };
    return this.outboxFor.outbox;
  }

  /**
   * Closes the ratings whose details window has passed, then sends every ready rating with up to
   * two batches on the wire: while the server ingests one, the kiosk reads, compresses and sends
   * the next, and records the previous answer. Batches are cut in seq order (the two on the wire
   * may arrive in either order: ingest is by id); each answer is applied on its own, to the ids of
   * its batch only. The first failure stops the drain once the batches in flight have been
   * answered, and is thrown.
   */
  async drain(db: Database, credentials: Credentials, tally: UploadTally): Promise<void> {
    const outbox = this.outbox(db);
    outbox.closeExpired(this.now());
    // Revision 2 (boots and clock anchors) only to a server that signs: an older one refuses unknown fields.
    const withBoot = this.requests.trust.serverSigns(db);
    // Revision 3 (the record chain and session events) only to a server that announced it in a signed config.
    const withChain = withBoot && (readSyncState(db, 'serverRevision') ?? 1) >= RECORD_CHAIN_REVISION;
    const inFlight = new Set<Promise<void>>();
    let failure: unknown = null;
    let afterSeq = 0;
    // The cap's refusal counts the server has not acknowledged ride with the first batch of the
    // drain, or go alone in a batch of no records when nothing else is pending (running totals: a
    // resend changes nothing). Only to a server of revision 3, which takes such a batch.
    let refusals = withChain ? outbox.pendingRefusals(this.now()) : null;
    while (!this.stopped() && failure === null) {
      let batch = outbox.nextBatch(afterSeq, credentials.deviceId, this.now(), {}, withBoot, withChain);
      if (!batch) {
        if (!refusals || this.refusalsAloneRefused) break;
        batch = { json: [], ids: [], events: [], bootIds: new Set(), firstSeq: 0, lastSeq: afterSeq, bytes: 0 };
      }
      afterSeq = Math.max(afterSeq, batch.lastSeq);
      const carried = refusals;
      refusals = null;
      const sending = this.encode(db, batch, withBoot, withChain, carried?.counts ?? [])
        .then((body) => ({ ...body, ...(carried ? { refusalsThrough: carried.through } : {}) }))
        .then((body) => this.send(db, credentials, batch, body, tally))
        .catch((error: unknown) => {
          failure ??= error;
        })
        .finally(() => inFlight.delete(sending));
      inFlight.add(sending);
      if (inFlight.size >= MAX_BATCHES_IN_FLIGHT) await Promise.race(inFlight);
    }
    // Every answer is recorded before the run ends, even after a failure of another batch.
    await Promise.all(inFlight);
    if (failure !== null) throw failure;
  }

  /**
   * The batch's JSON, gzipped. With `withBoot`, the envelope also says which boot sends it and its
   * monotonic clock now (the monotonic twin of sentAt), and gives the kept anchors of the earlier
   * boots of its ratings, from which the server recovers their times (docs/protocol.md).
   */
  private async encode(
    db: Database,
    batch: Pick<OutgoingBatch, 'json' | 'bootIds' | 'events'>,
    withBoot: boolean,
    withChain = false,
    refusals: readonly RefusalCount[] = [],
  ): Promise<EncodedBatch> {
    const batchId = uuidv7(this.now());
    let bootClock = '';
    if (withBoot) {
      const earlierBoots = [...batch.bootIds].filter((bootId) => bootId !== this.boot.bootId);
      bootClock = `,"sentBootId":${JSON.stringify(this.boot.bootId)},"sentMonotonicMs":${this.boot.monotonicMs()}`;
      if (earlierBoots.length > 0) bootClock += `,"clockAnchors":${JSON.stringify(anchorsOf(db, earlierBoots))}`;
    }
    let chain = '';
    if (withChain && batch.events.length > 0) chain += `,"sessionEvents":[${batch.events.map((e) => e.json).join(',')}]`;
    if (withChain && refusals.length > 0) chain += `,"refusals":${JSON.stringify(refusals)}`;
    const text = `{"batchId":"${batchId}","sentAt":${this.now()}${bootClock}${chain},"ratings":[${batch.json.join(',')}]}`;
    return { batchId, gzipped: await gzip(text), withBoot, withChain };
  }

  private async send(
    db: Database,
    credentials: Credentials,
    batch: OutgoingBatch,
    body: EncodedBatch,
    tally: UploadTally,
  ): Promise<void> {
    const answer = await this.requests.send(
      db,
      credentials,
      { method: 'POST', route: '/ratings/batches', gzipped: body.gzipped },
      'batch',
    );
    const now = this.now();
    if (answer.status === 200) {
      const parsed = BatchResponseSchema.safeParse(answer.body);
      if (!parsed.success) throw new RetryableError('the server’s answer to a batch is not protocol v1');
      const applied = this.outbox(db).applyAnswer(batch, body.batchId, parsed.data, now);
      if (body.refusalsThrough !== undefined) this.outbox(db).refusalsSent(body.refusalsThrough, now);
      tally.sent += applied.sent;
      tally.quarantined += applied.quarantined;
      tally.batches += 1;
      if (applied.quarantined > 0 || applied.unanswered.length > 0 || applied.refusedForTime) {
        journal(db, now, 'batch', {
          batchId: body.batchId,
          sent: applied.sent,
          quarantined: applied.quarantined,
          unanswered: applied.unanswered.length,
          ...(applied.refusedForTime ? { refusedForTimeKeptPending: applied.refusedForTime } : {}),
        });
      }
      return;
    }
    if (answer.status === 401 || answer.status === 403) {
      throw new RetryableError(
        `the server refused this device (${describeErrorBody(answer.status, answer.body)}); if it was revoked, enrol it again`,
      );
    }
    if ((answer.status === 400 || answer.status === 413 || answer.status === 422) && isErrorBody(answer.body)) {
      // The whole batch was refused without naming ratings: split it to find the one(s) at fault,
      // and quarantine only a single rating the server still refuses on its own. The server's
      // message may quote the batch: it stays with the rating, and the journal keeps its code only.
      const reason = describeErrorBody(answer.status, answer.body);
      const records = batch.ids.length + batch.events.length;
      if (records === 0) {
        // Refusal counts alone, refused: nothing to quarantine, and no reason to stop the run (the
        // heartbeat and the roster still go). They wait for a batch that carries records.
        this.refusalsAloneRefused = true;
        journal(db, now, 'batch', { batchId: body.batchId, refusalsAlone: 'refused', reason: describeErrorCode(answer.status, answer.body) });
        return;
      }
      if (records === 1) {
        const id = batch.ids[0] ?? batch.events[0]!.id;
        tally.quarantined += this.outbox(db).quarantine([{ id, reason: `refused by the server: ${reason}` }], now);
        journal(db, now, 'batch', { batchId: body.batchId, quarantined: 1, reason: describeErrorCode(answer.status, answer.body) });
        return;
      }
      const half = Math.ceil(records / 2);
      for (const part of [slice(batch, 0, half), slice(batch, half, records)]) {
        await this.send(db, credentials, part, await this.encode(db, part, body.withBoot, body.withChain), tally);
      }
      return;
    }
    throw new RetryableError(`unexpected answer ${describeErrorCode(answer.status, answer.body)}`);
  }
}

/** Records `from`–`to` of a batch, its ratings first, then its session events. */
function slice(batch: OutgoingBatch, from: number, to: number): OutgoingBatch {
  const json = batch.json.slice(from, to);
  const ids = batch.ids.slice(from, to);
  const events = batch.events.slice(Math.max(0, from - batch.ids.length), Math.max(0, to - batch.ids.length));
  const bytes = json.reduce((n, j) => n + j.length + 1, 0) + events.reduce((n, e) => n + e.json.length + 1, 0);
  // The boots of the whole batch: an anchor the half does not need does no harm.
  return { json, ids, events, bootIds: batch.bootIds, firstSeq: 0, lastSeq: 0, bytes };
}
