import type { FastifyInstance, FastifyRequest } from 'fastify';
import { roleEditsStaff, roleManagesWholeRoster } from '../../../shared/console/roster';
import {
  CounterChangeSchema,
  NewCounterSchema,
  NewStaffSchema,
  NewUnitSchema,
  RecordIdParams,
  RosterListQuerySchema,
  StaffChangeSchema,
  UnitChangeSchema,
} from '../../../shared/console/roster-schemas';
import type { ConsoleRole } from '../../../shared/console/constants';
import { CONSOLE_ROLES } from '../../../shared/console/constants';
import { writeAudit } from '../audit';
import { clientAddress, parseInput, requireSession } from '../guard';
import type { ConsoleRouteOptions } from '../plugin';
import { addCounter, addStaff, addUnit, changeCounter, changeStaff, changeUnit, listCounters, listStaff, listUnits, type RecordChanges } from '../roster-records';
import { UserScope } from '../scope';

const WHOLE_ROSTER_ROLES = CONSOLE_ROLES.filter(roleManagesWholeRoster) as ConsoleRole[];
const STAFF_EDITOR_ROLES = CONSOLE_ROLES.filter(roleEditsStaff) as ConsoleRole[];

/**
 * The roster in the console (docs/roster.md): units, counters and staff listed and searched within
 * the user's scope; added, edited, moved and deactivated — units by province, IT and administrator
 * accounts, counters and staff also by a unit head within their own subtree. Every change is
 * written to the audit log with the fields it changed.
 */
export async function rosterRoutes(app: FastifyInstance, { db, now, keys }: ConsoleRouteOptions): Promise<void> {
  const audit = async (request: FastifyRequest, action: 'roster_unit_changed' | 'roster_counter_changed' | 'roster_staff_changed', details: Record<string, unknown>, changes: RecordChanges) => {
    if (Object.keys(changes).length === 0) return;
    await writeAudit(db, { actor: requireSession(request).user, action, details: { ...details, changes }, address: clientAddress(request), at: now() });
  };
  const scopeOf = async (request: FastifyRequest, roles: ConsoleRole[]) => UserScope.of(db, requireSession(request, roles).user);

  app.get('/roster/units', async (request) => listUnits(db, await scopeOf(request, STAFF_EDITOR_ROLES), parseInput(RosterListQuerySchema, request.query)));
  app.get('/roster/counters', async (request) => listCounters(db, await scopeOf(request, STAFF_EDITOR_ROLES), parseInput(RosterListQuerySchema, request.query)));
  app.get('/roster/staff', async (request) => listStaff(db, keys, await scopeOf(request, STAFF_EDITOR_ROLES), parseInput(RosterListQuerySchema, request.query), now()));

  app.post('/roster/units', async (request, reply) => {
    await scopeOf(request, WHOLE_ROSTER_ROLES);
    const input = parseInput(NewUnitSchema, request.body);
    const changes = await addUnit(db, input);
    await audit(request, 'roster_unit_changed', { unitId: input.id, added: true }, changes);
    return reply.status(201).send({ id: input.id });
  });

  app.patch('/roster/units/:id', async (request) => {
    await scopeOf(request, WHOLE_ROSTER_ROLES);
    const { id } = parseInput(RecordIdParams, request.params);
    const changes = await changeUnit(db, id, parseInput(UnitChangeSchema, request.body));
    await audit(request, 'roster_unit_changed', { unitId: id }, changes);
    return { id, changed: Object.keys(changes) };
  });

  app.post('/roster/counters', async (request, reply) => {
    const scope = await scopeOf(request, STAFF_EDITOR_ROLES);
    const input = parseInput(NewCounterSchema, request.body);
    const { id, changes } = await addCounter(db, scope, input);
    await audit(request, 'roster_counter_changed', { counterId: id, unitId: input.unitId, added: true }, changes);
    return reply.status(201).send({ id });
  });

  app.patch('/roster/counters/:id', async (request) => {
    const scope = await scopeOf(request, STAFF_EDITOR_ROLES);
    const { id } = parseInput(RecordIdParams, request.params);
    const { unitId, changes } = await changeCounter(db, scope, id, parseInput(CounterChangeSchema, request.body));
    await audit(request, 'roster_counter_changed', { counterId: id, unitId }, changes);
    return { id, changed: Object.keys(changes) };
  });

  app.post('/roster/staff', async (request, reply) => {
    const scope = await scopeOf(request, STAFF_EDITOR_ROLES);
    const input = parseInput(NewStaffSchema, request.body);
    const { id, changes } = await addStaff(db, scope, input);
    await audit(request, 'roster_staff_changed', { staffId: id, unitId: input.unitId, added: true }, changes);
    return reply.status(201).send({ id });
  });

  app.patch('/roster/staff/:id', async (request) => {
    const scope = await scopeOf(request, STAFF_EDITOR_ROLES);
    const { id } = parseInput(RecordIdParams, request.params);
    const { unitId, changes } = await changeStaff(db, scope, id, parseInput(StaffChangeSchema, request.body));
    await audit(request, 'roster_staff_changed', { staffId: id, unitId }, changes);
    return { id, changed: Object.keys(changes) };
  });
}
