import type { Kysely } from 'kysely';
import type { ServerDatabase } from '../db/schema';

/**
 * Which counter a device is bound to, over time (migration 0022, docs/integrity.md "Device
 * binding"): enrolment binds it to its code's counter (or to its unit only), a move in the console
 * or the counter a unit-bound kiosk reports binds it anew from that moment. A rating is judged by
 * the binding in force at its corrected time.
 */
export async function recordBinding(db: Kysely<ServerDatabase>, deviceId: string, counterId: string | null, at: number): Promise<void> {
  // The revision tells every process's ingest to read the bindings again (bindingHistory); this one forgets them at once.
  remembered.delete(deviceId);
  await db.updateTable('devices').set((eb) => ({ binding_revision: eb('binding_revision', '+', 1) })).where('id', '=', deviceId).execute();
  await db
    .insertInto('device_bindings')
    .values({ device_id: deviceId, bound_at: at, counter_id: counterId })
    .onConflict((oc) => oc.columns(['device_id', 'bound_at']).doUpdateSet({ counter_id: counterId }))
    .execute();
}

/** A device's bindings, oldest first. */
export type BindingHistory = ReadonlyArray<{ boundAt: number; counterId: string | null }>;

/** Histories read lately, with the device's binding revision then. */
const remembered = new Map<string, { revision: number; history: BindingHistory }>();
const REMEMBERED_MAX = 10_000;

/**
 * A device's bindings, oldest first, given its binding revision as read with its row lock: the
 * history read before when the revision has not moved since (a binding changes when IT staff move
 * a kiosk, a few times a year), else read now. Every process sees a move at once.
 */
export async function bindingHistory(db: Kysely<ServerDatabase>, deviceId: string, revision: number): Promise<BindingHistory> {
  const known = remembered.get(deviceId);
  if (known && known.revision === revision) return known.history;
  const rows = await db.selectFrom('device_bindings').select(['bound_at', 'counter_id']).where('device_id', '=', deviceId).orderBy('bound_at').execute();
  const history = rows.map((row) => ({ boundAt: row.bound_at, counterId: row.counter_id }));
  if (remembered.size >= REMEMBERED_MAX) remembered.clear();
  remembered.set(deviceId, { revision, history });
  return history;
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
