import { recordBinding } from '../../integrity/device-bindings';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { KIOSK_STATUSES, MoveKioskSchema, SendCommandSchema, type FleetOverview, type KioskDetail, type KioskStatus } from '../../../shared/console/fleet';
import { RecordId } from '../../../shared/schema-helpers';
import type { ServerDb } from '../../db/connect';
import { evaluateAlerts, listAlerts } from '../../fleet/alerts';
import { listCommands, queueCommands } from '../../fleet/commands';
import { fleetKiosks } from '../../fleet/fleet-view';
import { listHeartbeats } from '../../fleet/heartbeats';
import { listPairings } from '../../fleet/pairing';
import { effectiveSettings, settingsLayersFor } from '../../kiosk-config';
import { writeAudit } from '../audit';
import { ConsoleError } from '../errors';
import { clientAddress, parseInput, requireSession } from '../guard';
import type { ConsoleRouteOptions } from '../plugin';

export const FLEET_ROLES = ['it', 'admin'] as const;

const KioskParams = z.object({ id: RecordId });

async function listCounters(db: ServerDb) {
  const rows = await db.selectFrom('counters').select(['id', 'unit_id', 'name', 'desk_role']).orderBy('name').execute();
  return rows.map((row) => ({ id: row.id, unitId: row.unit_id, name: row.name, deskRole: row.desk_role }));
}

/** A kiosk by id, or 404 naming it. */
export async function requireDevice(db: ServerDb, deviceId: string) {
  const device = await db.selectFrom('devices').select(['id', 'name', 'unit_id', 'counter_id', 'revoked_at']).where('id', '=', deviceId).executeTakeFirst();
  if (!device) throw new ConsoleError(404, 'unknown_kiosk', { kiosk: deviceId });
  return device;
}

/**
 * The fleet for IT staff and administrators (docs/fleet.md): every kiosk with its status and
 * counts per status, open alerts, pairing requests; one kiosk's history; moving a kiosk to
 * another counter of its unit, retiring it, and sending commands. Every change is audited.
 */
export async function fleetRoutes(app: FastifyInstance, { db, now }: ConsoleRouteOptions): Promise<void> {
  app.get('/fleet', async (request): Promise<FleetOverview> => {
    requireSession(request, FLEET_ROLES);
    const at = now();
    // The page judges the alerts as it shows them: a kiosk that went quiet a minute ago is offline here, not at the next round.
    await evaluateAlerts(db, at);
    const [kiosks, alerts, pairings, counters] = await Promise.all([fleetKiosks(db, at), listAlerts(db, at), listPairings(db, at), listCounters(db)]);
    const counts = Object.fromEntries(KIOSK_STATUSES.map((status) => [status, 0])) as Record<KioskStatus, number>;
    for (const kiosk of kiosks) counts[kiosk.status] += 1;
    return { kiosks: kiosks.map(({ silentMs: _silent, ...kiosk }) => kiosk), counts, alerts, pairings, counters, now: at };
  });

  app.get('/fleet/kiosks/:id', async (request): Promise<KioskDetail> => {
    requireSession(request, FLEET_ROLES);
    const { id } = parseInput(KioskParams, request.params);
    const device = await requireDevice(db, id);
    const at = now();
    await evaluateAlerts(db, at, { deviceId: id });
    const [[kiosk], heartbeats, alerts, commands, layers, counters] = await Promise.all([
      fleetKiosks(db, at, { deviceId: id }),
      listHeartbeats(db, id),
      listAlerts(db, at, { deviceId: id }),
      listCommands(db, id, at),
      settingsLayersFor(db, { id, unitId: device.unit_id }),
      listCounters(db),
    ]);
    const { silentMs: _silent, ...view } = kiosk!;
    return {
      kiosk: view,
      heartbeats,
      alerts,
      commands: commands as KioskDetail['commands'],
      settings: { effective: effectiveSettings(layers), own: layers.kiosk },
      counters: counters.filter((counter) => counter.unitId === device.unit_id),
      now: at,
    };
  });

  app.post('/fleet/kiosks/:id/move', async (request) => {
    const session = requireSession(request, FLEET_ROLES);
    const { id } = parseInput(KioskParams, request.params);
    const { counterId } = parseInput(MoveKioskSchema, request.body);
    const device = await requireDevice(db, id);
    if (device.revoked_at !== null) throw new ConsoleError(409, 'kiosk_retired', { name: device.name });
    const counter = await db.selectFrom('counters').select(['id', 'unit_id']).where('id', '=', counterId).executeTakeFirst();
    if (!counter) throw new ConsoleError(400, 'unknown_counter', { counter: counterId }, 'counterId');
    // Ratings already made carry the kiosk's unit: a kiosk changes counters within its unit (another unit: pair it again).
    if (counter.unit_id !== device.unit_id) throw new ConsoleError(400, 'counter_of_other_unit', { counter: counterId, unit: counter.unit_id }, 'counterId');
    const at = now();
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('devices').set({ counter_id: counterId }).where('id', '=', id).execute();
      // Bound to the new counter from now on; ratings made before keep their counter.
      await recordBinding(trx, id, counterId, at);
    });
    await writeAudit(db, { actor: session.user, action: 'kiosk_moved', details: { kiosk: id, name: device.name, from: device.counter_id, to: counterId }, address: clientAddress(request), at });
    return { ok: true };
  });

  app.post('/fleet/kiosks/:id/retire', async (request) => {
    const session = requireSession(request, FLEET_ROLES);
    const { id } = parseInput(KioskParams, request.params);
    const device = await requireDevice(db, id);
    const at = now();
    if (device.revoked_at === null) {
      // Retired is revoked (docs/protocol.md): the kiosk's every call answers 401 device_revoked and stores nothing.
      await db.updateTable('devices').set({ revoked_at: at }).where('id', '=', id).where('revoked_at', 'is', null).execute();
      await db.updateTable('fleet_alerts').set({ ended_at: at }).where('device_id', '=', id).where('ended_at', 'is', null).execute();
      await writeAudit(db, { actor: session.user, action: 'kiosk_retired', details: { kiosk: id, name: device.name, unitId: device.unit_id }, address: clientAddress(request), at });
    }
    return { ok: true };
  });

  app.post('/fleet/commands', async (request, reply) => {
    const session = requireSession(request, FLEET_ROLES);
    const { deviceIds, kind } = parseInput(SendCommandSchema, request.body);
    const unique = [...new Set(deviceIds)];
    const devices = await db.selectFrom('devices').select(['id', 'name', 'revoked_at']).where('id', 'in', unique).execute();
    const missing = unique.find((id) => !devices.some((device) => device.id === id));
    if (missing) throw new ConsoleError(404, 'unknown_kiosk', { kiosk: missing }, 'deviceIds');
    const retired = devices.find((device) => device.revoked_at !== null);
    if (retired) throw new ConsoleError(409, 'kiosk_retired', { name: retired.name }, 'deviceIds');
    const at = now();
    const ids = await queueCommands(db, unique, kind, session.user.login, at);
    await writeAudit(db, { actor: session.user, action: 'kiosk_command_sent', details: { kind, kiosks: unique.length, first: unique.slice(0, 20) }, address: clientAddress(request), at });
    return reply.status(201).send({ commandIds: ids });
  });
}
