import { createHash } from 'node:crypto';
import { sql, type Insertable, type RawBuilder, type Transaction } from 'kysely';
import { ratingChainHash, sessionEventChainHash } from '../shared/node/record-chain';
import { RatingBatchEnvelopeSchema, type BatchResponse } from '../shared/protocol';
import { RatingV1Schema, type RatingV1 } from '../shared/rating';
import { SessionEventV1Schema, type SessionEventV1 } from '../shared/record-chain';
import { transactionsTakeTurns, type ServerDb } from './db/connect';
import type { ServerDatabase } from './db/schema';
import { HttpError } from './errors';
import { readBatch, writeBatch } from './integrity/batch-statements';
import { bindingHistory, countersAllowedAt, type BindingHistory } from './integrity/device-bindings';
import type { DeviceVolumeCheck } from './integrity/device-volume';
import { judgeChain, parseStoredChain, readChainAround, segmentsOf, segmentsToInsert, type NewLink, type NewSegment, type Segment } from './integrity/record-chain';
import {
  flagRatingsWithoutSession,
  judgeSessionEvents,
  parseSessionsOf,
  parseStoredSessionEvents,
  readStoredSessionEvents,
  countRecentSessionEvents,
  recentSessionEventsAtMost,
  arrivalDay,
  readSessionsOf,
  storeRefusals,
} from './integrity/session-events';
import { commentSearchKey } from './reports/comment-search';
import { flagOnArrival } from './integrity/arrival-flags';
import { describeIssues } from './roster';
import { findUnstorableText } from './text-guard';

export interface IngestDevice {
  id: string;
  unit_id: string;
}

export interface IngestLimits {
  /** Ratings per batch; more answers 413. */
  maxRatings: number;
  /** Conflicts kept aside per rating id, and per device over 24 hours; more are counted, not kept. */
  maxConflictsPerRating: number;
  maxConflictsPerDevicePerDay: number;
  /** A corrected time later than this past the server's clock is not plausible. */
  futureToleranceMs: number;
  /** A corrected time older than this is absurd (a kiosk's clock, not a citizen's visit). */
  maxAgeMs: number;
}

export interface IngestBatchOptions {
  /** The authenticated device that sent the batch. */
  device: IngestDevice;
  /** The request body as JSON, not yet validated. */
  body: unknown;
  /** The server's clock when the batch arrived. */
  receivedAt: number;
  limits: IngestLimits;
  /** The server's memory of roster ids, shared by every batch. */
  references: ReferenceCache;
  /** The checks on sessions and volume (docs/integrity.md); absent for bulk loads of made-up data. */
  integrity?: IntegrityChecks;
}

/** What the integrity checks at ingest are given (ServerLimits). */
export interface IntegrityChecks {
  /** After a device is moved, ratings for the counter it left are still taken this long (it learns of the move at its next config pull). */
  moveGraceMs: number;
  /** Session events stored per device over 24 hours; more are rejected by id. */
  maxSessionEventsPerDevicePerDay: number;
  /** The device-volume check, or null for none. */
  volume: DeviceVolumeCheck | null;
}

type Answer = Omit<BatchResponse, 'serverTime'>;
type RatingRow = Insertable<ServerDatabase['ratings']>;
type Timing = { correctedAt: number; timeUncertain: boolean };
interface ValidRating {
  rating: RatingV1;
  hash: string;
  content: string;
  timing: Timing;
}
interface ValidEvent {
  event: SessionEventV1;
  hash: string;
  timing: Timing;
}

/**
 * Ingests one batch from an authenticated device: every record id of the batch (ratings and
 * session events) ends in exactly one of accepted, duplicates, conflicts, rejected. New ratings
 * are inserted with ON CONFLICT (id) DO NOTHING; a stored rating is never overwritten. A stored id
 * is judged against what its own device stored: another device's id is rejected whatever its
 * content (so no device learns whether it guessed another's rating), and a different content from
 * the same device is kept aside in rating_conflicts, within caps per id and per device. Replaying
 * a batch changes nothing. A rating must be for the counter (and its desk role) the device was
 * bound to at its time; chained records extend the device's record chain, and the integrity
 * checks raise their flags in the same transaction (docs/integrity.md).
 */
export async function ingestBatch(db: ServerDb, { device, body, receivedAt, limits, references, integrity }: IngestBatchOptions): Promise<Answer> {
  if (body && typeof body === 'object' && Array.isArray((body as { ratings?: unknown }).ratings)) {
    const count = (body as { ratings: unknown[] }).ratings.length;
    if (count > limits.maxRatings) throw new HttpError(413, 'batch_too_large', `a batch holds at most ${limits.maxRatings} ratings, this one ${count}`);
  }
  const envelope = RatingBatchEnvelopeSchema.safeParse(body);
  if (!envelope.success) throw new HttpError(400, 'invalid_batch', describeIssues(envelope.error).slice(0, 5).join('; '));
  const { batchId, sentAt, ratings, sessionEvents = [], refusals = [] } = envelope.data;
  const evidence: TimeEvidence = { sentAt, receivedAt, anchors: bootAnchors(envelope.data, receivedAt) };

  const ids = ratings.map((raw, index) => ratingIdOf(raw, `#${index}`));
  const eventIds = sessionEvents.map((raw, index) => ratingIdOf(raw, `#event-${index}`));
  const allIds = [...ids, ...eventIds];
  const seen = new Set<string>();
  for (const id of allIds) {
    if (seen.has(id)) throw new HttpError(400, 'repeated_id', `record ${id} appears twice in the batch`);
    seen.add(id);
  }

  const answer: Answer = { accepted: [], duplicates: [], conflicts: [], rejected: [] };
  const valid: ValidRating[] = [];
  ratings.forEach((raw, index) => {
    const id = ids[index]!;
    const parsed = RatingV1Schema.safeParse(raw);
    if (!parsed.success) {
      answer.rejected.push({ id, reason: truncate(describeIssues(parsed.error).join('; ')) });
      return;
    }
    // After the schema, never before: the parsed rating is flat, while raw input may nest deeply.
    const unstorable = findUnstorableText(parsed.data);
    if (unstorable) {
      answer.rejected.push({ id, reason: `${unstorable}: must not contain NUL or broken Unicode` });
      return;
    }
    // The parsed form is canonical (NFC, schema key order): equal content gives equal bytes.
    const content = JSON.stringify(parsed.data);
    valid.push({ rating: parsed.data, content, hash: sha256(content), timing: correctTime(parsed.data, evidence, limits) });
  });
  const validEvents: ValidEvent[] = [];
  sessionEvents.forEach((raw, index) => {
    const parsed = SessionEventV1Schema.safeParse(raw);
    if (!parsed.success) {
      answer.rejected.push({ id: eventIds[index]!, reason: truncate(describeIssues(parsed.error).join('; ')) });
      return;
    }
    validEvents.push({ event: parsed.data, hash: sha256(JSON.stringify(parsed.data)), timing: correctTime(parsed.data, evidence, limits) });
  });
  if (valid.length === 0 && validEvents.length === 0 && refusals.length === 0) return answer;

  // A batch's session events are new but when a kiosk sends again what was stored before (its
  // answer lost): they are inserted without reading for them first. A batch one of whose events
  // turns out stored, or is refused (a stored id is answered by what is stored, as a rating's), is
  // rolled back and run again, reading them.
  const unanswered = answerLengths(answer);
  try {
    await storeBatch(false);
  } catch (error) {
    if (!(error instanceof StoredEventsNeeded)) throw error;
    rewindAnswer(answer, unanswered);
    await storeBatch(true);
  }
  return answer;

  async function storeBatch(readStoredEvents: boolean): Promise<void> {
    await db.transaction().execute(async (trx) => {
      // Touching the device's row first locks it: a device's batches judge its chain one after the other.
      // With it, its binding revision and chain tail (bulk loads of made-up data, without the checks, rate whatever counters they were given).
      let chainFromSeq: number | null;
      let bindings: BindingHistory = [];
      // The device's stored segment that starts last (migration 0030); undefined: not read.
      let tail: Segment | null | undefined;
      // The checks' reads that do not depend on what the batch inserts: the batch's session events
      // already stored (when read: see above), and the stored events of the sessions its chained
      // ratings name (but those the batch logs in; a rating not inserted only adds a session to read).
      const batchLogins = new Set(validEvents.flatMap((v) => (v.event.kind === 'login' ? [v.event.sessionId] : [])));
      const sessionsRead = integrity
        ? [...new Set(valid.flatMap((v) => (v.rating.prevHash !== undefined && v.rating.staffId !== null && v.rating.staffSessionId && !batchLogins.has(v.rating.staffSessionId) ? [v.rating.staffSessionId] : [])))]
        : [];
      const early: Record<string, RawBuilder<unknown>> = {};
      if (validEvents.length > 0 && readStoredEvents) early.storedEvents = readStoredSessionEvents(validEvents.map((v) => v.event.id));
      if (sessionsRead.length > 0) early.sessions = readSessionsOf(device.id, sessionsRead);
      // When transactions take turns (PGlite), they come back with the statement that locks the
      // device's row: a statement fewer per checked batch. Otherwise they get a statement of their
      // own once the row is locked (readBatch below): a statement that waited for the lock of
      // another batch of the device would have read with the snapshot it took before that batch committed.
      const readWithLock = integrity !== undefined && transactionsTakeTurns(db) && Object.keys(early).length > 0;
      let earlyState: { storedEvents?: string; sessions?: string } | undefined;
      // At least the device's session events over the last 24 hours, from its row (migration 0033); null: to be counted.
      let recentEventsAtMost: number | null = 0;
      if (integrity) {
        const row = await trx
          .updateTable('devices')
          .set({ last_seen_at: receivedAt })
          .where('id', '=', device.id)
          .returning(['chain_from_seq', 'chain_tail_first_seq', 'chain_tail_last_seq', 'chain_tail_hash', 'binding_revision', 'session_events_day', 'session_events_on_day', 'session_events_day_before'])
          .$if(readWithLock, (query) => query.returning(Object.entries(early).map(([name, read]) => read.as(name))))
          .executeTakeFirst();
        if (readWithLock && row) {
          const reads = row as { storedEvents?: string; sessions?: string };
          earlyState = { storedEvents: reads.storedEvents, sessions: reads.sessions };
        }
        if (row) recentEventsAtMost = recentSessionEventsAtMost(row, receivedAt);
        chainFromSeq = row?.chain_from_seq ?? null;
        bindings = row ? await bindingHistory(trx, device.id, row.binding_revision) : [];
        tail =
          row?.chain_tail_first_seq == null || row.chain_tail_last_seq === null || row.chain_tail_hash === null
            ? null
            : { first_seq: row.chain_tail_first_seq, last_seq: row.chain_tail_last_seq, first_prev_hash: '', last_hash: row.chain_tail_hash };
      } else {
        const row = await trx.updateTable('devices').set({ last_seen_at: receivedAt }).where('id', '=', device.id).returning('chain_from_seq').executeTakeFirst();
        chainFromSeq = row?.chain_from_seq ?? null;
      }
      const graceMs = integrity?.moveGraceMs ?? 0;
      const check = await references.checker(trx, device, [...valid.map((v) => v.rating), ...validEvents.map((v) => ({ ...v.event, unitId: device.unit_id }))]);

      const rows: RatingRow[] = [];
      const failing = new Map<string, string>();
      for (const { rating, hash, timing } of valid) {
        const reason =
          (rating.deviceId !== device.id ? `deviceId: ${rating.deviceId} is not the device that sent the batch` : null) ??
          check(rating) ??
          bindingProblem(bindings, rating.counterId, timing.correctedAt, graceMs) ??
          downgradeProblem(chainFromSeq, rating);
        if (reason) failing.set(rating.id, reason);
        else rows.push(toRow(rating, hash, timing, receivedAt, batchId));
      }
      // New ids are the common case: insert first, then look only at the ids that were not inserted.
      // Rows go in id order so that concurrent batches sharing ids lock them in the same order (no deadlock).
      rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      const insertedIds = new Set(
        rows.length === 0
          ? []
          : (await trx.insertInto('ratings').values(rows).onConflict((oc) => oc.column('id').doNothing()).returning('id').execute()).map((r) => r.id),
      );
      const inserted = rows.filter((row) => insertedIds.has(row.id));
      await flagOnArrival(trx, device, inserted, receivedAt);
      const others = valid.filter((v) => !insertedIds.has(v.rating.id)).map((v) => v.rating.id);
      const stored = new Map(
        others.length === 0
          ? []
          : (await trx.selectFrom('ratings').select(['id', 'device_id', 'content_hash']).where('id', 'in', others).execute()).map((row) => [row.id, row]),
      );
      const conflicts: { rating: RatingV1; hash: string; content: string }[] = [];
      for (const item of valid) {
        const { id } = item.rating;
        const storedRow = stored.get(id);
        // A stored id is answered by content even when it would now fail a check (e.g. grown too old),
        // but only to the device that stored it.
        if (insertedIds.has(id)) answer.accepted.push(id);
        else if (storedRow && storedRow.device_id !== device.id) answer.rejected.push({ id, reason: 'id: belongs to another device' });
        else if (storedRow?.content_hash === item.hash) answer.duplicates.push(id);
        else if (storedRow) conflicts.push(item);
        else if (failing.has(id)) answer.rejected.push({ id, reason: failing.get(id)! });
        else throw new Error(`rating ${id} was neither inserted nor found`); // 500: the kiosk retries
      }
      const notKept = conflicts.length === 0 ? 0 : await keepConflictsAside(trx, { device, batchId, receivedAt, limits }, conflicts);
      answer.conflicts.push(...conflicts.map((item) => item.rating.id));

      const newRatings = valid.filter((v) => insertedIds.has(v.rating.id));
      const chained = newRatings.filter((v) => v.rating.prevHash !== undefined);
      // What the checks need, read in one statement (readBatch): the batch's session events already
      // stored (when read), the device's count of them over 24 hours (when its row's count of the last
      // two days does not keep the batch under the cap), the stored events of the sessions its
      // ratings name (but those the batch logs in), the stored chain around every record it may store
      // (but when they all come after the device's chain tail).
      const seqs = [...chained.map((v) => v.rating.seq), ...validEvents.map((v) => v.event.seq)];
      const lowestSeq = seqs.length === 0 ? null : Math.min(...seqs);
      const afterTail = lowestSeq !== null && tail !== undefined && (tail === null || tail.first_seq < lowestSeq);
      const sessionIds = integrity ? [...new Set(chained.flatMap((v) => (v.rating.staffId !== null && v.rating.staffSessionId ? [v.rating.staffSessionId] : [])))] : [];
      const maximum = integrity?.volume && newRatings.length > 0 ? integrity.volume.maximum(device.unit_id, receivedAt) : null;
      const parts: Record<string, RawBuilder<unknown>> = readWithLock ? {} : { ...early };
      const countRecent = integrity !== undefined && validEvents.length > 0 && (recentEventsAtMost === null || recentEventsAtMost + validEvents.length > integrity.maxSessionEventsPerDevicePerDay);
      if (countRecent) parts.recentEvents = countRecentSessionEvents(device.id, receivedAt);
      // A batch the cap may refuse events of reads them now: it would run again to read them otherwise.
      const storedEventsRead = readStoredEvents || countRecent;
      if (countRecent && !readStoredEvents) parts.storedEvents = readStoredSessionEvents(validEvents.map((v) => v.event.id));
      if (lowestSeq !== null && !afterTail) {
        const chain = readChainAround(device.id, lowestSeq, Math.max(...seqs));
        parts.segments = chain.segments;
        parts.breaks = chain.breaks;
      }
      const state = { ...earlyState, ...(await readBatch(trx, parts)) } as { storedEvents?: string; recentEvents?: number; segments?: string; breaks?: string; sessions?: string };

      const events =
        validEvents.length === 0
          ? { rows: [], events: [] }
          : judgeSessionEvents({ device, receivedAt, bindings, graceMs, check, answer, integrity }, validEvents, parseStoredSessionEvents(state.storedEvents ?? '[]', countRecent ? state.recentEvents! : (recentEventsAtMost ?? 0)));
      if (!storedEventsRead && events.rows.length !== validEvents.length) throw new StoredEventsNeeded();
      const links: NewLink[] = [
        ...chained.map(({ rating }) => ({ seq: rating.seq, prevHash: rating.prevHash!, hash: ratingChainHash(rating.prevHash!, rating) })),
        ...events.events.map((event) => ({ seq: event.seq, prevHash: event.prevHash, hash: sessionEventChainHash(event.prevHash, event) })),
      ];
      // After the tail, the stretch is the tail and the new segments, and no break lies in it.
      const storedChain = links.length === 0 ? null : afterTail ? { segments: tail ? [tail] : [], breaks: [] } : parseStoredChain(state.segments!, state.breaks!);
      const segments = storedChain ? segmentsToInsert(segmentsOf(links), storedChain) : [];
      const byDay = maximum && integrity?.volume ? integrity.volume.days(newRatings.map((v) => ({ id: v.rating.id, at: v.timing.correctedAt }))) : null;
      const lowestLink = links.length === 0 ? null : Math.min(...links.map((l) => l.seq));
      const newChainStart = lowestLink !== null && (chainFromSeq === null || lowestLink < chainFromSeq);
      // What the checks write, in one statement: the session events, the chain segments, the day's
      // volume, the device's chain start, and the new ratings' rollups (a rating with an uncertain
      // time is counted on its own line of the reports, never on the day it arrived).
      const written = await writeBatch(trx, {
        deviceId: device.id,
        receivedAt,
        events: events.rows,
        segments,
        volumes: byDay ? [...byDay].map(([day, list]) => ({ day, ratings: list.length })) : [],
        device:
          notKept > 0 || newChainStart || segments.length > 0 || events.rows.length > 0
            ? {
                conflictsNotKept: notKept,
                chainFromSeq: newChainStart ? lowestLink : null,
                tail: segments.reduce<NewSegment | null>((last, s) => (last === null || s.first_seq > last.first_seq ? s : last), null),
                sessionEvents: events.rows.length === 0 ? null : { day: arrivalDay(receivedAt), added: events.rows.length },
              }
            : null,
        rollups: inserted.filter((row) => row.counted !== false),
      });
      if (written.events.size !== events.rows.length || written.segments !== segments.length) {
        if (!storedEventsRead) throw new StoredEventsNeeded();
        // The device's row is locked: only another device's batch can have stored one of these ids meanwhile.
        throw new Error('a session event or chain segment was stored meanwhile'); // 500: the kiosk retries, and is answered by what is stored
      }
      answer.accepted.push(...events.rows.map((row) => row.id));
      if (integrity) {
        // A session whose login the batch sent but did not store (a duplicate, refused): read now, as it was not before.
        const loggedIn = new Set(events.events.flatMap((e) => (e.kind === 'login' ? [e.sessionId] : [])));
        const unread = sessionIds.filter((id) => batchLogins.has(id) && !loggedIn.has(id));
        const sessions = [
          ...(state.sessions === undefined ? [] : parseSessionsOf(state.sessions)),
          ...(unread.length === 0 ? [] : parseSessionsOf((await readBatch(trx, { sessions: readSessionsOf(device.id, unread) })).sessions)),
        ];
        await flagRatingsWithoutSession(trx, device, chained, events.events, sessions, receivedAt);
      }
      if (storedChain) await judgeChain(trx, device.id, links, storedChain, segments, receivedAt);
      if (byDay && maximum && integrity?.volume) {
        // Read once the batch's ratings are in the rollups (the busiest day may be one of them), at most hourly per unit.
        const max = 'max' in maximum ? maximum.max : integrity.volume.remember(device.unit_id, (await readBatch(trx, { busiest: maximum.busiest })).busiest, receivedAt);
        await integrity.volume.flagAbove(trx, device, byDay, written.volumes, max, receivedAt);
      }
      if (refusals.length > 0) await storeRefusals(trx, device.id, refusals, receivedAt);
    });
  }
}

/** A session event of the batch may have been stored before: the batch is run again, reading them. */
class StoredEventsNeeded extends Error {}

function answerLengths(answer: Answer): Record<keyof Answer, number> {
  return { accepted: answer.accepted.length, duplicates: answer.duplicates.length, conflicts: answer.conflicts.length, rejected: answer.rejected.length };
}

/** Forgets what a rolled-back attempt answered. */
function rewindAnswer(answer: Answer, lengths: Record<keyof Answer, number>): void {
  for (const list of ['accepted', 'duplicates', 'conflicts', 'rejected'] as const) answer[list].length = lengths[list];
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Why a record's counter is not one its device was bound to at its time, or null. */
function bindingProblem(bindings: BindingHistory, counterId: string, at: number, graceMs: number): string | null {
  const allowed = countersAllowedAt(bindings, at, graceMs);
  if (allowed === undefined || allowed.has(counterId)) return null;
  return `counterId: ${counterId} is not the counter this device was bound to then (${[...allowed].join(', ')})`;
}

/** A device that sends chained records cannot go back to unchained ones (which would escape the chain). */
function downgradeProblem(chainFromSeq: number | null, rating: RatingV1): string | null {
  if (chainFromSeq === null || rating.prevHash !== undefined || rating.seq < chainFromSeq) return null;
  return `prevHash: missing; this device chains its records since seq ${chainFromSeq}`;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Keeps different contents sent under a device's own stored ids aside for an administrator, at
 * most `maxConflictsPerRating` per id and `maxConflictsPerDevicePerDay` per device over 24 hours:
 * a device that floods conflicts fills neither the disk nor the administrator's list. Returns how
 * many were not kept (they are still answered as conflicts, and counted on the device).
 */
async function keepConflictsAside(
  trx: Transaction<ServerDatabase>,
  { device, batchId, receivedAt, limits }: { device: IngestDevice; batchId: string; receivedAt: number; limits: IngestLimits },
  conflicts: { rating: RatingV1; hash: string; content: string }[],
): Promise<number> {
  // One batch of a device at a time from here: the counts below stay true until the commit.
  await trx.selectFrom('devices').select('id').where('id', '=', device.id).forUpdate().execute();
  const ids = [...new Set(conflicts.map((item) => item.rating.id))];
  const count = sql<number>`count(*)::int`.as('n');
  const perRating = new Map(
    (await trx.selectFrom('rating_conflicts').select(['rating_id', count]).where('rating_id', 'in', ids).groupBy('rating_id').execute()).map((row) => [row.rating_id, row.n]),
  );
  const recent = await trx
    .selectFrom('rating_conflicts')
    .select(count)
    .where('device_id', '=', device.id)
    .where('received_at', '>', receivedAt - DAY_MS)
    .executeTakeFirstOrThrow();
  let deviceRoom = limits.maxConflictsPerDevicePerDay - recent.n;
  let notKept = 0;
  for (const item of conflicts) {
    const kept = perRating.get(item.rating.id) ?? 0;
    if (kept >= limits.maxConflictsPerRating || deviceRoom <= 0) {
      notKept += 1;
      continue;
    }
    const inserted = await trx
      .insertInto('rating_conflicts')
      .values({ rating_id: item.rating.id, device_id: device.id, batch_id: batchId, received_at: receivedAt, content_hash: item.hash, content: item.content })
      .onConflict((oc) => oc.columns(['rating_id', 'content_hash']).doNothing())
      .returning('serial')
      .executeTakeFirst();
    // The same content sent again is kept once, and costs nothing.
    if (inserted) {
      perRating.set(item.rating.id, kept + 1);
      deviceRoom -= 1;
    }
  }
  return notKept;
}

/** The id a record is answered under, even when it is not a valid record. */
function ratingIdOf(raw: unknown, fallback: string): string {
  const id = raw && typeof raw === 'object' ? (raw as { id?: unknown }).id : undefined;
  return typeof id === 'string' && id.length > 0 && id.length <= 64 ? id : fallback;
}

function truncate(text: string): string {
  return text.length <= 480 ? text : `${text.slice(0, 477)}...`;
}

/** For each boot the batch speaks of: a monotonic moment of it and the server's time then. */
type BootAnchors = Map<string, { monotonicMs: number; serverTime: number }>;

/**
 * The anchors of a batch (revision 2): those the kiosk kept for earlier boots, from signed answers
 * of this server, and the boot it sends from, anchored by the server's own clock at arrival — the
 * monotonic twin of the send-time correction, which wins over anything the kiosk says of that boot.
 */
function bootAnchors(
  envelope: { sentBootId?: string; sentMonotonicMs?: number; clockAnchors?: { bootId: string; monotonicMs: number; serverTime: number }[] },
  receivedAt: number,
): BootAnchors {
  const anchors: BootAnchors = new Map();
  for (const { bootId, monotonicMs, serverTime } of envelope.clockAnchors ?? []) anchors.set(bootId, { monotonicMs, serverTime });
  if (envelope.sentBootId !== undefined && envelope.sentMonotonicMs !== undefined) {
    anchors.set(envelope.sentBootId, { monotonicMs: envelope.sentMonotonicMs, serverTime: receivedAt });
  }
  return anchors;
}

/** What a rating's time is corrected with, besides its own fields. */
interface TimeEvidence {
  sentAt: number;
  receivedAt: number;
  anchors: BootAnchors;
}

/**
 * The rating's time on the server's clock: the first plausible of (1) its boot's anchor and its
 * monotonic time, which no setting of the kiosk's clock spoils; (2) the kiosk's own offset
 * estimate; (3) the send-time correction `receivedAt − (sentAt − createdAt)`, which needs no
 * offset. When none is plausible the rating is still kept — flagged `time_uncertain`, at
 * `receivedAt`, the latest moment it can have been made: a kiosk never loses ratings to a wrong
 * clock, and reports count such ratings apart.
 */
function correctTime(
  rating: Pick<RatingV1, 'bootId' | 'monotonicMs' | 'clockOffsetMs' | 'createdAt'>,
  evidence: TimeEvidence,
  limits: Pick<IngestLimits, 'futureToleranceMs' | 'maxAgeMs'>,
): Timing {
  const { sentAt, receivedAt, anchors } = evidence;
  const candidates: number[] = [];
  const anchor = rating.bootId !== undefined ? anchors.get(rating.bootId) : undefined;
  if (anchor && rating.monotonicMs !== undefined) candidates.push(anchor.serverTime + (rating.monotonicMs - anchor.monotonicMs));
  if (rating.clockOffsetMs !== null) candidates.push(rating.createdAt + rating.clockOffsetMs);
  candidates.push(receivedAt - (sentAt - rating.createdAt));
  const plausible = candidates.find((at) => at <= receivedAt + limits.futureToleranceMs && at >= receivedAt - limits.maxAgeMs);
  return plausible === undefined ? { correctedAt: receivedAt, timeUncertain: true } : { correctedAt: plausible, timeUncertain: false };
}

/** What a record says of where it was made and by whom: checked against the roster. */
export interface RosterRef {
  unitId: string;
  counterId: string;
  staffId: string | null;
  /** A rating's desk role, which must be its counter's. */
  deskRole?: string;
}

/**
 * Checks records against the device and the roster: unit, counter and staff must exist and belong
 * together, and a rating's desk role must be its counter's. Ids found once are remembered with
 * their unit (roster ids are never deleted); a record that fails against the memory is checked
 * again against the database, so a roster change (an officer moved to another unit) never rejects
 * a record wrongly.
 */
export class ReferenceCache {
  private readonly units = new Set<string>();
  private readonly counters = new Map<string, { unitId: string; deskRole: string }>();
  private readonly staff = new Map<string, string>();

  async checker(trx: Transaction<ServerDatabase>, device: IngestDevice, refs: RosterRef[]) {
    await this.load(trx, refs, false);
    const failing = refs.filter((r) => this.problem(device, r) !== null);
    if (failing.length > 0) await this.load(trx, failing, true);
    return (ref: RosterRef) => this.problem(device, ref);
  }

  private async load(trx: Transaction<ServerDatabase>, refs: RosterRef[], refresh: boolean): Promise<void> {
    const wanted = (ids: string[], known: { has(id: string): boolean }) => [...new Set(ids)].filter((id) => refresh || !known.has(id));
    const unitIds = wanted(refs.map((r) => r.unitId), this.units);
    const counterIds = wanted(refs.map((r) => r.counterId), this.counters);
    const staffIds = wanted(refs.flatMap((r) => (r.staffId ? [r.staffId] : [])), this.staff);
    if (unitIds.length > 0) for (const u of await trx.selectFrom('units').select('id').where('id', 'in', unitIds).execute()) this.units.add(u.id);
    if (counterIds.length > 0) {
      for (const c of await trx.selectFrom('counters').select(['id', 'unit_id', 'desk_role']).where('id', 'in', counterIds).execute()) {
        this.counters.set(c.id, { unitId: c.unit_id, deskRole: c.desk_role });
      }
    }
    if (staffIds.length > 0) {
      for (const m of await trx.selectFrom('staff').select(['id', 'unit_id']).where('id', 'in', staffIds).execute()) this.staff.set(m.id, m.unit_id);
    }
  }

  private problem(device: IngestDevice, ref: RosterRef): string | null {
    if (!this.units.has(ref.unitId)) return `unitId: unknown unit ${ref.unitId}`;
    if (ref.unitId !== device.unit_id) return `unitId: ${ref.unitId} is not this device's unit`;
    const counter = this.counters.get(ref.counterId);
    if (counter === undefined) return `counterId: unknown counter ${ref.counterId}`;
    if (counter.unitId !== ref.unitId) return `counterId: ${ref.counterId} belongs to another unit`;
    if (ref.deskRole !== undefined && ref.deskRole !== counter.deskRole) return `deskRole: ${ref.deskRole} is not the desk role of counter ${ref.counterId} (${counter.deskRole})`;
    if (ref.staffId !== null) {
      const staffUnit = this.staff.get(ref.staffId);
      if (staffUnit === undefined) return `staffId: unknown staff ${ref.staffId}`;
      if (staffUnit !== ref.unitId) return `staffId: ${ref.staffId} belongs to another unit`;
    }
    return null;
  }
}

function toRow(
  rating: RatingV1,
  hash: string,
  { correctedAt, timeUncertain }: Timing,
  receivedAt: number,
  batchId: string,
): RatingRow {
  return {
    id: rating.id,
    device_id: rating.deviceId,
    seq: rating.seq,
    unit_id: rating.unitId,
    counter_id: rating.counterId,
    desk_role: rating.deskRole,
    staff_id: rating.staffId,
    staff_session_id: rating.staffSessionId,
    created_at: rating.createdAt,
    clock_offset_ms: rating.clockOffsetMs,
    corrected_at: correctedAt,
    received_at: receivedAt,
    batch_id: batchId,
    scale: rating.scale,
    score: rating.score,
    criteria: JSON.stringify(rating.criteria),
    comment: rating.comment,
    comment_key: commentSearchKey(rating.comment),
    dossier_code: rating.dossierCode,
    locale: rating.locale,
    duration_ms: rating.durationMs,
    app_version: rating.appVersion,
    content_hash: hash,
    time_uncertain: timeUncertain,
    counted: !timeUncertain,
  };
}
