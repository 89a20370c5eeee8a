/**
 * The integrity checks' round trips at ingest (docs/integrity.md "Ingest rate with the checks"):
 * PGlite's cost is per statement, so what the checks read is read in one statement and what they
 * write is written in one statement. readBatch runs once the device's row is locked (a batch of
 * the same device waits for this one, so what it reads stays true until the commit); writeBatch
 * writes the session events, the chain segments, the day's volume, the device's chain start and
 * the rollups of the batch's new ratings together (data-modifying CTEs) and answers what each
 * inserted: a checked batch costs one statement more than an unchecked one, its reads.
 */
import { CompiledQuery, sql, type RawBuilder, type Transaction } from 'kysely';
import type { ServerDatabase } from '../db/schema';
import { rollupsOnIngest, type RollupSource } from '../reports/rollups';
import type { NewSegment } from './record-chain';

/** Runs the given scalar subqueries as one statement; answers their values by name. */
export async function readBatch<T extends Record<string, RawBuilder<unknown>>>(
  trx: Transaction<ServerDatabase>,
  parts: T,
): Promise<{ [K in keyof T]: T[K] extends RawBuilder<infer V> ? V : never }> {
  const entries = Object.entries(parts);
  if (entries.length === 0) return {} as { [K in keyof T]: T[K] extends RawBuilder<infer V> ? V : never };
  const row = (await sql<Record<string, unknown>>`SELECT ${sql.join(entries.map(([name, query]) => sql`${query} AS ${sql.ref(name)}`))}`.execute(trx)).rows[0]!;
  return row as { [K in keyof T]: T[K] extends RawBuilder<infer V> ? V : never };
}

export interface BatchWrites {
  deviceId: string;
  receivedAt: number;
  /** New session events (judged new, within the cap). */
  events: readonly ServerDatabase['session_events'][];
  /** New chain segments (segmentsToInsert). */
  segments: readonly NewSegment[];
  /** The device's new ratings per Vietnam day, added to its day volumes. */
  volumes: ReadonlyArray<{ day: number; ratings: number }>;
  /**
   * The device's conflicts not kept, its chain's new first seq, the new segment that starts last
   * (the device's chain tail when it starts after the stored one), and the session events stored
   * on this day of arrival (its row's counts by day, migration 0033).
   */
  device: { conflictsNotKept: number; chainFromSeq: number | null; tail: NewSegment | null; sessionEvents: { day: number; added: number } | null } | null;
  /** The batch's new counted ratings, added to the day and month rollups (server/reports/rollups.ts). */
  rollups: readonly RollupSource[];
}

export interface BatchWritten {
  /** The ids of the session events inserted. */
  events: Set<string>;
  /** How many segments were inserted. */
  segments: number;
  /** The device's ratings of each day, after the addition. */
  volumes: Map<number, number>;
}

/** Writes the batch's integrity rows and rollups in one statement (nothing when there is nothing to write). */
export async function writeBatch(trx: Transaction<ServerDatabase>, w: BatchWrites): Promise<BatchWritten> {
  const ctes: RawBuilder<unknown>[] = [];
  const answers: RawBuilder<unknown>[] = [];
  if (w.events.length > 0) {
    const rows = w.events.map(
      (e) =>
        sql`(${e.id}, ${e.device_id}, ${e.unit_id}, ${e.seq}, ${e.kind}, ${e.session_id}, ${e.staff_id}, ${e.counter_id}, ${e.reason}, ${e.created_at}, ${e.corrected_at}, ${e.received_at}, ${e.content_hash})`,
    );
    ctes.push(sql`new_events AS (
      INSERT INTO session_events (id, device_id, unit_id, seq, kind, session_id, staff_id, counter_id, reason, created_at, corrected_at, received_at, content_hash)
      VALUES ${sql.join(rows)} ON CONFLICT (id) DO NOTHING RETURNING id)`);
    answers.push(sql`SELECT 'event'::text AS kind, id AS key, NULL::bigint AS n FROM new_events`);
  }
  if (w.segments.length > 0) {
    const rows = w.segments.map((s) => sql`(${w.deviceId}, ${s.first_seq}, ${s.last_seq}, ${s.first_prev_hash}, ${s.last_hash}, ${s.records}, ${w.receivedAt})`);
    // A segment starting at a seq already stored keeps the first: the overlap shows as a break.
    ctes.push(sql`new_segments AS (
      INSERT INTO chain_segments (device_id, first_seq, last_seq, first_prev_hash, last_hash, records, received_at)
      VALUES ${sql.join(rows)} ON CONFLICT (device_id, first_seq) DO NOTHING RETURNING first_seq)`);
    answers.push(sql`SELECT 'segment'::text AS kind, NULL::text AS key, first_seq::bigint AS n FROM new_segments`);
  }
  if (w.volumes.length > 0) {
    const rows = w.volumes.map((v) => sql`(${w.deviceId}, ${v.day}, ${v.ratings})`);
    ctes.push(sql`volumes AS (
      INSERT INTO device_day_volumes (device_id, day, ratings) VALUES ${sql.join(rows)}
      ON CONFLICT (device_id, day) DO UPDATE SET ratings = device_day_volumes.ratings + excluded.ratings RETURNING day, ratings)`);
    answers.push(sql`SELECT 'volume'::text AS kind, day::text AS key, ratings::bigint AS n FROM volumes`);
  }
  if (w.device) {
    const { tail } = w.device;
    const chainFrom = w.device.chainFromSeq === null ? sql`` : sql`, chain_from_seq = ${w.device.chainFromSeq}`;
    // The tail moves only forward, whatever the caller knew of it (migration 0030).
    const later = tail === null ? null : sql`(chain_tail_first_seq IS NULL OR chain_tail_first_seq < ${tail.first_seq})`;
    const chainTail =
      tail === null || later === null
        ? sql``
        : sql`, chain_tail_first_seq = CASE WHEN ${later} THEN ${tail.first_seq} ELSE chain_tail_first_seq END,
              chain_tail_last_seq = CASE WHEN ${later} THEN ${tail.last_seq} ELSE chain_tail_last_seq END,
              chain_tail_hash = CASE WHEN ${later} THEN ${tail.last_hash} ELSE chain_tail_hash END`;
    const { sessionEvents } = w.device;
    // A later day starts the counts again, the last one becoming the day before; an earlier day
    // (the server's clock went back) adds to the last: its counts stay an upper bound.
    const eventDays =
      sessionEvents === null
        ? sql``
        : sql`, session_events_day_before = CASE WHEN session_events_day >= ${sessionEvents.day} THEN session_events_day_before
                  WHEN session_events_day = ${sessionEvents.day - 1} THEN session_events_on_day ELSE 0 END,
              session_events_on_day = CASE WHEN session_events_day >= ${sessionEvents.day} THEN session_events_on_day + ${sessionEvents.added} ELSE ${sessionEvents.added} END,
              session_events_day = greatest(session_events_day, ${sessionEvents.day})`;
    ctes.push(sql`device AS (
      UPDATE devices SET conflicts_not_kept = conflicts_not_kept + ${w.device.conflictsNotKept}${chainFrom}${chainTail}${eventDays} WHERE id = ${w.deviceId} RETURNING id)`);
    answers.push(sql`SELECT 'device'::text AS kind, id AS key, NULL::bigint AS n FROM device`);
  }
  const written: BatchWritten = { events: new Set(), segments: 0, volumes: new Map() };
  // The checks' CTEs come first, as Kysely numbers their parameters; the rollups' text follows, numbered after them.
  const checks = ctes.length === 0 ? null : sql`${sql.join(ctes)}`.compile(trx);
  const rollups = rollupsOnIngest(w.rollups, (checks?.parameters.length ?? 0) + 1);
  if (checks === null && rollups === null) return written;
  const text = [checks?.sql, rollups?.ctes].filter((part) => part !== undefined).join(', ');
  const selected = answers.length === 0 ? null : sql`${sql.join(answers, sql` UNION ALL `)}`.compile(trx);
  // Compiled apart, its parameters would be numbered from $1 again: it has none.
  if (selected && selected.parameters.length > 0) throw new Error('the answers of writeBatch take no parameters');
  const select = selected?.sql ?? 'SELECT NULL::text AS kind, NULL::text AS key, NULL::bigint AS n WHERE false';
  const { rows } = await trx.executeQuery<{ kind: string; key: string | null; n: number | string | null }>(
    CompiledQuery.raw(`WITH ${text} ${select}`, [...(checks?.parameters ?? []), ...(rollups?.parameters ?? [])]),
  );
  for (const row of rows) {
    if (row.kind === 'event') written.events.add(row.key!);
    else if (row.kind === 'segment') written.segments += 1;
    else if (row.kind === 'volume') written.volumes.set(Number(row.key), Number(row.n));
  }
  return written;
}
