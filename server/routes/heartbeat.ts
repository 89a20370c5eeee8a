import type { FastifyPluginAsync } from 'fastify';
import { HeartbeatRequestSchema } from '../../shared/protocol';
import type { ServerContext } from '../context';
import { recordHeartbeat } from '../devices';
import { parseWith, readJson } from '../http/body';
import { withDeadline } from '../http/deadline';
import { authenticatedDevice } from '../plugins/device-auth';
import { recordUpdaterState } from '../updates/updater-state';

/** POST /heartbeat (signed): the kiosk's backlog, version, last error and clock offset, for fleet monitoring. */
export const heartbeatRoutes: FastifyPluginAsync<ServerContext> = async (app, { db, now, limits }) => {
  app.post('/heartbeat', async (request) => {
    const beat = parseWith(HeartbeatRequestSchema, await readJson(request, limits.maxBodyBytes));
    const deviceId = authenticatedDevice(request).id;
    await withDeadline(recordHeartbeat(db, deviceId, beat, now()), limits.requestTimeoutMs);
    if (beat.updater) await withDeadline(recordUpdaterState(db, deviceId, beat.updater, now()), limits.requestTimeoutMs);
    return { serverTime: now() };
  });
};
