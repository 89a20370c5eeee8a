import type { Database, Statement } from 'better-sqlite3';
import { BATCH_MAX_BYTES, BATCH_MAX_RATINGS, type BatchResponse } from '../../../shared/protocol';
import type { RatingV1 } from '../../../shared/rating';
import type { RefusalCount, SessionEventKind, SessionEventV1 } from '../../../shared/record-chain';
import type { QuarantinedRating } from '../../../shared/sync-status';
import { OPEN_FOR_DETAILS, toRatingV1 } from '../ratings';
import { readSyncState, writeSyncState } from './state';

/** Room kept in a batch's byte budget for its envelope: `{"batchId":"…","sentAt":…,"ratings":[…]}`. */
const ENVELOPE_BYTES = 128;

export interface OutgoingBatch {
  /** Each rating already serialised, in seq order. */
  json: string[];
  ids: string[];
  /** Staff session events (revision 3: only to a server that takes the record chain), serialised, in seq order. */
  events: { id: string; json: string }[];
  /** The boots the ratings were made in (when they carry their boot on the wire). */
  bootIds: Set<string>;
  firstSeq: number;
  lastSeq: number;
  /** Uncompressed bytes of the ratings array's items. */
  bytes: number;
}

export interface AnswerOutcome {
  sent: number;
  quarantined: number;
  /** Ids of the batch the server did not answer at all: left pending, sent again later. */
  unanswered: string[];
  /** Ratings an older server refused for their time alone: left pending, never quarantined (absent when none). */
  refusedForTime?: number;
}

/**
 * Serialises a rating with the fields that rarely change from one rating to the next first and
 * the ones that always change last. JSON objects are unordered, so the server reads the same
 * record; gzip, however, finds one long repeat per rating instead of many short ones, which is
 * most of what makes a rating cost few bytes on the wire.
 */
export function serialiseForWire(rating: RatingV1): string {
  const ordered = {
    deviceId: rating.deviceId,
    unitId: rating.unitId,
    counterId: rating.counterId,
    deskRole: rating.deskRole,
    scale: rating.scale,
    appVersion: rating.appVersion,
    locale: rating.locale,
    staffId: rating.staffId,
    staffSessionId: rating.staffSessionId,
    clockOffsetMs: rating.clockOffsetMs,
    criteria: rating.criteria,
    dossierCode: rating.dossierCode,
    comment: rating.comment,
    bootId: rating.bootId,
    monotonicMs: rating.monotonicMs,
    prevHash: rating.prevHash,
    id: rating.id,
    seq: rating.seq,
    createdAt: rating.createdAt,
    durationMs: rating.durationMs,
    score: rating.score,
  } satisfies Record<keyof RatingV1, unknown>;
  return JSON.stringify(ordered);
}

/**
 * A refusal of a server of revision 1 for the rating's time alone. A kiosk never quarantines for
 * time: such a rating stays pending, and a server of revision 2 accepts it (flagged when its time
 * cannot be trusted).
 */
const REFUSED_FOR_TIME = /^createdAt: (in the future|too old) \(after clock correction\)$/;

/**
 * The kiosk's outbox: the ratings table seen from the sync engine. Every write here is one short
 * transaction, so the citizen's submit path never waits long behind the engine (one writer).
 */
export class Outbox {
  private readonly pendingAfter: Statement;
  private readonly markSent: Statement;
  private readonly markQuarantined: Statement;
  private readonly closeExpiredStmt: Statement;
  private readonly eventsAfter: Statement;
  private readonly markEventSent: Statement;
  private readonly markEventQuarantined: Statement;

  constructor(private readonly db: Database) {
    this.eventsAfter = db.prepare(
      `SELECT * FROM session_events WHERE sent_at IS NULL AND quarantined_at IS NULL AND seq > @afterSeq AND seq <= @upTo
       ORDER BY seq LIMIT @limit`,
    );
    this.markEventSent = db.prepare('UPDATE session_events SET sent_at = ?, sent_batch_id = ? WHERE id = ? AND sent_at IS NULL');
    this.markEventQuarantined = db.prepare(
      `UPDATE session_events SET quarantined_at = ?, quarantine_reason = ?
       WHERE id = ? AND sent_at IS NULL AND quarantined_at IS NULL`,
    );
    this.pendingAfter = db.prepare(
      `SELECT * FROM ratings
       WHERE sent_at IS NULL AND quarantined_at IS NULL AND seq > @afterSeq AND NOT ${OPEN_FOR_DETAILS}
       ORDER BY seq LIMIT @limit`,
    );
    this.markSent = db.prepare(
      'UPDATE ratings SET sent_at = ?, sent_batch_id = ? WHERE id = ? AND sent_at IS NULL',
    );
    this.markQuarantined = db.prepare(
      `UPDATE ratings SET quarantined_at = ?, quarantine_reason = ?
       WHERE id = ? AND sent_at IS NULL AND quarantined_at IS NULL`,
    );
    this.closeExpiredStmt = db.prepare(
      `UPDATE ratings SET closed_at = @now
       WHERE closed_at IS NULL AND sent_at IS NULL AND quarantined_at IS NULL AND NOT ${OPEN_FOR_DETAILS}`,
    );
  }

  /**
   * Closes ratings whose details window has passed without their flow saying it ended (a crash, a
   * citizen who walked away during a power cut). Closed in the database, not only skipped: a sent
   * rating must never change afterwards, even if the clock steps back.
   */
  closeExpired(now: number): number {
    return this.closeExpiredStmt.run({ now }).changes;
  }

  /**
   * The next ratings to send after `afterSeq`, in seq order: at most 500 and 512 KB. Only ratings
   * that can no longer change are taken (closed, or past the details window), so a rating is never
   * sent and then changed. A rating still open for details is passed over, not waited for: after a
   * crash mid-flow it would otherwise hold every later rating back for the whole window. It follows
   * in a later batch, with its own (lower) seq.
   */
  nextBatch(
    afterSeq: number,
    deviceId: string,
    now: number,
    limits: { maxRatings?: number; maxBytes?: number } = {},
    /** Whether ratings carry their boot (revision 2): only to a server that signs its answers, since an older one refuses unknown fields. */
    withBoot = true,
    /** Whether records carry their chain links and session events go too (revision 3): only to a server that announced it. */
    withChain = false,
  ): OutgoingBatch | null {
    const maxRatings = Math.min(limits.maxRatings ?? BATCH_MAX_RATINGS, BATCH_MAX_RATINGS);
    const maxBytes = Math.min(limits.maxBytes ?? BATCH_MAX_BYTES, BATCH_MAX_BYTES) - ENVELOPE_BYTES;
    const rows = this.pendingAfter.all({ afterSeq, limit: maxRatings, now }) as Parameters<typeof toRatingV1>[0][];
    const batch: OutgoingBatch = { json: [], ids: [], events: [], bootIds: new Set(), firstSeq: 0, lastSeq: 0, bytes: 0 };
    const unreadable: { id: string; reason: string }[] = [];
    for (const row of rows) {
      let json: string;
      let bootId: string | undefined;
      try {
        const full = { ...toRatingV1(row), deviceId };
        const booted = withBoot ? full : { ...full, bootId: undefined, monotonicMs: undefined };
        const rating = withChain ? booted : { ...booted, prevHash: undefined };
        bootId = rating.bootId;
        json = serialiseForWire(rating);
      } catch (error) {
        unreadable.push({ id: row.id, reason: `unreadable on the kiosk: ${(error as Error).message}` });
        continue;
      }
      const size = Buffer.byteLength(json) + 1;
      if (batch.bytes + size > maxBytes && batch.ids.length > 0) break;
      if (batch.ids.length === 0) batch.firstSeq = row.seq;
      batch.json.push(json);
      batch.ids.push(row.id);
      if (bootId !== undefined) batch.bootIds.add(bootId);
      batch.lastSeq = row.seq;
      batch.bytes += size;
    }
    if (withChain) this.addSessionEvents(batch, afterSeq, rows.length === maxRatings ? batch.lastSeq : Number.MAX_SAFE_INTEGER, maxRatings, maxBytes);
    if (unreadable.length > 0) this.quarantine(unreadable, now);
    return batch.ids.length > 0 || batch.events.length > 0 ? batch : null;
  }

  /**
   * The session events to send with a batch: those pending after `afterSeq`, up to the batch's last
   * rating when the batch is full (later ones follow with later ratings), within the batch's limits.
   */
  private addSessionEvents(batch: OutgoingBatch, afterSeq: number, upTo: number, maxRecords: number, maxBytes: number): void {
    const rows = this.eventsAfter.all({ afterSeq, upTo, limit: maxRecords }) as SessionEventRow[];
    for (const row of rows) {
      const json = JSON.stringify(toSessionEventV1(row));
      const size = Buffer.byteLength(json) + 1;
      if (batch.bytes + size > maxBytes && batch.ids.length + batch.events.length > 0) break;
      batch.events.push({ id: row.id, json });
      batch.bytes += size;
      if (batch.ids.length === 0 && batch.events.length === 1) batch.firstSeq = row.seq;
      batch.lastSeq = Math.max(batch.lastSeq, row.seq);
    }
  }

  /**
   * Applies the server's answer to a batch in one transaction: accepted and duplicates are sent;
   * conflicts and rejected are quarantined with the server's reason; anything else stays pending.
   * Only ids of this batch are touched, whatever the answer says.
   */
  applyAnswer(batch: Pick<OutgoingBatch, 'ids'> & Partial<Pick<OutgoingBatch, 'events'>>, batchId: string, answer: BatchResponse, now: number): AnswerOutcome {
    const eventIds = new Set((batch.events ?? []).map((e) => e.id));
    const inBatch = new Set([...batch.ids, ...eventIds]);
    const answered = new Set<string>();
    let sent = 0;
    let quarantined = 0;
    let refusedForTime = 0;
    this.db.transaction(() => {
      for (const id of [...answer.accepted, ...answer.duplicates]) {
        if (!inBatch.has(id)) continue;
        answered.add(id);
        if (eventIds.has(id)) this.markEventSent.run(now, batchId, id);
        else sent += this.markSent.run(now, batchId, id).changes;
      }
      for (const id of answer.conflicts) {
        if (!inBatch.has(id) || answered.has(id)) continue;
        answered.add(id);
        quarantined += (eventIds.has(id) ? this.markEventQuarantined : this.markQuarantined).run(
          now,
          'conflict: the server holds different content under this id',
          id,
        ).changes;
      }
      for (const { id, reason } of answer.rejected) {
        if (!inBatch.has(id) || answered.has(id)) continue;
        answered.add(id);
        // Refused for its time by an older server: left pending, never quarantined.
        if (REFUSED_FOR_TIME.test(reason)) refusedForTime += 1;
        else quarantined += (eventIds.has(id) ? this.markEventQuarantined : this.markQuarantined).run(now, `rejected by the server: ${reason}`, id).changes;
      }
    }).immediate();
    const unanswered = [...inBatch].filter((id) => !answered.has(id));
    return { sent, quarantined, unanswered, ...(refusedForTime > 0 ? { refusedForTime } : {}) };
  }

  quarantine(items: { id: string; reason: string }[], now: number): number {
    let changed = 0;
    this.db.transaction(() => {
      for (const { id, reason } of items) changed += this.markQuarantined.run(now, reason, id).changes + this.markEventQuarantined.run(now, reason, id).changes;
    }).immediate();
    return changed;
  }

  /**
   * The cap's refusals the server has not acknowledged yet: null when none was recorded since the
   * last acknowledged one (`refusalsSentThrough`), else the running counts to send and the last
   * refusal they include (to record once the server took them).
   */
  pendingRefusals(now: number): PendingRefusals | null {
    const { through } = this.db.prepare('SELECT max(id) AS through FROM rating_refusals').get() as { through: number | null };
    if (through === null || through <= (readSyncState(this.db, 'refusalsSentThrough') ?? 0)) return null;
    return { counts: this.refusalCounts(now), through };
  }

  /** The server took the refusal counts up to `through`: they are not sent again until the cap refuses more. */
  refusalsSent(through: number, now: number): void {
    if (through > (readSyncState(this.db, 'refusalsSentThrough') ?? 0)) writeSyncState(this.db, 'refusalsSentThrough', through, now);
  }

  /**
   * What the per-session cap refused in the sessions of the last week, as running counts per
   * session (revision 3; never a score).
   */
  refusalCounts(now: number): RefusalCount[] {
    return this.db
      .prepare(
        `SELECT staff_session_id AS staffSessionId, counter_id AS counterId, count(*) AS refused FROM rating_refusals
         WHERE staff_session_id IN (SELECT DISTINCT staff_session_id FROM rating_refusals WHERE at > ?) OR (staff_session_id IS NULL AND at > ?)
         GROUP BY staff_session_id, counter_id LIMIT 500`,
      )
      .all(now - WEEK_MS, now - WEEK_MS) as RefusalCount[];
  }
}

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

/** Refusal counts to send: running totals per session, and the last `rating_refusals` row they include. */
export interface PendingRefusals {
  counts: RefusalCount[];
  through: number;
}

interface SessionEventRow {
  id: string;
  seq: number;
  kind: SessionEventKind;
  session_id: string;
  staff_id: string;
  counter_id: string;
  reason: string;
  created_at: number;
  clock_offset_ms: number | null;
  boot_id: string | null;
  monotonic_ms: number | null;
  prev_hash: string;
}

function toSessionEventV1(row: SessionEventRow): SessionEventV1 {
  return {
    id: row.id,
    seq: row.seq,
    kind: row.kind,
    sessionId: row.session_id,
    staffId: row.staff_id,
    counterId: row.counter_id,
    reason: row.reason,
    createdAt: row.created_at,
    clockOffsetMs: row.clock_offset_ms,
    ...(row.boot_id !== null && row.monotonic_ms !== null ? { bootId: row.boot_id, monotonicMs: row.monotonic_ms } : {}),
    prevHash: row.prev_hash,
  };
}

export interface PendingStats {
  pendingCount: number;
  oldestPendingCreatedAt: number | null;
  quarantinedCount: number;
}

export function pendingStats(db: Database): PendingStats {
  const pending = db
    .prepare('SELECT count(*) AS n FROM ratings WHERE sent_at IS NULL AND quarantined_at IS NULL')
    .get() as { n: number };
  const oldest = db
    .prepare('SELECT created_at AS at FROM ratings WHERE sent_at IS NULL AND quarantined_at IS NULL ORDER BY seq LIMIT 1')
    .get() as { at: number } | undefined;
  const quarantined = db.prepare('SELECT count(*) AS n FROM ratings WHERE quarantined_at IS NOT NULL').get() as {
    n: number;
  };
  return { pendingCount: pending.n, oldestPendingCreatedAt: oldest?.at ?? null, quarantinedCount: quarantined.n };
}


export function recentQuarantined(db: Database, limit = 20): QuarantinedRating[] {
  return db
    .prepare(
      `SELECT id, seq, created_at AS createdAt, quarantined_at AS quarantinedAt, quarantine_reason AS reason
       FROM ratings WHERE quarantined_at IS NOT NULL ORDER BY quarantined_at DESC, seq DESC LIMIT ?`,
    )
    .all(limit) as QuarantinedRating[];
}
