/**
 * Fleet alerts (docs/fleet.md): a kiosk offline longer than a setting during opening hours, a
 * backlog older than a setting, a clock off by more than two minutes, a roster or settings not
 * applied, a disk almost full. One open alert per kiosk and kind at most (a unique index), so an
 * alert is not repeated while it lasts; it ends by itself when the kiosk recovers. Evaluated after
 * every heartbeat, by a timer (offline kiosks send none), and when IT staff open the fleet page.
 */
import { sql } from 'kysely';
import { CLOCK_ALERT_MS, type AlertKind, type FleetAlert, type FleetAlertSettings, type FleetKiosk } from '../../shared/console/fleet';
import type { ServerDb } from '../db/connect';
import { readFleetAlertSettings } from './fleet-settings';
import { fleetKiosks } from './fleet-view';

/** The alerts a kiosk's state calls for now, with the figures that raised each. */
export function alertsCalledFor(kiosk: FleetKiosk & { silentMs: number }, settings: FleetAlertSettings, now: number): Map<AlertKind, Record<string, unknown>> {
  const alerts = new Map<AlertKind, Record<string, unknown>>();
  if (kiosk.status === 'retired') return alerts;
  if (kiosk.status === 'offline' && kiosk.silentMs > settings.offlineAlertMinutes * 60_000) {
    alerts.set('offline', { silentMinutes: Math.round(kiosk.silentMs / 60_000), lastHeartbeatAt: kiosk.lastHeartbeatAt });
  }
  if (kiosk.oldestPendingAgeMs !== null && kiosk.lastHeartbeatAt !== null) {
    // The age reported at the heartbeat, grown since: a kiosk that went quiet keeps ageing.
    const ageMs = kiosk.oldestPendingAgeMs + Math.max(0, now - kiosk.lastHeartbeatAt);
    if (kiosk.pendingCount !== 0 && ageMs > settings.backlogAlertMinutes * 60_000) {
      alerts.set('backlog', { pendingCount: kiosk.pendingCount, oldestMinutes: Math.round(ageMs / 60_000) });
    }
  }
  if (kiosk.clockOffsetMs !== null && Math.abs(kiosk.clockOffsetMs) > CLOCK_ALERT_MS) alerts.set('clock', { clockOffsetMs: kiosk.clockOffsetMs });
  if (kiosk.rosterBehind) {
    alerts.set('roster_not_applied', {
      rosterVersion: kiosk.rosterVersion,
      ...(kiosk.rosterProblems.length > 0 ? { leftOut: kiosk.rosterProblems.length, problems: kiosk.rosterProblems.slice(0, 5) } : {}),
    });
  }
  if (kiosk.settingsBehind) alerts.set('settings_not_applied', { settingsVersion: kiosk.settingsVersion, problems: kiosk.settingsProblems.slice(0, 5) });
  if (kiosk.freeDiskBytes !== null && kiosk.freeDiskBytes < settings.diskAlertMb * 1_000_000) {
    alerts.set('disk', { freeMb: Math.floor(kiosk.freeDiskBytes / 1_000_000) });
  }
  return alerts;
}

/**
 * Opens the alerts the fleet calls for and ends those it no longer does; answers the alerts opened
 * now (for e-mail). `only` limits it to one kiosk (after its heartbeat).
 */
export async function evaluateAlerts(db: ServerDb, now: number, only?: { deviceId: string }): Promise<FleetAlert[]> {
  const [kiosks, settings] = await Promise.all([fleetKiosks(db, now, only), readFleetAlertSettings(db)]);
  const open = await db
    .selectFrom('fleet_alerts')
    .select(['id', 'device_id', 'kind'])
    .where('ended_at', 'is', null)
    .$if(only !== undefined, (q) => q.where('device_id', '=', only!.deviceId))
    .execute();
  const openByKey = new Map(open.map((alert) => [`${alert.device_id} ${alert.kind}`, alert.id]));
  const opened: FleetAlert[] = [];
  const called = new Set<string>();
  for (const kiosk of kiosks) {
    for (const [kind, detail] of alertsCalledFor(kiosk, settings, now)) {
      const key = `${kiosk.deviceId} ${kind}`;
      called.add(key);
      if (openByKey.has(key)) continue;
      const inserted = await db
        .insertInto('fleet_alerts')
        .values({ device_id: kiosk.deviceId, kind, started_at: now, ended_at: null, detail: JSON.stringify(detail), mailed_at: null, mail_error: null })
        // Another evaluation opened it meanwhile: still one alert.
        .onConflict((oc) => oc.columns(['device_id', 'kind']).where('ended_at', 'is', null).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (inserted) {
        opened.push({ id: Number(inserted.id), deviceId: kiosk.deviceId, deviceName: kiosk.name, unitName: kiosk.unitName, kind, startedAt: now, endedAt: null, detail, mailedAt: null, mailError: null });
      }
    }
  }
  const ended = [...openByKey].filter(([key]) => !called.has(key)).map(([, id]) => id);
  if (ended.length > 0) await db.updateTable('fleet_alerts').set({ ended_at: now }).where('id', 'in', ended).where('ended_at', 'is', null).execute();
  return opened;
}

/** Alerts open now and those ended in the last day (or one kiosk's last ones), newest first. */
export async function listAlerts(db: ServerDb, now: number, only?: { deviceId: string }): Promise<FleetAlert[]> {
  const rows = await db
    .selectFrom('fleet_alerts as a')
    .innerJoin('devices as d', 'd.id', 'a.device_id')
    .innerJoin('units as u', 'u.id', 'd.unit_id')
    .selectAll('a')
    .select(['d.name as device_name', 'u.name as unit_name'])
    .$if(only === undefined, (q) => q.where((eb) => eb.or([eb('a.ended_at', 'is', null), eb('a.ended_at', '>', now - 86_400_000)])))
    .$if(only !== undefined, (q) => q.where('a.device_id', '=', only!.deviceId))
    .orderBy(sql`a.ended_at IS NULL`, 'desc')
    .orderBy('a.started_at', 'desc')
    .limit(only ? 50 : 500)
    .execute();
  return rows.map((row) => ({
    id: Number(row.id),
    deviceId: row.device_id,
    deviceName: row.device_name,
    unitName: row.unit_name,
    kind: row.kind as AlertKind,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    detail: JSON.parse(row.detail) as Record<string, unknown>,
    mailedAt: row.mailed_at,
    mailError: row.mail_error,
  }));
}
