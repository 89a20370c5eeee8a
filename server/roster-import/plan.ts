import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { normalizeBadgeCode } from '../../shared/badge';
import { hashBadgeCode } from '../../shared/node/badge-hash';
import { STAFF_ROLES } from '../../shared/roster';
import {
  ROSTER_RECORD_KINDS,
  type RosterField,
  type RosterPlan,
  type RosterPlanCounts,
  type RosterPlanRow,
  type RosterProblem,
  type RosterRecordKind,
} from '../../shared/roster-import';
import { RecordId } from '../../shared/schema-helpers';
import { hasControlCharacters, searchKey } from '../../shared/text';
import { BADGE_CODE_PATTERN_V2, issuedBadgeCode } from '../badges';
import type { ServerDatabase } from '../db/schema';
import type { FileRow, RosterFile } from './read-file';

type Db = Kysely<ServerDatabase> | Transaction<ServerDatabase>;

/** What the server holds that a plan is made against, read once. */
export interface RosterSnapshot {
  units: { id: string; name: string; level: string; parent_id: string | null }[];
  counters: { id: string; unit_id: string; name: string; desk_role: string }[];
  staff: { id: string; unit_id: string; full_name: string; name_key: string; title: string; active: boolean; roles: string; badge_issue: number; old_badge_hash: string | null }[];
  /** Old-format badge codes (scheme v1 hashes) and their owner, for ever (migration 0018). */
  owners: Map<string, string>;
  /** The current (server-issued) code of each officer, normalised; only when the file holds such codes. */
  issuedCodes: Map<string, string> | null;
}

export async function readSnapshot(db: Db, file: RosterFile, signingKey: () => Promise<string>): Promise<RosterSnapshot> {
  const [units, counters, staff, owners] = await Promise.all([
    db.selectFrom('units').select(['id', 'name', 'level', 'parent_id']).orderBy('id').execute(),
    db.selectFrom('counters').select(['id', 'unit_id', 'name', 'desk_role']).orderBy('id').execute(),
    db.selectFrom('staff').select(['id', 'unit_id', 'full_name', 'name_key', 'title', 'active', 'roles', 'badge_issue', 'old_badge_hash']).orderBy('id').execute(),
    db.selectFrom('badge_code_owners').select(['badge_hash', 'staff_id']).execute(),
  ]);
  let issuedCodes: Map<string, string> | null = null;
  if (file.rows.some((row) => row.kind === 'staff' && BADGE_CODE_PATTERN_V2.test(normalizeBadgeCode(row.cells.badgeCode ?? '')))) {
    const key = await signingKey();
    issuedCodes = new Map(staff.map((member) => [normalizeBadgeCode(issuedBadgeCode(key, member.id, member.badge_issue)), member.id]));
  }
  return { units, counters, staff, owners: new Map(owners.map((o) => [o.badge_hash, o.staff_id])), issuedCodes };
}

/** What applying a plan writes, in this order, in one transaction (apply.ts). */
export interface RosterWrites {
  units: { id: string; name: string; level: string; isNew: boolean }[];
  parents: { id: string; parentId: string | null }[];
  counters: { id: string; unit_id: string; name: string; desk_role: string }[];
  staff: {
    id: string;
    isNew: boolean;
    unit_id: string;
    full_name: string;
    title: string;
    active: boolean;
    /** A new old-format badge for the officer; undefined leaves the one held. */
    old_badge_hash?: string;
    roles?: string;
  }[];
  owners: { badge_hash: string; staff_id: string }[];
  deactivate: string[];
}

const INACTIVE_WORDS = ['nghi', 'nghi viec', 'da nghi', 'nghi huu', 'chuyen cong tac', 'khong', 'inactive', 'no', 'false', '0'];
const LEVELS: Record<string, 'province' | 'district' | 'commune'> = {
  tinh: 'province', 'cap tinh': 'province', province: 'province', 'thanh pho truc thuoc trung uong': 'province',
  huyen: 'district', 'cap huyen': 'district', quan: 'district', 'thi xa': 'district', 'thanh pho': 'district', district: 'district',
  xa: 'commune', 'cap xa': 'commune', phuong: 'commune', 'thi tran': 'commune', commune: 'commune',
};
const DESK_ROLES: Record<string, 'reception' | 'results'> = {
  'tiep nhan': 'reception', 'tiep nhan ho so': 'reception', reception: 'reception',
  'tra ket qua': 'results', 'tra kq': 'results', results: 'results',
};

/**
 * The plan of an import (docs/roster.md): every row matched against the roster the server holds,
 * added, changed, unchanged or refused with its reasons, and the staff the file does not name in
 * the units it covers. Pure: the snapshot is all it reads. Staff are matched by staff id, then by
 * badge code (old-format codes have one owner for ever; NC-… codes are the officers' current
 * badges), then by unit and name (searchKey) — a name two officers of the unit share is refused.
 */
export function planImport(file: RosterFile, snapshot: RosterSnapshot, deactivateMissing: boolean): { plan: RosterPlan; writes: RosterWrites } {
  const writes: RosterWrites = { units: [], parents: [], counters: [], staff: [], owners: [], deactivate: [] };
  // The records the rows found, as they are now: part of the plan's id, so an edit between preview and confirm shows.
  const found: unknown[] = [];
  const planned: RosterPlanRow[] = [];
  const rowOf = (row: FileRow, extra: Partial<RosterPlanRow>): RosterPlanRow => {
    const result: RosterPlanRow = { kind: row.kind, sheet: row.sheet, row: row.row, action: 'refused', id: null, name: '', unitId: null, matchedBy: null, changes: [], problems: [...row.problems], ...extra };
    planned.push(result);
    return result;
  };
  const refuse = (result: RosterPlanRow, problem: RosterProblem) => {
    result.problems.push(problem);
    result.action = 'refused';
  };

  // Units: by id, else by name. Units the file adds are known to its counters and staff.
  const units = new Map(snapshot.units.map((u) => [u.id, { ...u }]));
  const unitsByName = new Map<string, string[]>();
  const nameUnit = (key: string, id: string) => unitsByName.set(key, [...(unitsByName.get(key) ?? []).filter((x) => x !== id), id]);
  for (const unit of snapshot.units) nameUnit(searchKey(unit.name), unit.id);
  const resolveUnit = (text: string): { id: string } | RosterProblem => {
    if (units.has(text)) return { id: text };
    const named = unitsByName.get(searchKey(text)) ?? [];
    if (named.length === 1) return { id: named[0]! };
    return { code: named.length > 1 ? 'ambiguous_unit' : 'unknown_unit', params: { unit: text } };
  };
  const seenIds: Record<RosterRecordKind, Map<string, number>> = { unit: new Map(), counter: new Map(), staff: new Map() };
  const claim = (kind: RosterRecordKind, id: string, row: FileRow, result: RosterPlanRow, what: string) => {
    const first = seenIds[kind].get(id);
    if (first !== undefined) refuse(result, { code: 'same_record', params: { row: first, what, id } });
    else seenIds[kind].set(id, row.row);
  };
  const parentsWanted: { id: string; parent: string; result: RosterPlanRow }[] = [];

  for (const row of file.rows.filter((r) => r.kind === 'unit')) {
    if (row.empty) {
      rowOf(row, { action: 'ignored', problems: [] });
      continue;
    }
    const name = row.cells.name ?? '';
    const result = rowOf(row, { name });
    const givenId = row.cells.id ?? '';
    if (givenId && !RecordId.safeParse(givenId).success) result.problems.push({ code: 'invalid_field', params: { field: 'id', detail: 'letters, digits, . - : _' } });
    result.problems.push(...textProblems('name', name, 200, true));
    const existing = givenId ? units.get(givenId) : units.get(only(unitsByName.get(searchKey(name))) ?? '');
    if (!existing && !givenId) result.problems.push({ code: 'empty_field', params: { field: 'id' } });
    if (existing) found.push({ ...existing });
    const levelText = row.cells.level ?? '';
    const level = levelText ? LEVELS[searchKey(levelText)] : undefined;
    if (levelText && !level) result.problems.push({ code: 'invalid_level', params: { value: levelText } });
    if (!levelText && !existing) result.problems.push({ code: 'empty_field', params: { field: 'level' } });
    const id = existing?.id ?? givenId;
    result.id = id || null;
    if (id) claim('unit', id, row, result, 'đơn vị / unit');
    if (result.problems.length > 0) {
      result.action = 'refused';
      continue;
    }
    const next = { id, name: name || existing!.name, level: level ?? existing!.level };
    const changes: RosterField[] = [];
    if (existing && existing.name !== next.name) changes.push('name');
    if (existing && existing.level !== next.level) changes.push('level');
    result.action = existing ? (changes.length > 0 ? 'change' : 'unchanged') : 'add';
    result.changes = changes;
    if (result.action !== 'unchanged') writes.units.push({ ...next, isNew: !existing });
    if (!existing) units.set(id, { id, name: next.name, level: next.level, parent_id: null });
    else Object.assign(units.get(id)!, { name: next.name, level: next.level });
    if (existing && existing.name !== next.name) unitsByName.set(searchKey(existing.name), (unitsByName.get(searchKey(existing.name)) ?? []).filter((x) => x !== id));
    nameUnit(searchKey(next.name), id);
    // A file without the parent column (an older HR export) leaves the tree as it is.
    if (row.cells.parent !== undefined) parentsWanted.push({ id, parent: row.cells.parent, result });
  }
  // Parents once every unit of the file is known: by id or name, and never a loop.
  const parentOf = new Map([...units.values()].map((u) => [u.id, u.parent_id]));
  for (const wanted of parentsWanted) {
    if (wanted.parent === '') {
      parentOf.set(wanted.id, null);
      continue;
    }
    const parent = resolveUnit(wanted.parent);
    if ('code' in parent) refuse(wanted.result, { code: 'unknown_parent', params: { parent: wanted.parent } });
    else parentOf.set(wanted.id, parent.id);
  }
  for (const wanted of parentsWanted) {
    if (wanted.result.action === 'refused') continue;
    const visited = new Set<string>([wanted.id]);
    for (let up = parentOf.get(wanted.id) ?? null; up !== null; up = parentOf.get(up) ?? null) {
      if (visited.has(up)) {
        refuse(wanted.result, { code: 'parent_loop', params: { unit: up } });
        break;
      }
      visited.add(up);
    }
    if (isRefused(wanted.result)) continue;
    const before = units.get(wanted.id)!.parent_id;
    const after = parentOf.get(wanted.id) ?? null;
    if (before !== after) {
      writes.parents.push({ id: wanted.id, parentId: after });
      wanted.result.changes.push('parent');
      if (wanted.result.action === 'unchanged') wanted.result.action = 'change';
    }
  }
  // A refused unit is not known to the rows below (they are refused as naming an unknown unit).
  for (const result of planned) {
    if (result.kind === 'unit' && result.action === 'refused' && result.id && !snapshot.units.some((u) => u.id === result.id)) units.delete(result.id);
  }
  writes.units = writes.units.filter((w) => planned.some((r) => r.kind === 'unit' && r.id === w.id && r.action !== 'refused'));
  writes.parents = writes.parents.filter((w) => planned.some((r) => r.kind === 'unit' && r.id === w.id && r.action !== 'refused'));

  // Counters: by id, else by unit and name; a new counter without id gets one made from both.
  const counters = new Map(snapshot.counters.map((c) => [c.id, c]));
  const countersByName = new Map<string, string[]>();
  for (const counter of snapshot.counters) countersByName.set(`${counter.unit_id}\n${searchKey(counter.name)}`, [...(countersByName.get(`${counter.unit_id}\n${searchKey(counter.name)}`) ?? []), counter.id]);
  for (const row of file.rows.filter((r) => r.kind === 'counter')) {
    if (row.empty) {
      rowOf(row, { action: 'ignored', problems: [] });
      continue;
    }
    const name = row.cells.name ?? '';
    const result = rowOf(row, { name });
    result.problems.push(...textProblems('name', name, 200, true));
    const unit = unitOf(row, resolveUnit, result);
    const givenId = row.cells.id ?? '';
    if (givenId && !RecordId.safeParse(givenId).success) result.problems.push({ code: 'invalid_field', params: { field: 'id', detail: 'letters, digits, . - : _' } });
    const roleText = row.cells.deskRole ?? '';
    const deskRole = roleText ? DESK_ROLES[searchKey(roleText)] : undefined;
    if (roleText && !deskRole) result.problems.push({ code: 'invalid_desk_role', params: { value: roleText } });
    const existing = givenId ? counters.get(givenId) : unit ? counters.get(only(countersByName.get(`${unit}\n${searchKey(name)}`)) ?? '') : undefined;
    if (!existing && !roleText) result.problems.push({ code: 'empty_field', params: { field: 'deskRole' } });
    if (existing) found.push(existing);
    const id = existing?.id ?? (givenId || (unit ? madeId('q', `${unit}\n${searchKey(name)}`, counters) : ''));
    result.id = id || null;
    if (id) claim('counter', id, row, result, 'quầy / counter');
    if (result.problems.length > 0) {
      result.action = 'refused';
      continue;
    }
    const next = { id, unit_id: unit!, name, desk_role: deskRole ?? existing!.desk_role };
    const changes: RosterField[] = [];
    if (existing && existing.name !== next.name) changes.push('name');
    if (existing && existing.unit_id !== next.unit_id) changes.push('unit');
    if (existing && existing.desk_role !== next.desk_role) changes.push('deskRole');
    result.action = existing ? (changes.length > 0 ? 'change' : 'unchanged') : 'add';
    result.changes = changes;
    result.unitId = next.unit_id;
    if (result.action !== 'unchanged') writes.counters.push(next);
  }

  // Staff.
  const staff = new Map(snapshot.staff.map((s) => [s.id, s]));
  const staffByName = new Map<string, string[]>();
  for (const member of snapshot.staff) staffByName.set(`${member.unit_id}\n${member.name_key}`, [...(staffByName.get(`${member.unit_id}\n${member.name_key}`) ?? []), member.id]);
  const badgeRows = new Map<string, number>();
  const newIds = new Set<string>();
  const columns = file.columns.staff;
  for (const row of file.rows.filter((r) => r.kind === 'staff')) {
    if (row.empty) {
      rowOf(row, { action: 'ignored', problems: [] });
      continue;
    }
    const fullName = (row.cells.fullName ?? '').replace(/\s+/g, ' ');
    const result = rowOf(row, { name: fullName });
    result.problems.push(...textProblems('fullName', fullName, 120, true));
    result.problems.push(...textProblems('title', row.cells.title ?? '', 200, false));
    const unit = unitOf(row, resolveUnit, result);
    const givenId = row.cells.id ?? '';
    if (givenId && !RecordId.safeParse(givenId).success) result.problems.push({ code: 'invalid_field', params: { field: 'id', detail: 'letters, digits, . - : _' } });
    let roles: string[] | undefined;
    if (row.roles !== undefined) {
      if (row.roles.every((role) => (STAFF_ROLES as readonly string[]).includes(role))) roles = [...new Set(row.roles)];
      else result.problems.push({ code: 'invalid_field', params: { field: 'roles', detail: `only ${STAFF_ROLES.join(', ')}` } });
    }

    // The badge: an old-format code (hashed; one owner for ever) or a current NC-… code.
    const code = normalizeBadgeCode(row.cells.badgeCode ?? '');
    let badgeOwner: string | undefined;
    let newBadgeHash: string | undefined;
    if (code) {
      const firstRow = badgeRows.get(code);
      if (firstRow !== undefined) result.problems.push({ code: 'duplicate_badge', params: { row: firstRow } });
      else badgeRows.set(code, row.row);
      if (BADGE_CODE_PATTERN_V2.test(code)) {
        badgeOwner = snapshot.issuedCodes?.get(code);
        if (!badgeOwner) result.problems.push({ code: 'unknown_issued_badge', params: {} });
      } else if (code.length < 3 || code.length > 64 || hasControlCharacters(code)) {
        result.problems.push({ code: 'invalid_field', params: { field: 'badgeCode', detail: '3–64 characters' } });
      } else {
        newBadgeHash = hashBadgeCode(code);
        badgeOwner = snapshot.owners.get(newBadgeHash);
      }
    }

    // Matching: staff id, then badge, then unit and name.
    let existing = givenId ? staff.get(givenId) : undefined;
    if (existing) result.matchedBy = 'id';
    else if (!givenId && badgeOwner) {
      existing = staff.get(badgeOwner);
      result.matchedBy = existing ? 'badge' : null;
    } else if (!givenId && unit) {
      const named = staffByName.get(`${unit}\n${searchKey(fullName)}`) ?? [];
      if (named.length === 1) {
        existing = staff.get(named[0]!);
        result.matchedBy = 'name';
      } else if (named.length > 1) result.problems.push({ code: 'ambiguous_name', params: { count: named.length } });
    }
    // A code finds its owner only under the owner's name: under another name it is being given to someone else.
    const reused = result.matchedBy === 'badge' && existing !== undefined && searchKey(existing.full_name) !== searchKey(fullName);
    if (badgeOwner && (reused || badgeOwner !== (existing?.id ?? givenId))) {
      const owner = staff.get(badgeOwner);
      result.problems.push({ code: 'badge_owned', params: { owner: badgeOwner, ownerName: owner?.full_name ?? '' } });
    }
    if (existing) found.push(existing);
    let id = existing?.id ?? givenId;
    if (!id && unit && fullName) {
      // HR's sheet has no staff id: one made from the badge code (as older imports did) or from unit and name.
      const fromBadge = code && !BADGE_CODE_PATTERN_V2.test(code) ? `st-${code.replace(/[^A-Z0-9]+/g, '-').replace(/^-|-$/g, '')}` : '';
      id = fromBadge && RecordId.safeParse(fromBadge).success && !staff.has(fromBadge) && !newIds.has(fromBadge) ? fromBadge : madeId('st', `${unit}\n${searchKey(fullName)}\n${code}`, staff, newIds);
    }
    result.id = id || null;
    if (id) claim('staff', id, row, result, 'cán bộ / officer');
    if (result.problems.length > 0) {
      result.action = 'refused';
      continue;
    }
    const activeText = columns.has('active') ? searchKey(row.cells.active ?? '') : '';
    const next = {
      unit_id: unit!,
      full_name: existing && !richerName(fullName, existing.full_name) ? existing.full_name : fullName,
      title: columns.has('title') || !existing ? (row.cells.title ?? '') : existing.title,
      active: !INACTIVE_WORDS.includes(activeText),
    };
    // A reissued badge revoked the old-format code: the file's copy of it is not taken back.
    const badgeChanges = newBadgeHash !== undefined && (!existing || (existing.old_badge_hash !== newBadgeHash && existing.badge_issue <= 1));
    const changes: RosterField[] = [];
    if (existing) {
      if (existing.full_name !== next.full_name) changes.push('fullName');
      if (existing.title !== next.title) changes.push('title');
      if (existing.unit_id !== next.unit_id) changes.push('unit');
      if (existing.active !== next.active) changes.push('active');
      if (badgeChanges) changes.push('badgeCode');
      if (roles !== undefined && existing.roles !== JSON.stringify(roles)) changes.push('roles');
    }
    result.action = existing ? (changes.length > 0 ? 'change' : 'unchanged') : 'add';
    result.changes = changes;
    result.unitId = next.unit_id;
    if (!existing) newIds.add(id);
    if (result.action !== 'unchanged') {
      writes.staff.push({ id, isNew: !existing, ...next, ...(badgeChanges ? { old_badge_hash: newBadgeHash } : {}), ...(roles !== undefined ? { roles: JSON.stringify(roles) } : {}) });
    }
    if (newBadgeHash !== undefined && badgeChanges) writes.owners.push({ badge_hash: newBadgeHash, staff_id: id });
  }

  // Missing staff: only in the units the file's staff rows name, and only deactivated when asked.
  const staffRows = planned.filter((r) => r.kind === 'staff' && r.action !== 'ignored');
  const coveredUnits = [...new Set(staffRows.map((r) => r.unitId).filter((u): u is string => u !== null))].sort();
  const named = new Set(staffRows.map((r) => r.id));
  const missing = snapshot.staff
    .filter((member) => member.active && coveredUnits.includes(member.unit_id) && !named.has(member.id))
    .map((member) => ({ id: member.id, name: member.full_name, unitId: member.unit_id }));
  if (deactivateMissing) writes.deactivate = missing.map((member) => member.id);

  const counts = Object.fromEntries(
    ROSTER_RECORD_KINDS.map((kind) => {
      const of = (action: string) => planned.filter((r) => r.kind === kind && r.action === action).length;
      return [kind, { add: of('add'), change: of('change'), unchanged: of('unchanged'), refused: of('refused') } satisfies RosterPlanCounts];
    }),
  ) as Record<RosterRecordKind, RosterPlanCounts>;
  // In the file's order: sheet by sheet, row by row.
  const order = new Map(file.rows.map((row, index) => [`${row.sheet ?? ''}\n${row.row}`, index]));
  const rows = planned.sort((a, b) => order.get(`${a.sheet ?? ''}\n${a.row}`)! - order.get(`${b.sheet ?? ''}\n${b.row}`)!);
  const planId = createHash('sha256')
    .update(JSON.stringify({ file: file.sha256, deactivateMissing, rows: rows.map((r) => [r.kind, r.sheet, r.row, r.action, r.id, r.changes]), missing: missing.map((m) => m.id), writes, found }))
    .digest('hex');
  return {
    plan: { planId, fileName: file.fileName, fileSha256: file.sha256, deactivateMissing, counts, ignoredRows: rows.filter((r) => r.action === 'ignored').length, rows, coveredUnits, missing },
    writes,
  };
}

/** Read through a function: the checks above may have refused the row since TypeScript last looked. */
function isRefused(row: RosterPlanRow): boolean {
  return row.action === 'refused';
}

function unitOf(row: FileRow, resolveUnit: (text: string) => { id: string } | RosterProblem, result: RosterPlanRow): string | null {
  const text = row.cells.unit ?? '';
  if (!text) {
    result.problems.push({ code: 'empty_field', params: { field: 'unit' } });
    return null;
  }
  const unit = resolveUnit(text);
  if ('code' in unit) {
    result.problems.push(unit);
    return null;
  }
  return unit.id;
}

export function textProblems(field: RosterField, value: string, max: number, required: boolean): RosterProblem[] {
  if (required && value === '') return [{ code: 'empty_field', params: { field } }];
  if (hasControlCharacters(value)) return [{ code: 'invalid_field', params: { field, detail: 'NUL or control characters' } }];
  if ([...value].length > max) return [{ code: 'invalid_field', params: { field, detail: `at most ${max} characters` } }];
  return [];
}

/**
 * Whether a file's spelling of a name should replace the stored one: a different name, or the same
 * letters written with their tones in mixed case (HR correcting "Hoà" to "Hòa"). A name typed
 * without tones or in capitals only finds the officer; it never takes their tones away.
 */
function richerName(fromFile: string, stored: string): boolean {
  if (fromFile === stored) return false;
  if (searchKey(fromFile) !== searchKey(stored)) return true;
  const hasTones = searchKey(fromFile) !== fromFile.toLowerCase().replace(/\s+/g, ' ').trim();
  const allCapitals = fromFile === fromFile.toUpperCase();
  return hasTones && !allCapitals;
}

/** The one id of a list, or nothing when there are none or several. */
function only(ids: string[] | undefined): string | undefined {
  return ids?.length === 1 ? ids[0] : undefined;
}

/** An id for a record the file names without one: stable for the same row, never one already taken. */
function madeId(prefix: string, seed: string, taken: Map<string, unknown>, alsoTaken: Set<string> = new Set()): string {
  const hash = createHash('sha256').update(seed).digest('hex');
  for (let length = 10; ; length += 2) {
    const id = `${prefix}-${hash.slice(0, length)}`;
    if (!taken.has(id) && !alsoTaken.has(id)) return id;
  }
}
