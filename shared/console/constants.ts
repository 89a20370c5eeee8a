/**
 * The console contract's names and role rules, without zod: the console's browser bundle imports
 * these values (and only types from api.ts), so that zod stays out of it. api.ts re-exports them.
 */

export const CONSOLE_API_PREFIX = '/api/console/v1';
/** The header every state-changing request carries: the session's CSRF token. */
export const CSRF_HEADER = 'x-csrf-token';
export const SESSION_COOKIE = 'nc_session';

export const CONSOLE_ROLES = ['province', 'unit_head', 'it', 'admin'] as const;
export type ConsoleRole = (typeof CONSOLE_ROLES)[number];

/** Roles that read citizens' comments at all (DOMAIN: IT staff see aggregates only). */
export function roleReadsComments(role: ConsoleRole): boolean {
  return role === 'province' || role === 'unit_head';
}

/** Roles that run the fleet (kiosks, pairing, kiosk settings, commands, alerts): IT staff and administrators. */
export function roleRunsFleet(role: ConsoleRole): boolean {
  return role === 'it' || role === 'admin';
}

/** Who manages officers' badges (reissue, sheets): IT staff and the province everywhere, a unit head within their units. */
export const BADGE_ROLES = ['it', 'province', 'unit_head'] as const satisfies readonly ConsoleRole[];
export function roleManagesBadges(role: ConsoleRole): boolean {
  return (BADGE_ROLES as readonly ConsoleRole[]).includes(role);
}
/** Who sets officers' PINs: their unit head (within their units) and IT staff. */
export const PIN_ROLES = ['it', 'unit_head'] as const satisfies readonly ConsoleRole[];

/** Roles whose scope is one unit and the units under it; the others see the whole province. */
export function roleHasUnitScope(role: ConsoleRole): boolean {
  return role === 'unit_head';
}

/**
 * What the audit log records: sign-ins and their failures, every view of comments, every export,
 * every change of an account, a setting or a period. The console's audit page filters by these.
 */
export const AUDIT_ACTIONS = [
  'login',
  'login_failed',
  'logout',
  'password_changed',
  'comments_viewed',
  'export',
  'account_created',
  'account_changed',
  'settings_changed',
  'period_created',
  'period_deleted',
  'pairing_approved',
  'pairing_refused',
  'kiosk_moved',
  'kiosk_retired',
  'enrolment_codes_made',
  'provisioning_files_exported',
  'kiosk_settings_changed',
  'kiosk_command_sent',
  'fleet_alert_settings_changed',
  'updates_changed',
  'flag_reviewed',
  'integrity_settings_changed',
  'badge_reissued',
  'badge_sheet_printed',
  'staff_pin_set',
  'staff_pin_cleared',
  'staff_photo_set',
  'staff_photo_cleared',
  'roster_imported',
  'roster_unit_changed',
  'roster_counter_changed',
  'roster_staff_changed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** What a fair ranking ranks: officers or units (each unit over its own counters). */
export const RANKING_SUBJECTS = ['staff', 'unit'] as const;
export type RankingSubject = (typeof RANKING_SUBJECTS)[number];

/** Roles that rank officers and units for rewards: the Department of Home Affairs, and unit heads within their units. */
export function roleReadsRankings(role: ConsoleRole): boolean {
  return role === 'province' || role === 'unit_head';
}

/** The files every export comes as: a workbook (one sheet per table) or one table as CSV. */
export const EXPORT_FORMATS = ['xlsx', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The tables of a report page, as an export names them (`table`, for a CSV of one of them). */
export const REPORT_EXPORT_TABLES = ['totals', 'desks', 'behaviours', 'months', 'units', 'counters', 'staff', 'comparison'] as const;
export type ReportExportTable = (typeof REPORT_EXPORT_TABLES)[number];
