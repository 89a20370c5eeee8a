/**
 * Every kiosk as IT staff see it (the console's fleet page, `npm run admin -- devices`, alerts):
 * its place, versions, backlog, clock, disk, what it could not apply, and its status from its
 * heartbeats within its unit's opening hours (status.ts).
 */
import { sql } from 'kysely';
import type { AlertKind, FleetKiosk } from '../../shared/console/fleet';
import { RosterProblemSchema, type RosterProblem } from '../../shared/fleet';
import { UpdaterStateSchema } from '../../shared/protocol';
import { DEFAULT_KIOSK_SETTINGS, KioskSettingsSchema } from '../../shared/settings';
import type { ServerDb } from '../db/connect';
import { allSettingsLayers } from '../kiosk-config';
import { readFleetAlertSettings } from './fleet-settings';
import { kioskStatus } from './status';

/** The roster rows a kiosk left out, as stored from its heartbeat (checked again: a row of another shape is dropped). */
function rosterProblemsOf(text: string | null): RosterProblem[] {
  if (!text) return [];
  const parsed = JSON.parse(text) as unknown;
  return Array.isArray(parsed) ? parsed.flatMap((item) => {
    const problem = RosterProblemSchema.safeParse(item);
    return problem.success ? [problem.data] : [];
  }) : [];
}

function problemsOf(text: string | null): string[] {
  if (!text) return [];
  const parsed = JSON.parse(text) as unknown;
  return Array.isArray(parsed) ? parsed.filter((item): item is string => typeof item === 'string') : [];
}

/** Every kiosk (or one), in unit and name order, with its status at `now`. */
export async function fleetKiosks(db: ServerDb, now: number, only?: { deviceId: string }): Promise<(FleetKiosk & { silentMs: number })[]> {
  let query = db
    .selectFrom('devices as d')
    .innerJoin('units as u', 'u.id', 'd.unit_id')
    .leftJoin('counters as c', 'c.id', 'd.counter_id')
    .selectAll('d')
    .select(['u.name as unit_name', 'c.name as counter_name', 'c.desk_role as desk_role'])
    .orderBy('u.name')
    .orderBy('c.name')
    .orderBy('d.name');
  if (only) query = query.where('d.id', '=', only.deviceId);
  const [rows, layers, alertSettings, openAlerts] = await Promise.all([
    query.execute(),
    allSettingsLayers(db),
    readFleetAlertSettings(db),
    db
      .selectFrom('fleet_alerts')
      .select(['device_id', 'kind'])
      .where('ended_at', 'is', null)
      .$if(only !== undefined, (q) => q.where('device_id', '=', only!.deviceId))
      .execute(),
  ]);
  const alertsOf = new Map<string, AlertKind[]>();
  for (const alert of openAlerts) alertsOf.set(alert.device_id, [...(alertsOf.get(alert.device_id) ?? []), alert.kind as AlertKind]);
  return rows.map((row) => {
    const patch = { ...layers.province, ...(layers.units.get(row.unit_id) ?? {}), ...(layers.kiosks.get(row.id) ?? {}) };
    const settings = KioskSettingsSchema.safeParse({ ...DEFAULT_KIOSK_SETTINGS, ...patch });
    const { heartbeatIntervalMs, openingHours } = settings.success ? settings.data : DEFAULT_KIOSK_SETTINGS;
    const { status, silentMs } = kioskStatus(
      {
        retired: row.revoked_at !== null,
        lastHeardAt: row.last_heartbeat_at ?? row.enrolled_at,
        heartbeatIntervalMs,
        openingHours,
        graceMs: alertSettings.graceMinutes * 60_000,
      },
      now,
    );
    const updater = row.updater_state === null ? null : UpdaterStateSchema.safeParse(JSON.parse(row.updater_state));
    const settingsProblems = problemsOf(row.settings_problems);
    const rosterProblems = rosterProblemsOf(row.roster_problems);
    return {
      deviceId: row.id,
      name: row.name,
      unitId: row.unit_id,
      unitName: row.unit_name,
      counterId: row.counter_id,
      counterName: row.counter_name ?? null,
      deskRole: row.desk_role ?? null,
      appVersion: row.app_version,
      status,
      silentMs,
      enrolledAt: row.enrolled_at,
      lastHeartbeatAt: row.last_heartbeat_at,
      pendingCount: row.pending_count,
      oldestPendingAgeMs: row.oldest_pending_age_ms,
      clockOffsetMs: row.clock_offset_ms,
      freeDiskBytes: row.free_disk_bytes,
      rosterVersion: row.roster_version,
      settingsVersion: row.settings_version,
      rosterBehind: rosterProblems.length > 0 || (row.roster_version !== null && row.roster_served !== null && row.roster_version !== row.roster_served),
      rosterProblems,
      settingsBehind: settingsProblems.length > 0 || (row.settings_version !== null && row.settings_served !== null && row.settings_version !== row.settings_served),
      settingsProblems,
      lastError: row.last_error,
      lastErrorAt: row.last_error_at,
      updater: updater?.success ? { phase: updater.data.phase, version: updater.data.version, error: updater.data.error } : null,
      openAlerts: alertsOf.get(row.id) ?? [],
    };
  });
}

export async function countKiosks(db: ServerDb): Promise<number> {
  const { n } = await db.selectFrom('devices').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
  return n;
}
