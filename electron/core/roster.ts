import type { Database } from 'better-sqlite3';
import { keyedOldFormatCredential } from './badges';
import { statement } from './db/statements';
import type { DeskRole } from '../../shared/rating';
import type { z } from 'zod';
import { RosterSchema, type CounterSchema, type Roster, type StaffSchema, type UnitSchema } from '../../shared/roster';
import { searchKey } from '../../shared/text';

type Unit = z.output<typeof UnitSchema>;
type Counter = z.output<typeof CounterSchema>;
type Staff = z.output<typeof StaffSchema>;

/**
 * Replaces the roster with `input` (validated first: an invalid roster changes nothing). Badge
 * codes and scheme v1 hashes it carries are old-format badges, kept only keyed under the unit's
 * key (badges.ts); badges the server issued arrive apart, with its badge credentials.
 */
export function importRoster(db: Database, input: unknown, now: number): Roster {
  const roster = RosterSchema.parse(input);
  db.transaction(() => {
    for (const unit of roster.units) upsertUnit(db, unit);
    for (const counter of roster.counters) upsertCounter(db, counter);
    for (const member of roster.staff) upsertStaff(db, member, now);
  })();
  return roster;
}

export function upsertUnit(db: Database, unit: Unit): void {
  statement(
    db,
    `INSERT INTO units (id, name, level) VALUES (@id, @name, @level)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, level = excluded.level`,
  ).run({ id: unit.id, name: unit.name, level: unit.level });
}

export function upsertCounter(db: Database, counter: Counter): void {
  statement(
    db,
    `INSERT INTO counters (id, unit_id, name, desk_role) VALUES (@id, @unitId, @name, @deskRole)
     ON CONFLICT (id) DO UPDATE SET unit_id = excluded.unit_id, name = excluded.name, desk_role = excluded.desk_role`,
  ).run(counter);
}

/** Roles are the roster's word too: a staff record without them holds none on this kiosk. */
export function upsertStaff(db: Database, member: Staff, now: number): void {
  statement(
    db,
    `INSERT INTO staff (id, unit_id, full_name, name_key, title, photo, old_badge_hmac, active, roles)
     VALUES (@id, @unitId, @fullName, @nameKey, @title, @photo, @oldBadgeHmac, @active, @roles)
     ON CONFLICT (id) DO UPDATE SET unit_id = excluded.unit_id, full_name = excluded.full_name,
       name_key = excluded.name_key, title = excluded.title, photo = excluded.photo,
       old_badge_hmac = excluded.old_badge_hmac, active = excluded.active, roles = excluded.roles`,
  ).run({
    id: member.id,
    unitId: member.unitId,
    fullName: member.fullName,
    nameKey: searchKey(member.fullName),
    title: member.title,
    photo: member.photo ?? null,
    oldBadgeHmac: keyedOldFormatCredential(db, member.unitId, member, now),
    active: member.active ? 1 : 0,
    roles: JSON.stringify(member.roles ?? []),
  });
}

export interface UnitRow {
  id: string;
  name: string;
}
export interface CounterRow {
  id: string;
  unitId: string;
  name: string;
  deskRole: DeskRole;
}
export interface StaffRow {
  id: string;
  unitId: string;
  fullName: string;
  title: string;
  photo: string | null;
  active: boolean;
}

export function findUnit(db: Database, id: string): UnitRow | null {
  return (statement(db, 'SELECT id, name FROM units WHERE id = ?').get(id) as UnitRow | undefined) ?? null;
}

export function findCounter(db: Database, id: string): CounterRow | null {
  return (
    (statement(db, 'SELECT id, unit_id AS unitId, name, desk_role AS deskRole FROM counters WHERE id = ?')
      .get(id) as CounterRow | undefined) ?? null
  );
}

export function findStaff(db: Database, id: string): StaffRow | null {
  const row = statement(db, 'SELECT id, unit_id AS unitId, full_name AS fullName, title, photo, active FROM staff WHERE id = ?')
    .get(id) as (Omit<StaffRow, 'active'> & { active: number }) | undefined;
  return row ? { ...row, active: row.active === 1 } : null;
}
