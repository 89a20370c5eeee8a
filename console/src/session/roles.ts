/**
 * What each role finds in the console (DOMAIN "Units and roles"): the server checks every request
 * again; this only decides which pages are offered.
 */
import type { ConsoleUser } from '../../../shared/console/api';
import { roleManagesBadges, roleReadsComments, roleRunsFleet, type ConsoleRole } from '../../../shared/console/constants';
import { roleEditsStaff } from '../../../shared/console/roster';
import type { ReportSubject } from '../routing/routes';

export type NavPage =
  | 'overview'
  | 'comments'
  | 'monthly-reports'
  | 'fleet'
  | 'kiosk-settings'
  | 'enrolment'
  | 'updates'
  | 'periods'
  | 'accounts'
  | 'audit'
  | 'settings'
  | 'badges'
  | 'record-chains'
  | 'roster'
  | 'review';

const ADMIN_PAGES: readonly NavPage[] = ['accounts', 'audit', 'periods', 'settings', 'monthly-reports'];

export function pagesFor(role: ConsoleRole): NavPage[] {
  const pages: NavPage[] = ['overview'];
  if (roleReadsComments(role)) pages.push('comments');
  // The province and unit heads subscribe; administrators set the relay and watch every send.
  if (role === 'province' || role === 'unit_head') pages.push('monthly-reports');
  // The province and unit heads review flagged ratings (docs/integrity.md).
  if (role === 'province' || role === 'unit_head') pages.push('review');
  if (roleRunsFleet(role)) pages.push('fleet', 'kiosk-settings', 'enrolment');
  if (role === 'province') pages.push('periods');
  // IT staff run the fleet's software: releases, rings, the kill switch.
  if (role === 'it') pages.push('updates');
  if (role === 'admin') pages.push(...ADMIN_PAGES);
  // Badges: IT staff and the province everywhere, unit heads within their units (the server checks the scope).
  if (roleManagesBadges(role)) pages.push('badges');
  // Whether every rating of the scope's kiosks reached the server: for every role.
  pages.push('record-chains');
  // The roster: IT, the province and administrators everywhere, unit heads their own units' staff and counters.
  if (roleEditsStaff(role)) pages.push('roster');
  return pages;
}

export function mayOpen(role: ConsoleRole, page: NavPage): boolean {
  return pagesFor(role).includes(page);
}

/** The top of a user's scope: the province, or a unit head's own unit. */
export function scopeSubject(user: Pick<ConsoleUser, 'role' | 'unitId'>): ReportSubject {
  return user.role === 'unit_head' && user.unitId ? { kind: 'unit', id: user.unitId } : { kind: 'province', id: null };
}
