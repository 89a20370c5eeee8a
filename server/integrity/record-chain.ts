import { sql, type RawBuilder, type Transaction } from 'kysely';
import type { ServerDatabase } from '../db/schema';

/** A chained record just stored, with the link the server computed from its content. */
export interface NewLink {
  seq: number;
  prevHash: string;
  hash: string;
}

export type Segment = { first_seq: number; last_seq: number; first_prev_hash: string; last_hash: string };
export type NewSegment = Segment & { records: number };

/** The stored segments and breaks around a range of seqs, read before the batch's segments are written (readChainAround). */
export interface StoredChain {
  segments: Segment[];
  breaks: { after_seq: number; before_seq: number }[];
}

/**
 * The record chain at ingest (docs/integrity.md "The record chain"). The batch's records are cut,
 * in memory, into segments — runs of consecutive seqs each carrying the link of the one before —
 * and one row per segment is stored. Between two neighbouring stored segments (and between the
 * segments of the batch), a gap in seq is `missing` (the seqs between never arrived), consecutive
 * seqs whose later record does not carry the earlier one's link are `altered` (the earlier record
 * was changed, or replaced, after the later one was made), and overlapping seqs (a record stored
 * twice under one seq) are `altered` too. Only the stretch from the stored segment before the
 * batch's records to the one after them is judged, so a batch costs the same however long the
 * chain. Records that arrive late (a rating passed over while open for details) close the gap
 * they left. Runs with the device's row locked, so two batches of one device judge the chain one
 * after the other.
 *
 * The stretch is read before the batch's segments are written (readChainAround, in the batch's
 * one read statement, for the range of every record that may be stored), and the segments are
 * written with the batch's other rows in one statement: the chain costs no round trip of its own.
 */
export function segmentsOf(links: readonly NewLink[]): NewSegment[] {
  const sorted = [...links].sort((a, b) => a.seq - b.seq);
  const segments: NewSegment[] = [];
  for (const link of sorted) {
    const last = segments[segments.length - 1];
    if (last && link.seq === last.last_seq + 1 && link.prevHash === last.last_hash) {
      last.last_seq = link.seq;
      last.last_hash = link.hash;
      last.records += 1;
    } else segments.push({ first_seq: link.seq, last_seq: link.seq, first_prev_hash: link.prevHash, last_hash: link.hash, records: 1 });
  }
  return segments;
}

/**
 * The stored segments and breaks that judging the records of seqs `lo`..`hi` needs, as one JSON
 * text each: the segments from the last stored one starting before `lo` to the first starting
 * after `hi`, and the breaks within. Read for a range at least as wide as the records actually
 * stored; judgeChain narrows it.
 */
export function readChainAround(deviceId: string, lo: number, hi: number): { segments: RawBuilder<string>; breaks: RawBuilder<string> } {
  return {
    segments: sql<string>`(SELECT coalesce(json_agg(json_build_array(first_seq, last_seq, first_prev_hash, last_hash) ORDER BY first_seq), '[]'::json)::text FROM chain_segments
       WHERE device_id = ${deviceId}
         AND first_seq >= coalesce((SELECT max(first_seq) FROM chain_segments WHERE device_id = ${deviceId} AND first_seq < ${lo}), ${lo})
         AND first_seq <= coalesce((SELECT min(first_seq) FROM chain_segments WHERE device_id = ${deviceId} AND first_seq > ${hi}), ${hi}))`,
    breaks: sql<string>`(SELECT coalesce(json_agg(json_build_array(after_seq, before_seq)), '[]'::json)::text FROM chain_breaks
       WHERE device_id = ${deviceId} AND before_seq >= ${lo} AND after_seq <= ${hi})`,
  };
}

/** The chain read by readChainAround. */
export function parseStoredChain(segments: string, breaks: string): StoredChain {
  return {
    segments: (JSON.parse(segments) as [number | string, number | string, string, string][]).map(([first, last, firstPrev, lastHash]) => ({
      first_seq: Number(first),
      last_seq: Number(last),
      first_prev_hash: firstPrev,
      last_hash: lastHash,
    })),
    breaks: (JSON.parse(breaks) as [number | string, number | string][]).map(([after, before]) => ({ after_seq: Number(after), before_seq: Number(before) })),
  };
}

/**
 * The batch's segments that storing them will insert: a segment starting at a seq already stored
 * keeps the first (the overlap shows as a break), and so does one starting where an earlier
 * segment of the batch starts. `stored` must cover the range of the segments.
 */
export function segmentsToInsert(segments: readonly NewSegment[], stored: StoredChain): NewSegment[] {
  const taken = new Set(stored.segments.map((s) => s.first_seq));
  return segments.filter((s) => !taken.has(s.first_seq) && (taken.add(s.first_seq), true));
}

/**
 * Judges the stretch around the links just stored, once their segments (`inserted`, as
 * segmentsToInsert chose them) are written: the breaks in it are replaced by those found now.
 */
export async function judgeChain(
  trx: Transaction<ServerDatabase>,
  deviceId: string,
  links: readonly NewLink[],
  stored: StoredChain,
  inserted: readonly NewSegment[],
  receivedAt: number,
): Promise<void> {
  if (links.length === 0) return;
  let lo = links[0]!.seq;
  let hi = lo;
  for (const link of links) {
    lo = Math.min(lo, link.seq);
    hi = Math.max(hi, link.seq);
  }
  // The stretch as reading it after the insert would give: from the last stored segment starting
  // before lo (or lo) to the first starting after hi (or hi), with the new segments.
  let from: number | null = null;
  let to: number | null = null;
  for (const s of stored.segments) {
    if (s.first_seq < lo && (from === null || s.first_seq > from)) from = s.first_seq;
    if (s.first_seq > hi && (to === null || s.first_seq < to)) to = s.first_seq;
  }
  from ??= lo;
  to ??= hi;
  const segments: Segment[] = [...stored.segments.filter((s) => s.first_seq >= from && s.first_seq <= to), ...inserted].sort((a, b) => a.first_seq - b.first_seq);
  const first = segments[0]!.first_seq;
  const last = segments[segments.length - 1]!.last_seq;
  if (stored.breaks.some((b) => b.before_seq >= lo && b.after_seq <= hi)) {
    await trx.deleteFrom('chain_breaks').where('device_id', '=', deviceId).where('after_seq', '>=', first).where('after_seq', '<', last).execute();
  }
  const breaks: ServerDatabase['chain_breaks'][] = [];
  for (let i = 1; i < segments.length; i += 1) {
    const before = segments[i - 1]!;
    const after = segments[i]!;
    if (after.first_seq > before.last_seq + 1) {
      if (!(await unchainedBetween(trx, deviceId, before.last_seq, after.first_seq))) {
        breaks.push({ device_id: deviceId, after_seq: before.last_seq, before_seq: after.first_seq, kind: 'missing', detected_at: receivedAt });
      }
    } else if (after.first_seq <= before.last_seq || after.first_prev_hash !== before.last_hash) {
      breaks.push({ device_id: deviceId, after_seq: Math.min(before.last_seq, after.first_seq - 1), before_seq: after.first_seq, kind: 'altered', detected_at: receivedAt });
    }
  }
  if (breaks.length > 0) await trx.insertInto('chain_breaks').values(breaks).onConflict((oc) => oc.columns(['device_id', 'after_seq']).doNothing()).execute();
}

/**
 * Whether every seq strictly between two links is a rating of the device stored unchained: sent
 * before the kiosk knew its server took chains (it learns that from the config answer). Those
 * records arrived; there is nothing missing between the links.
 */
async function unchainedBetween(trx: Transaction<ServerDatabase>, deviceId: string, afterSeq: number, beforeSeq: number): Promise<boolean> {
  const { n } = await trx
    .selectFrom('ratings')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('device_id', '=', deviceId)
    .where('seq', '>', afterSeq)
    .where('seq', '<', beforeSeq)
    .executeTakeFirstOrThrow();
  return n === beforeSeq - afterSeq - 1;
}
