import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { ServerDatabase } from '../db/schema';

/**
 * Which counter a device is bound to, over time (migration 0022, docs/integrity.md "Device
 * binding"): enrolment binds it to its code's counter (or to its unit only), a move in the console
 * or the counter a unit-bound kiosk reports binds it anew from that moment. A rating is judged by
 * the binding in force at its corrected time.
 */
export async function recordBinding(db: Kysely<ServerDatabase>, deviceId: string, counterId: string | null, at: number): Promise<void> {
  await db
    .insertInto('device_bindings')
    .values({ device_id: deviceId, bound_at: at, counter_id: counterId })
    .onConflict((oc) => oc.columns(['device_id', 'bound_at']).doUpdateSet({ counter_id: counterId }))
    .execute();
}

/** A device's bindings, oldest first. */
export type BindingHistory = ReadonlyArray<{ boundAt: number; counterId: string | null }>;

/**
 * A device's bindings, oldest first, as one JSON text (read in the statement that locks the
 * device's row at ingest, so a batch costs no round trip for them and always sees the latest move).
 */
export function bindingHistoryJson(deviceId: string): RawBuilder<string> {
  return sql<string>`(SELECT coalesce(json_agg(json_build_array(bound_at, counter_id) ORDER BY bound_at), '[]'::json)::text FROM device_bindings WHERE device_id = ${deviceId})`;
}

/** The history read by bindingHistoryJson. */
export function parseBindingHistory(json: string): BindingHistory {
  return (JSON.parse(json) as [number | string, string | null][]).map(([boundAt, counterId]) => ({ boundAt: Number(boundAt), counterId }));
}

/**
 * The counters a rating made at `at` may be for: the binding in force then (the first one for a
 * time before it), and, within `graceMs` after a move, the counter it was moved from — the kiosk
 * learns of a move at its next config pull. `undefined`: any counter of the unit (bound to the unit
 * only, or a device with no recorded binding).
 */
export function countersAllowedAt(history: BindingHistory, at: number, graceMs: number): ReadonlySet<string> | undefined {
  if (history.length === 0) return undefined;
  let index = 0;
  for (let i = 0; i < history.length; i += 1) if (history[i]!.boundAt <= at) index = i;
  const current = history[index]!.counterId;
  if (current === null) return undefined;
  const allowed = new Set([current]);
  const previous = index > 0 ? history[index - 1]! : null;
  if (previous && at - history[index]!.boundAt <= graceMs) {
    if (previous.counterId === null) return undefined;
    allowed.add(previous.counterId);
  }
  return allowed;
}
