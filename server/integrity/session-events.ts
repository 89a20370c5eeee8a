import { sql, type Transaction } from 'kysely';
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

/**
 * Stores a batch's staff session events (docs/integrity.md "Staff sessions"), each answered in
 * the batch's four lists like a rating: a stored id is a duplicate (same content) or a conflict
 * (never overwritten), another device's id is rejected; a new event must name an officer and a
 * counter of the device's unit, the counter the device was bound to then; and at most
 * `maxSessionEventsPerDevicePerDay` are stored per device over 24 hours: beyond, each is rejected
 * by id (a flood of logins is not a shift). Returns the events stored now.
 */
export async function storeSessionEvents(
  trx: Transaction<ServerDatabase>,
  { device, receivedAt, bindings, graceMs, check, answer, integrity }: SessionEventContext,
  events: ReadonlyArray<{ event: SessionEventV1; hash: string; timing: { correctedAt: number } }>,
): Promise<SessionEventV1[]> {
  // One round trip: the ids already stored, and how many events the device sent over 24 hours.
  const rows_ = (
    await sql<{ id: string | null; device_id: string | null; content_hash: string | null; recent: number | null }>`
      SELECT id, device_id, content_hash, NULL::int AS recent FROM session_events WHERE id IN (${sql.join(events.map((e) => e.event.id))})
      UNION ALL
      SELECT NULL, NULL, NULL, count(*)::int FROM session_events WHERE device_id = ${device.id} AND received_at > ${receivedAt - DAY_MS}`.execute(trx)
  ).rows;
  const stored = new Map(rows_.flatMap((row) => (row.id === null ? [] : [[row.id, { device_id: row.device_id!, content_hash: row.content_hash! }] as const])));
  const recent = rows_.find((row) => row.id === null)?.recent ?? 0;
  const room = integrity ? integrity.maxSessionEventsPerDevicePerDay - recent : Number.POSITIVE_INFINITY;
  const rows: ServerDatabase['session_events'][] = [];
  let spent = 0;
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
        (room - spent <= 0 ? `sessionEvents: more than ${integrity?.maxSessionEventsPerDevicePerDay} session events from this device in 24 hours` : null);
      if (reason) {
        answer.rejected.push({ id: event.id, reason });
        continue;
      }
      spent += 1;
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
  if (rows.length === 0) return [];
  const inserted = new Set(
    (await trx.insertInto('session_events').values(rows).onConflict((oc) => oc.column('id').doNothing()).returning('id').execute()).map((r) => r.id),
  );
  // An id inserted meanwhile by a concurrent batch of the same content: answered as a duplicate.
  for (const row of rows) (inserted.has(row.id) ? answer.accepted : answer.duplicates).push(row.id);
  return events.map((e) => e.event).filter((event) => inserted.has(event.id));
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
  now: number,
): Promise<void> {
  const rated = ratings.filter((r) => r.rating.staffId !== null);
  if (rated.length === 0) return;
  const inBatch = batchEvents.map((e) => ({ session_id: e.sessionId, kind: e.kind, seq: e.seq, staff_id: e.staffId }));
  const loggedInHere = new Set(inBatch.filter((e) => e.kind === 'login').map((e) => e.session_id));
  // A session whose login came in this batch is known whole but for a logout sent earlier, which cannot precede its login.
  const sessionIds = [...new Set(rated.flatMap((r) => (r.rating.staffSessionId && !loggedInHere.has(r.rating.staffSessionId) ? [r.rating.staffSessionId] : [])))];
  const events = [
    ...inBatch,
    ...(sessionIds.length === 0
      ? []
      : await trx
          .selectFrom('session_events')
          .select(['session_id', 'kind', 'seq', 'staff_id'])
          .where('device_id', '=', device.id)
          .where('session_id', 'in', sessionIds)
          .execute()),
  ];
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
