import { z } from 'zod';
import { DeskRoleSchema } from './rating';
import { cleanText, RecordId } from './schema-helpers';

/**
 * Roles a staff member may hold on kiosks, beside serving citizens. `it`: an IT officer, whose
 * badge or PIN allows re-enrolling a kiosk of the unit with another server (docs/sync.md).
 */
export const STAFF_ROLES = ['it'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
export const StaffRoleSchema = z.enum(STAFF_ROLES);

/** The roles of a roster answer that this version knows; others are dropped, not refused. */
export function knownRoles(roles: readonly string[] | undefined): StaffRole[] {
  return STAFF_ROLES.filter((role) => roles?.includes(role));
}

/** A roster as HR and the provincial server keep it (the shape of fixtures/roster.json). */
export const UnitSchema = z.strictObject({
  id: RecordId,
  name: cleanText(200).pipe(z.string().trim().min(1)),
  level: z.enum(['province', 'district', 'commune']),
  /** The unit above this one (a commune's district section); null or absent at the top. */
  parentId: RecordId.nullable().optional(),
});

export const CounterSchema = z.strictObject({
  id: RecordId,
  unitId: RecordId,
  name: cleanText(200).pipe(z.string().trim().min(1)),
  deskRole: DeskRoleSchema,
});

export const StaffSchema = z.strictObject({
  id: RecordId,
  unitId: RecordId,
  fullName: cleanText(120).pipe(z.string().trim().min(1)),
  title: cleanText(200).pipe(z.string().trim()),
  /** Raw badge code, only in files HR hands to the server; kiosks receive `badgeHash` instead. */
  badgeCode: cleanText(64).pipe(z.string().trim().min(3)).optional(),
  badgeHash: z.string().regex(/^[0-9a-f]{64}$/).optional(),
  photo: z.string().max(400_000).nullable().optional(),
  active: z.boolean(),
  /** Kiosk roles; absent in an HR file, which then leaves the roles the server holds as they are. */
  roles: z.array(StaffRoleSchema).max(STAFF_ROLES.length).optional(),
});

export const RosterSchema = z
  .strictObject({
    units: z.array(UnitSchema).max(10_000),
    counters: z.array(CounterSchema).max(100_000),
    staff: z.array(StaffSchema).max(100_000),
  })
  .superRefine((roster, ctx) => {
    const unitIds = new Set(roster.units.map((u) => u.id));
    const parentOf = new Map(roster.units.map((u) => [u.id, u.parentId ?? null]));
    roster.units.forEach((unit, i) => {
      // A parent outside the file may already be known to the server, which checks it there.
      if (unit.parentId === unit.id) ctx.addIssue({ code: 'custom', path: ['units', i, 'parentId'], message: 'a unit cannot be its own parent' });
      const visited = new Set<string>([unit.id]);
      for (let up = parentOf.get(unit.id) ?? null; up !== null; up = parentOf.get(up) ?? null) {
        if (visited.has(up)) {
          ctx.addIssue({ code: 'custom', path: ['units', i, 'parentId'], message: `units form a loop through ${up}` });
          break;
        }
        visited.add(up);
      }
    });
    roster.counters.forEach((counter, i) => {
      if (!unitIds.has(counter.unitId))
        ctx.addIssue({ code: 'custom', path: ['counters', i, 'unitId'], message: `unknown unit ${counter.unitId}` });
    });
    roster.staff.forEach((member, i) => {
      if (!unitIds.has(member.unitId))
        ctx.addIssue({ code: 'custom', path: ['staff', i, 'unitId'], message: `unknown unit ${member.unitId}` });
    });
  });

export type Roster = z.output<typeof RosterSchema>;
export type RosterInput = z.input<typeof RosterSchema>;
