import type { FastifyInstance } from 'fastify';
import QRCode from 'qrcode';
import { EnrolmentCodesRequestSchema, type IssuedCode } from '../../../shared/console/fleet';
import { issueEnrollmentCode } from '../../enrolment-codes';
import { writeAudit } from '../audit';
import { ConsoleError } from '../errors';
import { clientAddress, parseInput, requireSession } from '../guard';
import type { ConsoleRouteOptions } from '../plugin';
import { UserScope } from '../scope';
import { FLEET_ROLES } from './fleet';

/**
 * Enrolment codes at scale: one single-use code per counter of a unit (or the counters chosen),
 * all made in one transaction — a counter of another unit refuses the whole request. The codes are
 * shown once, each with its QR for the printed sheet; only their hashes are kept.
 */
export async function enrolmentCodeRoutes(app: FastifyInstance, { db, now }: ConsoleRouteOptions): Promise<void> {
  app.post('/fleet/enrolment-codes', async (request, reply) => {
    const session = requireSession(request, FLEET_ROLES);
    const input = parseInput(EnrolmentCodesRequestSchema, request.body);
    (await UserScope.of(db, session.user)).requireUnit(input.unitId);
    const unitCounters = await db.selectFrom('counters').select(['id', 'unit_id', 'name', 'desk_role']).where('unit_id', '=', input.unitId).orderBy('name').execute();
    let chosen = unitCounters;
    if (input.counterIds) {
      const wanted = [...new Set(input.counterIds)];
      for (const counterId of wanted) {
        if (unitCounters.some((counter) => counter.id === counterId)) continue;
        const other = await db.selectFrom('counters').select('unit_id').where('id', '=', counterId).executeTakeFirst();
        if (!other) throw new ConsoleError(400, 'unknown_counter', { counter: counterId }, 'counterIds');
        throw new ConsoleError(400, 'counter_of_other_unit', { counter: counterId, unit: other.unit_id }, 'counterIds');
      }
      chosen = unitCounters.filter((counter) => wanted.includes(counter.id));
    }
    const at = now();
    const expiresAt = at + input.days * 86_400_000;
    const issued = await db.transaction().execute(async (trx) => {
      const codes: Omit<IssuedCode, 'qrSvg'>[] = [];
      for (const counter of chosen) {
        const { code } = await issueEnrollmentCode(trx, { unitId: input.unitId, counterId: counter.id, expiresAt }, at);
        codes.push({ counterId: counter.id, counterName: counter.name, deskRole: counter.desk_role, code, expiresAt });
      }
      return codes;
    });
    const codes: IssuedCode[] = await Promise.all(
      issued.map(async (code) => ({ ...code, qrSvg: await QRCode.toString(code.code, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }) })),
    );
    await writeAudit(db, { actor: session.user, action: 'enrolment_codes_made', details: { unitId: input.unitId, counters: codes.length, days: input.days }, address: clientAddress(request), at });
    return reply.status(201).send({ codes });
  });
}
