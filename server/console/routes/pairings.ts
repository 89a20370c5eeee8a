import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ApprovePairingSchema } from '../../../shared/console/fleet';
import { normalizePairingCode } from '../../../shared/fleet';
import { approvePairing, findPendingPairing, refusePairing } from '../../fleet/pairing';
import { writeAudit } from '../audit';
import { ConsoleError } from '../errors';
import { clientAddress, parseInput, requireSession } from '../guard';
import type { ConsoleRouteOptions } from '../plugin';
import { UserScope } from '../scope';
import { FLEET_ROLES } from './fleet';

const PairingParams = z.object({ id: z.string().min(1).max(64) });

/**
 * IT staff approve a kiosk's pairing request by the code on its screen, binding it to a unit and a
 * counter of that unit (or the unit alone: the counter is then picked on the kiosk or later here),
 * or refuse it. Both audited.
 */
export async function pairingConsoleRoutes(app: FastifyInstance, { db, now }: ConsoleRouteOptions): Promise<void> {
  app.post('/fleet/pairings/approve', async (request) => {
    const session = requireSession(request, FLEET_ROLES);
    const input = parseInput(ApprovePairingSchema, request.body);
    const code = normalizePairingCode(input.code);
    const at = now();
    const pending = code ? await findPendingPairing(db, code, at) : undefined;
    if (!code || !pending) throw new ConsoleError(404, 'pairing_not_found', { code: input.code }, 'code');
    (await UserScope.of(db, session.user)).requireUnit(input.unitId);
    if (input.counterId !== null) {
      const counter = await db.selectFrom('counters').select('unit_id').where('id', '=', input.counterId).executeTakeFirst();
      if (!counter) throw new ConsoleError(400, 'unknown_counter', { counter: input.counterId }, 'counterId');
      if (counter.unit_id !== input.unitId) throw new ConsoleError(400, 'counter_of_other_unit', { counter: input.counterId, unit: counter.unit_id }, 'counterId');
    }
    if (!(await approvePairing(db, pending.id, { unitId: input.unitId, counterId: input.counterId }, session.user.login, at))) {
      throw new ConsoleError(404, 'pairing_not_found', { code: input.code }, 'code');
    }
    await writeAudit(db, {
      actor: session.user,
      action: 'pairing_approved',
      details: { code, deviceName: pending.device_name, unitId: input.unitId, counterId: input.counterId },
      address: clientAddress(request),
      at,
    });
    return { ok: true, pairingId: pending.id };
  });

  app.post('/fleet/pairings/:id/refuse', async (request) => {
    const session = requireSession(request, FLEET_ROLES);
    const { id } = parseInput(PairingParams, request.params);
    const at = now();
    const row = await db.selectFrom('pairing_requests').select(['code', 'device_name']).where('id', '=', id).executeTakeFirst();
    if (!row || !(await refusePairing(db, id, session.user.login, at))) throw new ConsoleError(404, 'pairing_not_found', { code: row?.code ?? id });
    await writeAudit(db, { actor: session.user, action: 'pairing_refused', details: { code: row.code, deviceName: row.device_name }, address: clientAddress(request), at });
    return { ok: true };
  });
}
