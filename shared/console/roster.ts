/**
 * The console's roster API (`/api/console/v1/roster/…`, docs/roster.md): units, counters and staff
 * listed, searched, added, edited, moved and deactivated, and HR's files imported with a preview.
 * Types and role rules only (the console's bundle imports them); the schemas are roster-schemas.ts.
 */
import type { ConsoleRole } from './constants';

/** Roles that change the roster anywhere in the province, units included, and import HR's files. */
export function roleManagesWholeRoster(role: ConsoleRole): boolean {
  return role === 'province' || role === 'it' || role === 'admin';
}

/** Roles that change counters and staff: unit heads within their own subtree, the others everywhere. */
export function roleEditsStaff(role: ConsoleRole): boolean {
  return roleManagesWholeRoster(role) || role === 'unit_head';
}

export const ROSTER_PAGE_SIZE = 50;
export const ROSTER_STATUS_FILTERS = ['active', 'inactive', 'all'] as const;
export type RosterStatusFilter = (typeof ROSTER_STATUS_FILTERS)[number];
export const UNIT_LEVELS = ['province', 'district', 'commune'] as const;
export type UnitLevel = (typeof UNIT_LEVELS)[number];

export interface RosterUnit {
  id: string;
  name: string;
  level: UnitLevel;
  parentId: string | null;
  parentName: string | null;
  active: boolean;
  counters: number;
  staff: number;
}

export interface RosterCounter {
  id: string;
  name: string;
  unitId: string;
  unitName: string;
  deskRole: 'reception' | 'results';
  active: boolean;
  /** Kiosks bound to the counter (not retired): while any is, the counter is not moved or deactivated. */
  kiosks: number;
}

export interface RosterStaffMember {
  id: string;
  fullName: string;
  title: string;
  unitId: string;
  unitName: string;
  active: boolean;
  /** The last 4 characters of the officer's current badge code: enough to tell badges apart, not to forge one. */
  badgeEnd: string;
}

export interface RosterPage<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface RosterListQuery {
  q?: string;
  unit?: string;
  status?: RosterStatusFilter;
  page?: number;
}
