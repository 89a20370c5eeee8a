import type { FastifyPluginAsync } from 'fastify';
import { HeartbeatRequestSchema } from '../../shared/protocol';
import type { ServerContext } from '../context';
import { recordHeartbeat } from '../devices';
import { evaluateAlerts } from '../fleet/alerts';
import { commandsFor, recordCommandResults } from '../fleet/commands';
import { recordFleetHeartbeat } from '../fleet/heartbeats';
import { parseWith, readJson } from '../http/body';
import { withDeadline } from '../http/deadline';
import { authenticatedDevice } from '../plugins/device-auth';
import { recordUpdaterState } from '../updates/updater-state';

/**
 * POST /heartbeat (signed): the kiosk's backlog, version, last error, clock offset and fleet fields
 * (shared/fleet.ts) for fleet monitoring; the kiosk's alerts are judged again (their e-mail is the
 * alert watch's), and the answer carries the commands waiting for the kiosk.
 */
export const heartbeatRoutes: FastifyPluginAsync<ServerContext> = async (app, { db, now, limits }) => {
  app.post('/heartbeat', async (request) => {
    const beat = parseWith(HeartbeatRequestSchema, await readJson(request, limits.maxBodyBytes));
    const device = authenticatedDevice(request);
    const at = now();
    const commands = await withDeadline(
      (async () => {
        await recordHeartbeat(db, device.id, beat, at);
        await recordFleetHeartbeat(db, device, beat, at);
        if (beat.updater) await recordUpdaterState(db, device.id, beat.updater, at);
        if (beat.commandResults?.length) await recordCommandResults(db, device.id, beat.commandResults, at);
        await evaluateAlerts(db, at, { deviceId: device.id });
        return commandsFor(db, device.id, at);
      })(),
      limits.requestTimeoutMs,
    );
    return commands.length > 0 ? { serverTime: now(), commands } : { serverTime: now() };
  });
};
