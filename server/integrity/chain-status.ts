import { sql } from 'kysely';
import type { ChainBreakView, DeviceChainView } from '../../shared/console/record-chain';
import { CHAIN_GENESIS } from '../../shared/rating';
import type { ServerDb } from '../db/connect';

/** Breaks listed per device; a device with more says how many in `breaks.length` of the first ones. */
const BREAKS_SHOWN = 50;

/**
 * Each device's record chain as the console shows it (docs/integrity.md "The record chain"),
 * for the devices of `unitIds` (null: every unit): read from the breaks kept at ingest and one
 * aggregate over the links, never by walking a chain.
 */
export async function deviceChains(db: ServerDb, unitIds: ReadonlySet<string> | null): Promise<DeviceChainView[]> {
  if (unitIds !== null && unitIds.size === 0) return [];
  let devicesQuery = db.selectFrom('devices').select(['id', 'name', 'unit_id', 'counter_id', 'revoked_at']).orderBy('name').orderBy('id');
  if (unitIds !== null) devicesQuery = devicesQuery.where('unit_id', 'in', [...unitIds]);
  const devices = await devicesQuery.execute();
  if (devices.length === 0) return [];
  const ids = devices.map((d) => d.id);
  const [spans, firsts, breaks, refusals] = await Promise.all([
    db
      .selectFrom('chain_segments')
      .select(['device_id', sql<number>`min(first_seq)`.as('first'), sql<number>`max(last_seq)`.as('last'), sql<number>`sum(records)::int`.as('n')])
      .where('device_id', 'in', ids)
      .groupBy('device_id')
      .execute(),
    db
      .selectFrom('chain_segments as l')
      .select(['l.device_id', 'l.first_seq as seq', 'l.first_prev_hash as prev_hash'])
      .where('l.device_id', 'in', ids)
      .where('l.first_seq', '=', (eb) => eb.selectFrom('chain_segments as m').select((m) => m.fn.min('m.first_seq').as('s')).whereRef('m.device_id', '=', 'l.device_id'))
      .execute(),
    db.selectFrom('chain_breaks').selectAll().where('device_id', 'in', ids).orderBy('device_id').orderBy('after_seq').execute(),
    db.selectFrom('session_refusals').select(['device_id', sql<number>`sum(refused)::int`.as('n')]).where('device_id', 'in', ids).groupBy('device_id').execute(),
  ]);
  const span = new Map(spans.map((s) => [s.device_id, s]));
  const first = new Map(firsts.map((f) => [f.device_id, f]));
  const refused = new Map(refusals.map((r) => [r.device_id, Number(r.n)]));
  const breaksOf = new Map<string, ChainBreakView[]>();
  for (const b of breaks) {
    const list = breaksOf.get(b.device_id) ?? [];
    if (list.length < BREAKS_SHOWN) {
      const missing = b.kind === 'missing';
      list.push({ afterSeq: b.after_seq, beforeSeq: b.before_seq, kind: b.kind, missingFrom: missing ? b.after_seq + 1 : null, missingTo: missing ? b.before_seq - 1 : null, detectedAt: b.detected_at });
    }
    breaksOf.set(b.device_id, list);
  }
  // A chain that does not start fresh continues the chain whose last link it names (a kiosk that kept its database but was enrolled anew).
  const continued = [...first.values()].filter((f) => f.prev_hash !== CHAIN_GENESIS).map((f) => f.prev_hash);
  const predecessors = new Map(
    (continued.length === 0
      ? []
      : await db
          .selectFrom('chain_segments as l')
          .leftJoin('devices as d', 'd.id', 'l.device_id')
          .select(['l.last_hash as hash', 'l.device_id', 'l.last_seq as seq', 'd.name'])
          .where('l.last_hash', 'in', continued)
          .execute()
    ).map((row) => [row.hash, row]),
  );
  // A chain that names a link the server never received right after ratings of the same device sent
  // unchained: a kiosk that chained before it knew its server took chains (its first records went
  // unchained, to a server of revision 2 or before its config said 3).
  const unknownStarts = [...first.values()].filter((f) => f.prev_hash !== CHAIN_GENESIS && !predecessors.has(f.prev_hash));
  const afterUnchained = new Set(
    unknownStarts.length === 0
      ? []
      : (
          await db
            .selectFrom('ratings')
            .select('device_id')
            .where((eb) => eb.or(unknownStarts.map((f) => eb.and([eb('device_id', '=', f.device_id), eb('seq', '=', f.seq - 1)]))))
            .execute()
        ).map((row) => row.device_id),
  );
  return devices.map((device) => {
    const s = span.get(device.id);
    const f = first.get(device.id);
    const deviceBreaks = breaksOf.get(device.id) ?? [];
    let start: DeviceChainView['start'] = null;
    if (f) {
      const predecessor = f.prev_hash === CHAIN_GENESIS ? undefined : predecessors.get(f.prev_hash);
      start =
        f.prev_hash === CHAIN_GENESIS
          ? { kind: 'fresh' }
          : predecessor && predecessor.device_id !== device.id
            ? { kind: 'continues', deviceId: predecessor.device_id, deviceName: predecessor.name ?? null, seq: predecessor.seq }
            : afterUnchained.has(device.id)
              ? { kind: 'after_unchained', seq: f.seq - 1 }
              : { kind: 'unlinked' };
    }
    return {
      deviceId: device.id,
      name: device.name,
      unitId: device.unit_id,
      counterId: device.counter_id,
      retired: device.revoked_at !== null,
      // A chain that names a previous link the server never received has lost what came before.
      state: !s ? 'unchained' : deviceBreaks.length > 0 || start?.kind === 'unlinked' ? 'broken' : 'complete',
      firstSeq: s ? Number(s.first) : null,
      lastSeq: s ? Number(s.last) : null,
      records: s ? Number(s.n) : 0,
      start,
      breaks: deviceBreaks,
      refusedAttempts: refused.get(device.id) ?? 0,
    };
  });
}
