import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { RosterCounter, RosterPage, RosterStaffMember, RosterUnit, UnitLevel } from '../../shared/console/roster';
import { ROSTER_PAGE_SIZE } from '../../shared/console/roster';
import type { CounterChangeSchema, NewCounterSchema, NewStaffSchema, NewUnitSchema, RosterListQuerySchema, StaffChangeSchema, UnitChangeSchema } from '../../shared/console/roster-schemas';
import { matchesSearch, searchKey } from '../../shared/text';
import { badgeSigningKey, issuedBadgeCode } from '../badges';
import type { ServerDb } from '../db/connect';
import type { SecretKeyRing } from '../secret-keys';
import { ConsoleError } from './errors';
import type { UserScope } from './scope';

type ListQuery = z.output<typeof RosterListQuerySchema>;
/** A change as the audit log keeps it: each field changed, from and to. */
export type RecordChanges = Record<string, { from: unknown; to: unknown }>;

function page<T>(all: T[], query: ListQuery): RosterPage<T> {
  const start = (query.page - 1) * ROSTER_PAGE_SIZE;
  return { items: all.slice(start, start + ROSTER_PAGE_SIZE), total: all.length, page: query.page, pageSize: ROSTER_PAGE_SIZE };
}

/** The units a list covers: the scope's, narrowed to a unit and the units under it. */
function unitsOfQuery(scope: UserScope, unitId: string | undefined): Set<string> {
  if (unitId === undefined) return new Set(scope.visibleUnits().map((u) => u.id));
  scope.requireUnit(unitId);
  return scope.subtree(unitId);
}

const statusMatches = (active: boolean, status: ListQuery['status']) => status === 'all' || (status === 'active') === active;

export async function listUnits(db: ServerDb, scope: UserScope, query: ListQuery): Promise<RosterPage<RosterUnit>> {
  const visible = unitsOfQuery(scope, query.unit);
  const [rows, counters, staff] = await Promise.all([
    db.selectFrom('units').select(['id', 'name', 'level', 'parent_id', 'active']).execute(),
    db.selectFrom('counters').select(['unit_id', sql<number>`count(*)::int`.as('n')]).where('active', '=', true).groupBy('unit_id').execute(),
    db.selectFrom('staff').select(['unit_id', sql<number>`count(*)::int`.as('n')]).where('active', '=', true).groupBy('unit_id').execute(),
  ]);
  const names = new Map(rows.map((row) => [row.id, row.name]));
  const counterCount = new Map(counters.map((row) => [row.unit_id, row.n]));
  const staffCount = new Map(staff.map((row) => [row.unit_id, row.n]));
  const q = query.q?.trim() ?? '';
  const items = rows
    .filter((row) => visible.has(row.id) && statusMatches(row.active, query.status) && (q === '' || matchesSearch(row.name, q) || row.id.toLowerCase().includes(q.toLowerCase())))
    .map((row) => ({
      id: row.id,
      name: row.name,
      level: row.level as UnitLevel,
      parentId: row.parent_id,
      parentName: row.parent_id ? (names.get(row.parent_id) ?? null) : null,
      active: row.active,
      counters: counterCount.get(row.id) ?? 0,
      staff: staffCount.get(row.id) ?? 0,
    }))
    .sort((a, b) => searchKey(a.name).localeCompare(searchKey(b.name)) || a.id.localeCompare(b.id));
  return page(items, query);
}

export async function listCounters(db: ServerDb, scope: UserScope, query: ListQuery): Promise<RosterPage<RosterCounter>> {
  const visible = unitsOfQuery(scope, query.unit);
  const [rows, units, kiosks] = await Promise.all([
    db.selectFrom('counters').select(['id', 'unit_id', 'name', 'desk_role', 'active']).execute(),
    db.selectFrom('units').select(['id', 'name']).execute(),
    db.selectFrom('devices').select(['counter_id', sql<number>`count(*)::int`.as('n')]).where('revoked_at', 'is', null).where('counter_id', 'is not', null).groupBy('counter_id').execute(),
  ]);
  const unitNames = new Map(units.map((u) => [u.id, u.name]));
  const kioskCount = new Map(kiosks.map((k) => [k.counter_id, k.n]));
  const q = query.q?.trim() ?? '';
  const items = rows
    .filter((row) => visible.has(row.unit_id) && statusMatches(row.active, query.status) && (q === '' || matchesSearch(row.name, q) || row.id.toLowerCase().includes(q.toLowerCase())))
    .map((row) => ({
      id: row.id,
      name: row.name,
      unitId: row.unit_id,
      unitName: unitNames.get(row.unit_id) ?? row.unit_id,
      deskRole: row.desk_role as RosterCounter['deskRole'],
      active: row.active,
      kiosks: kioskCount.get(row.id) ?? 0,
    }))
    .sort((a, b) => searchKey(a.unitName).localeCompare(searchKey(b.unitName)) || searchKey(a.name).localeCompare(searchKey(b.name)));
  return page(items, query);
}

/** `%` and `_` taken literally in a LIKE pattern. */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (ch) => `\\${ch}`);

export async function listStaff(db: ServerDb, keys: SecretKeyRing, scope: UserScope, query: ListQuery, at: number): Promise<RosterPage<RosterStaffMember>> {
  const visible = [...unitsOfQuery(scope, query.unit)];
  if (visible.length === 0) return { items: [], total: 0, page: query.page, pageSize: ROSTER_PAGE_SIZE };
  let base = db.selectFrom('staff').innerJoin('units', 'units.id', 'staff.unit_id').where('staff.unit_id', 'in', visible);
  if (query.status !== 'all') base = base.where('staff.active', '=', query.status === 'active');
  // Every word of the query starts a word of the name (tone-insensitive, as matchesSearch), or is the id.
  const words = searchKey(query.q ?? '').split(' ').filter(Boolean);
  for (const word of words) {
    const literal = likeLiteral(word);
    base = base.where((eb) => eb.or([eb('staff.name_key', 'like', `${literal}%`), eb('staff.name_key', 'like', `% ${literal}%`), eb(sql`lower(staff.id)`, 'like', `%${literal}%`)]));
  }
  const { total } = await base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
  const rows = await base
    .select(['staff.id', 'staff.full_name', 'staff.title', 'staff.unit_id', 'staff.active', 'staff.badge_issue', 'units.name as unit_name'])
    .orderBy('staff.name_key')
    .orderBy('staff.id')
    .limit(ROSTER_PAGE_SIZE)
    .offset((query.page - 1) * ROSTER_PAGE_SIZE)
    .execute();
  const key = rows.length > 0 ? await badgeSigningKey(db, keys, at) : '';
  return {
    items: rows.map((row) => ({
      id: row.id,
      fullName: row.full_name,
      title: row.title,
      unitId: row.unit_id,
      unitName: row.unit_name,
      active: row.active,
      badgeEnd: issuedBadgeCode(key, row.id, row.badge_issue).slice(-4),
    })),
    total: Number(total),
    page: query.page,
    pageSize: ROSTER_PAGE_SIZE,
  };
}

function changesOf<T extends Record<string, unknown>>(before: T, after: Partial<T>): RecordChanges {
  const changes: RecordChanges = {};
  for (const [field, value] of Object.entries(after)) {
    if (value !== undefined && before[field] !== value) changes[field] = { from: before[field], to: value };
  }
  return changes;
}

async function refuseTakenId(db: ServerDb, table: 'units' | 'counters' | 'staff', id: string): Promise<void> {
  if (await db.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst()) throw new ConsoleError(409, 'record_exists', { id }, 'id');
}

/** A parent that exists and under which the unit does not end up its own ancestor. */
async function checkParent(db: ServerDb, unitId: string, parentId: string | null): Promise<void> {
  if (parentId === null) return;
  const all = await db.selectFrom('units').select(['id', 'parent_id']).execute();
  const parentOf = new Map(all.map((u) => [u.id, u.parent_id]));
  if (!parentOf.has(parentId)) throw new ConsoleError(400, 'unknown_unit', { unit: parentId }, 'parentId');
  parentOf.set(unitId, parentId);
  const visited = new Set<string>();
  for (let up: string | null = unitId; up !== null; up = parentOf.get(up) ?? null) {
    if (visited.has(up)) throw new ConsoleError(400, 'parent_loop', { unit: up }, 'parentId');
    visited.add(up);
  }
}

export async function addUnit(db: ServerDb, input: z.output<typeof NewUnitSchema>): Promise<RecordChanges> {
  await refuseTakenId(db, 'units', input.id);
  await checkParent(db, input.id, input.parentId);
  await db.insertInto('units').values({ id: input.id, name: input.name, level: input.level, parent_id: input.parentId }).execute();
  return changesOf({} as Record<string, unknown>, { name: input.name, level: input.level, parentId: input.parentId });
}

export async function changeUnit(db: ServerDb, unitId: string, change: z.output<typeof UnitChangeSchema>): Promise<RecordChanges> {
  const unit = await db.selectFrom('units').select(['id', 'name', 'level', 'parent_id', 'active']).where('id', '=', unitId).executeTakeFirst();
  if (!unit) throw new ConsoleError(404, 'unknown_unit', { unit: unitId });
  if (change.parentId !== undefined) await checkParent(db, unitId, change.parentId);
  if (change.active === false && unit.active) {
    const [staff, counters, children, kiosks] = await Promise.all([
      db.selectFrom('staff').select(sql<number>`count(*)::int`.as('n')).where('unit_id', '=', unitId).where('active', '=', true).executeTakeFirstOrThrow(),
      db.selectFrom('counters').select(sql<number>`count(*)::int`.as('n')).where('unit_id', '=', unitId).where('active', '=', true).executeTakeFirstOrThrow(),
      db.selectFrom('units').select(sql<number>`count(*)::int`.as('n')).where('parent_id', '=', unitId).where('active', '=', true).executeTakeFirstOrThrow(),
      db.selectFrom('devices').select(sql<number>`count(*)::int`.as('n')).where('unit_id', '=', unitId).where('revoked_at', 'is', null).executeTakeFirstOrThrow(),
    ]);
    if (staff.n + counters.n + children.n + kiosks.n > 0) {
      throw new ConsoleError(409, 'unit_in_use', { staff: staff.n, counters: counters.n, units: children.n, kiosks: kiosks.n }, 'active');
    }
  }
  const before = { name: unit.name, level: unit.level, parentId: unit.parent_id, active: unit.active };
  const changes = changesOf(before, change);
  if (Object.keys(changes).length > 0) {
    await db
      .updateTable('units')
      .set({
        ...(change.name !== undefined ? { name: change.name } : {}),
        ...(change.level !== undefined ? { level: change.level } : {}),
        ...(change.parentId !== undefined ? { parent_id: change.parentId } : {}),
        ...(change.active !== undefined ? { active: change.active } : {}),
      })
      .where('id', '=', unitId)
      .execute();
  }
  return changes;
}

async function boundKiosks(db: ServerDb, counterId: string): Promise<number> {
  const row = await db.selectFrom('devices').select(sql<number>`count(*)::int`.as('n')).where('counter_id', '=', counterId).where('revoked_at', 'is', null).executeTakeFirstOrThrow();
  return row.n;
}

export async function addCounter(db: ServerDb, scope: UserScope, input: z.output<typeof NewCounterSchema>): Promise<{ id: string; changes: RecordChanges }> {
  scope.requireUnit(input.unitId);
  const id = input.id ?? `q-${randomBytes(5).toString('hex')}`;
  await refuseTakenId(db, 'counters', id);
  await db.insertInto('counters').values({ id, unit_id: input.unitId, name: input.name, desk_role: input.deskRole }).execute();
  return { id, changes: changesOf({} as Record<string, unknown>, { unitId: input.unitId, name: input.name, deskRole: input.deskRole }) };
}

export async function changeCounter(db: ServerDb, scope: UserScope, counterId: string, change: z.output<typeof CounterChangeSchema>): Promise<{ unitId: string; changes: RecordChanges }> {
  const counter = await db.selectFrom('counters').select(['id', 'unit_id', 'name', 'desk_role', 'active']).where('id', '=', counterId).executeTakeFirst();
  if (!counter) throw new ConsoleError(404, 'unknown_counter', { counter: counterId });
  scope.requireUnit(counter.unit_id);
  if (change.unitId !== undefined) scope.requireUnit(change.unitId);
  const before = { unitId: counter.unit_id, name: counter.name, deskRole: counter.desk_role, active: counter.active };
  const changes = changesOf(before, change);
  if ((changes.unitId || (changes.active && change.active === false)) && (await boundKiosks(db, counterId)) > 0) {
    throw new ConsoleError(409, 'counter_has_kiosks', { counter: counter.name }, changes.unitId ? 'unitId' : 'active');
  }
  if (Object.keys(changes).length > 0) {
    await db
      .updateTable('counters')
      .set({
        ...(change.unitId !== undefined ? { unit_id: change.unitId } : {}),
        ...(change.name !== undefined ? { name: change.name } : {}),
        ...(change.deskRole !== undefined ? { desk_role: change.deskRole } : {}),
        ...(change.active !== undefined ? { active: change.active } : {}),
      })
      .where('id', '=', counterId)
      .execute();
  }
  return { unitId: counter.unit_id, changes };
}

export async function addStaff(db: ServerDb, scope: UserScope, input: z.output<typeof NewStaffSchema>): Promise<{ id: string; changes: RecordChanges }> {
  scope.requireUnit(input.unitId);
  const id = input.id ?? `st-${randomBytes(5).toString('hex')}`;
  await refuseTakenId(db, 'staff', id);
  await db
    .insertInto('staff')
    .values({ id, unit_id: input.unitId, full_name: input.fullName, name_key: searchKey(input.fullName), title: input.title, photo: null, active: true, old_badge_hash: null })
    .execute();
  return { id, changes: changesOf({} as Record<string, unknown>, { unitId: input.unitId, fullName: input.fullName, title: input.title }) };
}

export async function changeStaff(db: ServerDb, scope: UserScope, staffId: string, change: z.output<typeof StaffChangeSchema>): Promise<{ unitId: string; changes: RecordChanges }> {
  const member = await db.selectFrom('staff').select(['id', 'unit_id', 'full_name', 'title', 'active']).where('id', '=', staffId).executeTakeFirst();
  if (!member) throw new ConsoleError(404, 'unknown_staff', { staff: staffId });
  // Another unit's officer is refused as out of scope, never found or changed.
  scope.requireUnit(member.unit_id);
  if (change.unitId !== undefined) scope.requireUnit(change.unitId);
  const before = { unitId: member.unit_id, fullName: member.full_name, title: member.title, active: member.active };
  const changes = changesOf(before, change);
  if (Object.keys(changes).length > 0) {
    await db
      .updateTable('staff')
      .set({
        ...(change.unitId !== undefined ? { unit_id: change.unitId } : {}),
        ...(change.fullName !== undefined ? { full_name: change.fullName, name_key: searchKey(change.fullName) } : {}),
        ...(change.title !== undefined ? { title: change.title } : {}),
        ...(change.active !== undefined ? { active: change.active } : {}),
      })
      .where('id', '=', staffId)
      .execute();
  }
  return { unitId: member.unit_id, changes };
}
