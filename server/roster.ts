import { sql, type Transaction } from 'kysely';
import type { z } from 'zod';
import { RosterSchema, type CounterSchema, type StaffSchema, type UnitSchema } from '../shared/roster';
import { searchKey } from '../shared/text';
import { hashBadgeCode } from '../shared/node/badge-hash';
import type { UnitBadgeCredentials } from '../shared/protocol';
import { unitBadgeCredentials } from './badges';
import type { ServerDb } from './db/connect';
import type { ServerDatabase } from './db/schema';
import { RosterImportError } from './errors';
import type { SecretKeyRing } from './secret-keys';

export interface RosterImportSummary {
  units: number;
  counters: number;
  staff: number;
  /** Staff of the imported units missing from the file, now inactive (kiosks log them out). */
  deactivated: number;
}

/** Zod issues as row-level lines an administrator can act on: `staff[3].fullName: …`. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const path = issue.path
      .map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? String(part) : `.${String(part)}`))
      .join('');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
}

/**
 * Imports a roster (the shape of fixtures/roster.json): units, counters and staff are added or
 * updated in one transaction. Raw badge codes of HR's files are old-format badges: kept only as
 * their scheme v1 hash, for the migration window, and not for an officer whose badge was reissued
 * (that revoked them). Staff of the imported units who are missing from the roster become
 * inactive (they cannot be deleted: ratings name them). Invalid input throws RosterImportError,
 * storing nothing.
 */
export async function importRoster(db: ServerDb, input: unknown): Promise<RosterImportSummary> {
  const parsed = RosterSchema.safeParse(input);
  if (!parsed.success) throw new RosterImportError(describeIssues(parsed.error));
  const roster = parsed.data;
  const issues: string[] = [];
  const seen = (kind: string, ids: string[]) => {
    const set = new Set<string>();
    ids.forEach((id, i) => {
      if (set.has(id)) issues.push(`${kind}[${i}].id: ${id} appears twice`);
      set.add(id);
    });
  };
  seen('units', roster.units.map((u) => u.id));
  seen('counters', roster.counters.map((c) => c.id));
  seen('staff', roster.staff.map((s) => s.id));
  const badgeOwners = new Map<string, string>();
  roster.staff.forEach((member, i) => {
    const hash = badgeHashOf(member);
    if (!hash) return;
    const owner = badgeOwners.get(hash);
    if (owner && owner !== member.id) issues.push(`staff[${i}].badgeCode: same badge as ${owner}`);
    badgeOwners.set(hash, member.id);
  });
  if (issues.length > 0) throw new RosterImportError(issues);

  let deactivated = 0;
  await db.transaction().execute(async (trx) => {
    // Parents first: a unit is inserted without its parent, which is set once every unit exists.
    for (const unit of roster.units) {
      await trx
        .insertInto('units')
        .values({ id: unit.id, name: unit.name, level: unit.level })
        .onConflict((oc) => oc.column('id').doUpdateSet({ name: unit.name, level: unit.level }))
        .execute();
    }
    // A file without parentId (an older HR export) leaves the tree as it is.
    const parents = roster.units.filter((u) => u.parentId !== undefined).map((u) => ({ id: u.id, parentId: u.parentId ?? null }));
    await refuseUnknownOrLoopingParents(trx, parents);
    for (const { id, parentId } of parents) {
      await trx.updateTable('units').set({ parent_id: parentId }).where('id', '=', id).execute();
    }
    for (const counter of roster.counters) {
      const row = { unit_id: counter.unitId, name: counter.name, desk_role: counter.deskRole };
      await trx
        .insertInto('counters')
        .values({ id: counter.id, ...row })
        .onConflict((oc) => oc.column('id').doUpdateSet(row))
        .execute();
    }
    for (const member of roster.staff) {
      const row = {
        unit_id: member.unitId,
        full_name: member.fullName,
        name_key: searchKey(member.fullName),
        title: member.title,
        photo: member.photo ?? null,
        active: member.active,
        // An HR file knows nothing of kiosk roles: without `roles`, the roles held stay as they are.
        ...(member.roles !== undefined ? { roles: JSON.stringify(member.roles) } : {}),
      };
      const oldBadgeHash = badgeHashOf(member);
      await trx
        .insertInto('staff')
        .values({ id: member.id, ...row, old_badge_hash: oldBadgeHash })
        .onConflict((oc) =>
          oc.column('id').doUpdateSet((eb) => ({
            ...row,
            old_badge_hash: eb.case().when('staff.badge_issue', '>', 1).then(null).else(oldBadgeHash).end(),
          })),
        )
        .execute();
    }
    await claimBadgeCodes(trx, roster.staff, Date.now());
    const unitIds = roster.units.map((u) => u.id);
    const staffIds = roster.staff.map((s) => s.id);
    if (unitIds.length > 0) {
      let query = trx.updateTable('staff').set({ active: false }).where('unit_id', 'in', unitIds).where('active', '=', true);
      if (staffIds.length > 0) query = query.where('id', 'not in', staffIds);
      const result = await query.executeTakeFirst();
      deactivated = Number(result.numUpdatedRows ?? 0);
    }
  });
  return { units: roster.units.length, counters: roster.counters.length, staff: roster.staff.length, deactivated };
}

/**
 * Inside the import's transaction, before any parent is set: every parent must exist (in the file
 * or already on the server) and no unit may become its own ancestor — the file alone cannot tell.
 * Throws RosterImportError, so the transaction stores nothing.
 */
async function refuseUnknownOrLoopingParents(trx: Transaction<ServerDatabase>, parents: { id: string; parentId: string | null }[]): Promise<void> {
  if (parents.length === 0) return;
  const all = await trx.selectFrom('units').select(['id', 'parent_id']).execute();
  const parentOf = new Map(all.map((u) => [u.id, u.parent_id]));
  for (const { id, parentId } of parents) parentOf.set(id, parentId);
  const issues: string[] = [];
  for (const { id, parentId } of parents) {
    if (parentId !== null && !parentOf.has(parentId)) issues.push(`units: ${id}.parentId: unknown unit ${parentId}`);
    const visited = new Set<string>([id]);
    for (let up = parentId; up !== null && up !== undefined; up = parentOf.get(up) ?? null) {
      if (visited.has(up)) {
        issues.push(`units: ${id}.parentId: units form a loop through ${up}`);
        break;
      }
      visited.add(up);
    }
  }
  if (issues.length > 0) throw new RosterImportError(issues);
}

/**
 * Records who owns each old-format badge code of the roster, for ever (migration 0018): a code
 * another officer owns — active or not, even after a reissue — is refused, not reassigned.
 */
async function claimBadgeCodes(trx: Transaction<ServerDatabase>, staff: Staff[], at: number): Promise<void> {
  const claims = staff.map((member) => ({ staffId: member.id, hash: badgeHashOf(member) })).filter((c): c is { staffId: string; hash: string } => c.hash !== null);
  if (claims.length === 0) return;
  const owners = new Map<string, string>();
  for (let i = 0; i < claims.length; i += 1000) {
    const rows = await trx.selectFrom('badge_code_owners').select(['badge_hash', 'staff_id']).where('badge_hash', 'in', claims.slice(i, i + 1000).map((c) => c.hash)).execute();
    for (const row of rows) owners.set(row.badge_hash, row.staff_id);
  }
  const taken = claims.filter((c) => owners.has(c.hash) && owners.get(c.hash) !== c.staffId);
  if (taken.length > 0) throw new RosterImportError(taken.map((c) => `staff ${c.staffId}.badgeCode: the badge belongs to ${owners.get(c.hash)} (a code has one owner for ever)`));
  const fresh = claims.filter((c) => !owners.has(c.hash));
  for (let i = 0; i < fresh.length; i += 1000) {
    await trx.insertInto('badge_code_owners').values(fresh.slice(i, i + 1000).map((c) => ({ badge_hash: c.hash, staff_id: c.staffId, first_seen_at: at }))).execute();
  }
}

function badgeHashOf(member: z.output<typeof StaffSchema>): string | null {
  return member.badgeHash ?? (member.badgeCode ? hashBadgeCode(member.badgeCode) : null);
}

type Unit = z.output<typeof UnitSchema>;
type Counter = z.output<typeof CounterSchema>;
type Staff = z.output<typeof StaffSchema>;

/**
 * What a kiosk of `unitId` receives: its unit, counters and staff, their badges as hashes, never
 * codes — keyed per unit (scheme v2) and, for kiosks that predate it, in scheme v1 — and the roles
 * its staff hold (`staffRoles`, beside the records: docs/protocol.md, Roster).
 */
export async function rosterForUnit(
  db: ServerDb,
  keys: SecretKeyRing,
  unitId: string,
  at: number,
): Promise<{
  units: Unit[];
  counters: Counter[];
  staff: Staff[];
  badges: UnitBadgeCredentials;
  staffRoles: Record<string, string[]>;
  staffPins?: Record<string, { hash: string | null; setAt: number }>;
}> {
  const units = await db.selectFrom('units').selectAll().where('id', '=', unitId).execute();
  const counters = await db.selectFrom('counters').selectAll().where('unit_id', '=', unitId).orderBy('id').execute();
  const staff = await db.selectFrom('staff').selectAll().where('unit_id', '=', unitId).orderBy('id').execute();
  const { credentials, schemeV1Hashes } = await unitBadgeCredentials(db, keys, unitId, staff, at);
  return {
    units: units.map((u) => ({ id: u.id, name: u.name, level: u.level as Unit['level'] })),
    counters: counters.map((c) => ({ id: c.id, unitId: c.unit_id, name: c.name, deskRole: c.desk_role as Counter['deskRole'] })),
    staff: staff.map((s) => ({
      id: s.id,
      unitId: s.unit_id,
      fullName: s.full_name,
      title: s.title,
      badgeHash: schemeV1Hashes.get(s.id)!,
      photo: s.photo,
      active: s.active,
    })),
    badges: credentials,
    staffRoles: Object.fromEntries(
      staff.map((s) => [s.id, JSON.parse(s.roles) as string[]] as const).filter(([, roles]) => roles.length > 0),
    ),
    // PINs set (or cleared) in the console, as their salted hash: absent while none was ever set.
    ...(staff.some((s) => s.pin_set_at !== null)
      ? { staffPins: Object.fromEntries(staff.filter((s) => s.pin_set_at !== null).map((s) => [s.id, { hash: s.pin_hash, setAt: Number(s.pin_set_at) }])) }
      : {}),
  };
}

export async function unitCount(db: ServerDb): Promise<number> {
  const row = await db.selectFrom('units').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  return row.n;
}
