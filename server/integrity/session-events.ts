import { sql, type RawBuilder, type Transaction } from 'kysely';
import type { BatchResponse } from '../../shared/protocol';
import type { RatingV1 } from '../../shared/rating';
import type { RefusalCount, SessionEventV1 } from '../../shared/record-chain';
import type { ServerDatabase } from '../db/schema';
import { countersAllowedAt, type BindingHistory } from './device-bindings';
import { raiseFlag } from './rating-flags';

const DAY_MS = 24 * 60 * 60 * 1000;

type Answer = Omit<BatchResponse, 'serverTime'>;

export interface SessionEventContext {
  device: { id: string; unit_id: string };
  receivedAt: number;
  bindings: BindingHistory;
  graceMs: number;
  /** The roster check of the ingest (unit, counter, staff). */
  check: (ref: { unitId: string; counterId: string; staffId: string | null }) => string | null;
  answer: Answer;
  /** Absent: no cap on their number (bulk loads). */
  integrity?: { maxSessionEventsPerDevicePerDay: number };
}

/** What the batch's one read statement brings of session events (readSessionEvents). */
export interface StoredSessionEvents {
  /** The batch's event ids already stored, with their device and content. */
  stored: Map<string, { device_id: string; content_hash: string }>;
  /** The events the device sent over the last 24 hours, or more (recentSessionEventsAtMost) when that keeps the batch under the cap. */
  recent: number;
}

/** The stored events of these ids, as JSON text for the batch's read statement. */
export function readStoredSessionEvents(ids: readonly string[]): RawBuilder<string> {
  return sql<string>`(SELECT coalesce(json_agg(json_build_array(id, device_id, content_hash)), '[]'::json)::text FROM session_events WHERE id IN (${sql.join([...ids])}))`;
}

/** The device's session events received over the 24 hours before `receivedAt`, for the batch's read statement. */
export function countRecentSessionEvents(deviceId: string, receivedAt: number): RawBuilder<number> {
  return sql<number>`(SELECT count(*)::int FROM session_events WHERE device_id = ${deviceId} AND received_at > ${receivedAt - DAY_MS})`;
}

/** The server's UTC day of a moment (days since 1970): the day a device's session events are counted by on its row. */
export function arrivalDay(at: number): number {
  return Math.floor(at / DAY_MS);
}

/** What a device's row keeps of its session events by day of arrival (migration 0033), kept by writeBatch. */
export interface SessionEventDays {
  session_events_day: number | null;
  session_events_on_day: number;
  session_events_day_before: number;
}

/**
 * At least the device's session events received over the 24 hours before `receivedAt` (each
 * arrived today or yesterday), or null when its row cannot say: its last day is after today (the
 * server's clock went back). A batch that stays under the cap with it needs no count.
 */
export function recentSessionEventsAtMost(days: SessionEventDays, receivedAt: number): number | null {
  const today = arrivalDay(receivedAt);
  const last = days.session_events_day;
  if (last === null || last < today - 1) return 0;
  if (last === today - 1) return days.session_events_on_day;
  if (last === today) return days.session_events_on_day + days.session_events_day_before;
  return null;
}

export function parseStoredSessionEvents(stored: string, recent: number): StoredSessionEvents {
  return {
    stored: new Map((JSON.parse(stored) as [string, string, string][]).map(([id, deviceId, contentHash]) => [id, { device_id: deviceId, content_hash: contentHash }])),
    recent: Number(recent),
  };
}

/**
 * Judges a batch's staff session events (docs/integrity.md "Staff sessions"), each answered in
 * the batch's four lists like a rating: a stored id is a duplicate (same content) or a conflict
 * (never overwritten), another device's id is rejected; a new event must name an officer and a
 * counter of the device's unit, the counter the device was bound to then; and at most
 * `maxSessionEventsPerDevicePerDay` are stored per device over 24 hours: beyond, each is rejected
 * by id (a flood of logins is not a shift). Returns the rows to store (with the batch's other
 * rows, in one statement); the caller answers them accepted once stored.
 */
export function judgeSessionEvents(
  { device, receivedAt, bindings, graceMs, check, answer, integrity }: SessionEventContext,
  events: ReadonlyArray<{ event: SessionEventV1; hash: string; timing: { correctedAt: number } }>,
  { stored, recent }: StoredSessionEvents,
): { rows: ServerDatabase['session_events'][]; events: SessionEventV1[] } {
  const room = integrity ? integrity.maxSessionEventsPerDevicePerDay - recent : Number.POSITIVE_INFINITY;
  const rows: ServerDatabase['session_events'][] = [];
  const kept: SessionEventV1[] = [];
  for (const { event, hash, timing } of events) {
    const known = stored.get(event.id);
    if (known && known.device_id !== device.id) answer.rejected.push({ id: event.id, reason: 'id: belongs to another device' });
    else if (known?.content_hash === hash) answer.duplicates.push(event.id);
    else if (known) answer.conflicts.push(event.id);
    else {
      const allowed = countersAllowedAt(bindings, timing.correctedAt, graceMs);
      const reason =
        check({ unitId: device.unit_id, counterId: event.counterId, staffId: event.staffId }) ??
        (allowed === undefined || allowed.has(event.counterId) ? null : `counterId: ${event.counterId} is not the counter this device was bound to then`) ??
        (room - rows.length <= 0 ? `sessionEvents: more than ${integrity?.maxSessionEventsPerDevicePerDay} session events from this device in 24 hours` : null);
      if (reason) {
        answer.rejected.push({ id: event.id, reason });
        continue;
      }
      kept.push(event);
      rows.push({
        id: event.id,
        device_id: device.id,
        unit_id: device.unit_id,
        seq: event.seq,
        kind: event.kind,
        session_id: event.sessionId,
        staff_id: event.staffId,
        counter_id: event.counterId,
        reason: event.reason,
        created_at: event.createdAt,
        corrected_at: timing.correctedAt,
        received_at: receivedAt,
        content_hash: hash,
      });
    }
  }
  return { rows, events: kept };
}

type SessionEventRow = { session_id: string; kind: string; seq: number; staff_id: string };

/** The device's stored events of these sessions, as JSON text for the batch's read statement. */
export function readSessionsOf(deviceId: string, sessionIds: readonly string[]): RawBuilder<string> {
  return sql<string>`(SELECT coalesce(json_agg(json_build_array(session_id, kind, seq, staff_id)), '[]'::json)::text FROM session_events
     WHERE device_id = ${deviceId} AND session_id IN (${sql.join([...sessionIds])}))`;
}

export function parseSessionsOf(json: string): SessionEventRow[] {
  return (JSON.parse(json) as [string, string, number | string, string][]).map(([sessionId, kind, seq, staffId]) => ({ session_id: sessionId, kind, seq: Number(seq), staff_id: staffId }));
}

/**
 * Flags each chained rating of an officer whose session the server cannot place (`no_session`):
 * no login of that session from this device for that officer before the rating (in the device's
 * seq order, which no clock moves), or a logout before it. One flag per session, growing.
 */
export async function flagRatingsWithoutSession(
  trx: Transaction<ServerDatabase>,
  device: { id: string; unit_id: string },
  ratings: ReadonlyArray<{ rating: RatingV1; timing: { correctedAt: number } }>,
  /** The session events stored from this batch: their sessions need no lookup. */
  batchEvents: readonly SessionEventV1[],
  /** The device's stored events of the ratings' sessions, read before this batch's were stored (readSessionsOf). */
  storedEvents: readonly SessionEventRow[],
  now: number,
): Promise<void> {
  const rated = ratings.filter((r) => r.rating.staffId !== null);
  if (rated.length === 0) return;
  const inBatch = batchEvents.map((e) => ({ session_id: e.sessionId, kind: e.kind, seq: e.seq, staff_id: e.staffId }));
  const loggedInHere = new Set(inBatch.filter((e) => e.kind === 'login').map((e) => e.session_id));
  // A session whose login came in this batch is known whole but for a logout sent earlier, which cannot precede its login.
  const sessionIds = new Set(rated.flatMap((r) => (r.rating.staffSessionId && !loggedInHere.has(r.rating.staffSessionId) ? [r.rating.staffSessionId] : [])));
  const events = [...inBatch, ...storedEvents.filter((e) => sessionIds.has(e.session_id))];
  const sessions = new Map<string, { staffId: string; loginSeq?: number; logoutSeq?: number }>();
  for (const e of events) {
    const session = sessions.get(e.session_id) ?? { staffId: e.staff_id };
    if (e.kind === 'login') session.loginSeq = e.seq;
    else session.logoutSeq = e.seq;
    sessions.set(e.session_id, session);
  }
  const unplaced = new Map<string, { staffId: string; sessionId: string | null; ratings: { id: string; at: number }[] }>();
  for (const { rating, timing } of rated) {
    const session = rating.staffSessionId ? sessions.get(rating.staffSessionId) : undefined;
    const placed =
      session !== undefined &&
      session.staffId === rating.staffId &&
      session.loginSeq !== undefined &&
      session.loginSeq < rating.seq &&
      (session.logoutSeq === undefined || session.logoutSeq > rating.seq);
    if (placed) continue;
    const subject = `session:${rating.staffSessionId ?? `none:${device.id}:${rating.staffId}`}`;
    const group = unplaced.get(subject) ?? { staffId: rating.staffId!, sessionId: rating.staffSessionId, ratings: [] };
    group.ratings.push({ id: rating.id, at: timing.correctedAt });
    unplaced.set(subject, group);
  }
  for (const [subject, group] of unplaced) {
    await raiseFlag(
      trx,
      {
        reason: 'no_session',
        subject,
        unitId: device.unit_id,
        deviceId: device.id,
        staffId: group.staffId,
        staffSessionId: group.sessionId,
        ratings: group.ratings,
        evidence: { ratings: group.ratings.length, sessionKnown: group.sessionId !== null && sessions.has(group.sessionId) },
      },
      now,
    );
  }
}

/** Keeps the per-session cap's refusal counts: running totals, so the larger of the stored and the sent wins. */
export async function storeRefusals(trx: Transaction<ServerDatabase>, deviceId: string, counts: readonly RefusalCount[], now: number): Promise<void> {
  const rows = new Map<string, ServerDatabase['session_refusals']>();
  for (const c of counts) {
    const key = c.staffSessionId ?? `counter:${c.counterId}`;
    const row = rows.get(key);
    if (!row || row.refused < c.refused) rows.set(key, { device_id: deviceId, staff_session_id: key, counter_id: c.counterId, refused: c.refused, updated_at: now });
  }
  await trx
    .insertInto('session_refusals')
    .values([...rows.values()])
    .onConflict((oc) =>
      oc.columns(['device_id', 'staff_session_id']).doUpdateSet({
        refused: sql`greatest(session_refusals.refused, excluded.refused)`,
        updated_at: sql`excluded.updated_at`,
      }),
    )
    .execute();
}
