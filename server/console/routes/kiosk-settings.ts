import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { FleetAlertSettingsSchema, type FleetAlertSettingsView, type UnitSettings } from '../../../shared/console/fleet';
import { RecordId } from '../../../shared/schema-helpers';
import { readFleetAlertSettings, writeFleetAlertSettings } from '../../fleet/fleet-settings';
import { effectiveSettings, saveDeviceSettings, saveKioskSettings, settingsLayersFor } from '../../kiosk-config';
import { relayConfigured } from '../../mail/relay';
import { writeAudit } from '../audit';
import { ConsoleError } from '../errors';
import { clientAddress, parseInput, requireSession } from '../guard';
import type { ConsoleRouteOptions } from '../plugin';
import { UserScope } from '../scope';
import { parseSettingsPatch } from '../setting-errors';
import { FLEET_ROLES, requireDevice } from './fleet';

const UnitParams = z.object({ unitId: z.union([z.literal('*'), RecordId]) });
const KioskParams = z.object({ id: RecordId });

/**
 * Kiosk settings edited in the console (delivered by GET /api/v1/config): for every kiosk (`*`),
 * per unit, and per kiosk over its unit's; each answered with the value in force and where it
 * comes from. A PUT replaces that level's own settings (a key left out falls back to the level
 * above); a value out of range is refused naming it, and nothing is stored.
 */
export async function kioskSettingsRoutes(app: FastifyInstance, { db, now }: ConsoleRouteOptions): Promise<void> {
  const unitView = async (unitId: string): Promise<UnitSettings> => {
    const layers = await settingsLayersFor(db, { id: null, unitId });
    // For every kiosk, the province's level is the one edited: no unit level under it.
    if (unitId === '*') layers.unit = {};
    return { unitId: unitId === '*' ? null : unitId, effective: effectiveSettings(layers), own: unitId === '*' ? layers.province : layers.unit };
  };

  app.get('/fleet/settings/units/:unitId', async (request) => {
    const session = requireSession(request, FLEET_ROLES);
    const { unitId } = parseInput(UnitParams, request.params);
    if (unitId !== '*') (await UserScope.of(db, session.user)).requireUnit(unitId);
    return unitView(unitId);
  });

  app.put('/fleet/settings/units/:unitId', async (request) => {
    const session = requireSession(request, FLEET_ROLES);
    const { unitId } = parseInput(UnitParams, request.params);
    if (unitId !== '*') (await UserScope.of(db, session.user)).requireUnit(unitId);
    const settings = parseSettingsPatch(request.body);
    const at = now();
    await saveKioskSettings(db, unitId, settings, at);
    await writeAudit(db, { actor: session.user, action: 'kiosk_settings_changed', details: { scope: unitId === '*' ? 'province' : unitId, settings }, address: clientAddress(request), at });
    return unitView(unitId);
  });

  app.put('/fleet/settings/kiosks/:id', async (request) => {
    const session = requireSession(request, FLEET_ROLES);
    const { id } = parseInput(KioskParams, request.params);
    const device = await requireDevice(db, id);
    if (device.revoked_at !== null) throw new ConsoleError(409, 'kiosk_retired', { name: device.name });
    const settings = parseSettingsPatch(request.body);
    const at = now();
    await saveDeviceSettings(db, id, settings, at);
    await writeAudit(db, { actor: session.user, action: 'kiosk_settings_changed', details: { kiosk: id, name: device.name, settings }, address: clientAddress(request), at });
    const layers = await settingsLayersFor(db, { id, unitId: device.unit_id });
    return { effective: effectiveSettings(layers), own: layers.kiosk };
  });

  // The alerts' thresholds and who is e-mailed (docs/fleet.md "Alerts"); the relay is the monthly reports'.
  const alertView = async (): Promise<FleetAlertSettingsView> => ({ settings: await readFleetAlertSettings(db), relaySet: await relayConfigured(db) });

  app.get('/fleet/alert-settings', async (request) => {
    requireSession(request, FLEET_ROLES);
    return alertView();
  });

  app.put('/fleet/alert-settings', async (request) => {
    const session = requireSession(request, FLEET_ROLES);
    const settings = parseInput(FleetAlertSettingsSchema, request.body);
    const at = now();
    await writeFleetAlertSettings(db, settings, at);
    await writeAudit(db, { actor: session.user, action: 'fleet_alert_settings_changed', details: { ...settings }, address: clientAddress(request), at });
    return alertView();
  });
}
