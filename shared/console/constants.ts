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
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
