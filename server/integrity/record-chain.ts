import { sql, type Transaction } from 'kysely';
import type { ServerDatabase } from '../db/schema';

/** A chained record just stored, with the link the server computed from its content. */
export interface NewLink {
  seq: number;
  kind: 'rating' | 'session';
  recordId: string;
  prevHash: string;
  hash: string;
}

/**
 * Stores the links of a device's records just stored and re-judges the chain around them
 * (docs/integrity.md "The record chain"): between each two neighbouring stored records, a gap in
 * seq is `missing` (the seqs between them never arrived), and consecutive seqs whose later record
 * does not carry the earlier one's link are `altered` (the earlier record was changed, or replaced,
 * after the later one was made). Only the stretch from the stored record before the new ones to
 * the one after them is read, so a batch costs the same however long the chain. Records that
 * arrive late (a rating passed over while open for details) close the gap they left. Runs with
 * the device's row locked, so two batches of one device judge the chain one after the other.
 */
export async function storeLinks(trx: Transaction<ServerDatabase>, deviceId: string, links: NewLink[], receivedAt: number): Promise<void> {
  if (links.length === 0) return;
  await trx
    .insertInto('chain_links')
    .values(links.map((l) => ({ device_id: deviceId, seq: l.seq, kind: l.kind, record_id: l.recordId, prev_hash: l.prevHash, hash: l.hash, received_at: receivedAt })))
    // A seq already linked keeps its first record: another record under it shows as a break.
    .onConflict((oc) => oc.columns(['device_id', 'seq']).doNothing())
    .execute();
  const lo = Math.min(...links.map((l) => l.seq));
  const hi = Math.max(...links.map((l) => l.seq));
  const stretch = await trx
    .selectFrom('chain_links')
    .select(['seq', 'prev_hash', 'hash'])
    .where('device_id', '=', deviceId)
    .where('seq', '>=', sql<number>`coalesce((SELECT max(seq) FROM chain_links WHERE device_id = ${deviceId} AND seq < ${lo}), ${lo})`)
    .where('seq', '<=', sql<number>`coalesce((SELECT min(seq) FROM chain_links WHERE device_id = ${deviceId} AND seq > ${hi}), ${hi})`)
    .orderBy('seq')
    .execute();
  const first = stretch[0]!.seq;
  const last = stretch[stretch.length - 1]!.seq;
  await trx.deleteFrom('chain_breaks').where('device_id', '=', deviceId).where('after_seq', '>=', first).where('after_seq', '<', last).execute();
  const breaks: ServerDatabase['chain_breaks'][] = [];
  for (let i = 1; i < stretch.length; i += 1) {
    const before = stretch[i - 1]!;
    const after = stretch[i]!;
    if (after.seq !== before.seq + 1) {
      if (!(await unchainedBetween(trx, deviceId, before.seq, after.seq))) breaks.push({ device_id: deviceId, after_seq: before.seq, before_seq: after.seq, kind: 'missing', detected_at: receivedAt });
    } else if (after.prev_hash !== before.hash) breaks.push({ device_id: deviceId, after_seq: before.seq, before_seq: after.seq, kind: 'altered', detected_at: receivedAt });
  }
  if (breaks.length > 0) await trx.insertInto('chain_breaks').values(breaks).execute();
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
