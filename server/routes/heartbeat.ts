import type { FastifyPluginAsync } from 'fastify';
import { HeartbeatRequestSchema } from '../../shared/protocol';
import type { ServerContext } from '../context';
import { recordHeartbeat } from '../devices';
import { parseWith, readJson } from '../http/body';
import { withDeadline } from '../http/deadline';
import { authenticatedDevice } from '../plugins/device-auth';

/** POST /heartbeat (signed): the kiosk's backlog, version, last error and clock offset, for fleet monitoring. */
export const heartbeatRoutes: FastifyPluginAsync<ServerContext> = async (app, { db, now, limits }) => {
  app.post('/heartbeat', async (request) => {
    const beat = parseWith(HeartbeatRequestSchema, await readJson(request, limits.maxBodyBytes));
    await withDeadline(recordHeartbeat(db, authenticatedDevice(request).id, beat, now()), limits.requestTimeoutMs);
    return { serverTime: now() };
  });
};
