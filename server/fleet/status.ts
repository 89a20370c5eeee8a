import type { KioskStatus } from '../../shared/console/fleet';
import { openSince, type OpeningHours } from '../../shared/opening-hours';

export interface StatusInput {
  retired: boolean;
  /** The last heartbeat, or the enrolment for a kiosk never heard from. */
  lastHeardAt: number;
  heartbeatIntervalMs: number;
  openingHours: OpeningHours;
  graceMs: number;
}

/**
 * Online, late or offline from the kiosk's heartbeats, judged only while its unit is open: a kiosk
 * heard within one heartbeat interval plus the grace is online; otherwise, while the unit is
 * closed it is "closed" (not judged), and while open its silence counts from its last heartbeat or
 * the opening, whichever is later (kiosks switched on at opening time are not offline at 07:01).
 * Late up to three intervals plus the grace, offline after.
 */
export function kioskStatus(input: StatusInput, now: number): { status: KioskStatus; silentMs: number } {
  if (input.retired) return { status: 'retired', silentMs: 0 };
  const sinceHeard = Math.max(0, now - input.lastHeardAt);
  if (sinceHeard <= input.heartbeatIntervalMs + input.graceMs) return { status: 'online', silentMs: 0 };
  const opened = openSince(input.openingHours, now);
  if (opened === null) return { status: 'closed', silentMs: 0 };
  const silentMs = now - Math.max(input.lastHeardAt, opened);
  if (silentMs <= input.heartbeatIntervalMs + input.graceMs) return { status: 'online', silentMs };
  if (silentMs <= 3 * input.heartbeatIntervalMs + input.graceMs) return { status: 'late', silentMs };
  return { status: 'offline', silentMs };
}
