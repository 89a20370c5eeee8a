import { sql, type Transaction } from 'kysely';
import type { ServerDatabase } from '../db/schema';

/** A chained record just stored, with the link the server computed from its content. */
export interface NewLink {
  seq: number;
  prevHash: string;
  hash: string;
}

type Segment = { first_seq: number; last_seq: number; first_prev_hash: string; last_hash: string };

/**
 * Stores the links of a device's records just stored and re-judges the chain around them
 * (docs/integrity.md "The record chain"). The batch's records are cut, in memory, into segments —
 * runs of consecutive seqs each carrying the link of the one before — and one row per segment is
 * stored. Between two neighbouring stored segments (and between the segments of the batch), a gap
 * in seq is `missing` (the seqs between never arrived), consecutive seqs whose later record does not
 * carry the earlier one's link are `altered` (the earlier record was changed, or replaced, after
 * the later one was made), and overlapping seqs (a record stored twice under one seq) are
 * `altered` too. Only the stretch from the stored segment before the batch's records to the one
 * after them is read, so a batch costs the same however long the chain. Records that arrive late (a
 * rating passed over while open for details) close the gap they left. Runs with the device's row
 * locked, so two batches of one device judge the chain one after the other.
 */
export async function storeLinks(trx: Transaction<ServerDatabase>, deviceId: string, links: NewLink[], receivedAt: number): Promise<void> {
  if (links.length === 0) return;
  const sorted = [...links].sort((a, b) => a.seq - b.seq);
  const segments: (Segment & { records: number })[] = [];
  for (const link of sorted) {
    const last = segments[segments.length - 1];
    if (last && link.seq === last.last_seq + 1 && link.prevHash === last.last_hash) {
      last.last_seq = link.seq;
      last.last_hash = link.hash;
      last.records += 1;
    } else segments.push({ first_seq: link.seq, last_seq: link.seq, first_prev_hash: link.prevHash, last_hash: link.hash, records: 1 });
  }
  await trx
    .insertInto('chain_segments')
    .values(segments.map((s) => ({ device_id: deviceId, ...s, received_at: receivedAt })))
    // A segment starting at a seq already stored keeps the first: the overlap shows as a break.
    .onConflict((oc) => oc.columns(['device_id', 'first_seq']).doNothing())
    .execute();
  const lo = sorted[0]!.seq;
  const hi = sorted[sorted.length - 1]!.seq;
  // One round trip: the stored segments of the stretch, and whether any break lies in it.
  const stretch = (await sql<Segment & { is_break: boolean }>`
    SELECT first_seq, last_seq, first_prev_hash, last_hash, false AS is_break FROM chain_segments
     WHERE device_id = ${deviceId}
       AND first_seq >= coalesce((SELECT max(first_seq) FROM chain_segments WHERE device_id = ${deviceId} AND first_seq < ${lo}), ${lo})
       AND first_seq <= coalesce((SELECT min(first_seq) FROM chain_segments WHERE device_id = ${deviceId} AND first_seq > ${hi}), ${hi})
    UNION ALL
    SELECT after_seq, before_seq, '', '', true FROM chain_breaks
     WHERE device_id = ${deviceId} AND before_seq >= ${lo} AND after_seq <= ${hi}
    ORDER BY 1`.execute(trx)).rows;
  const stored = stretch.filter((row) => !row.is_break);
  const first = stored[0]!.first_seq;
  const last = stored[stored.length - 1]!.last_seq;
  if (stretch.some((row) => row.is_break)) {
    await trx.deleteFrom('chain_breaks').where('device_id', '=', deviceId).where('after_seq', '>=', first).where('after_seq', '<', last).execute();
  }
  const breaks: ServerDatabase['chain_breaks'][] = [];
  for (let i = 1; i < stored.length; i += 1) {
    const before = stored[i - 1]!;
    const after = stored[i]!;
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
