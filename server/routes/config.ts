import type { FastifyPluginAsync } from 'fastify';
import type { ServerContext } from '../context';
import { withDeadline } from '../http/deadline';
import { sendWithEtag } from '../http/etag';
import { kioskConfigFor } from '../kiosk-config';
import { authenticatedDevice } from '../plugins/device-auth';

/** GET /config (signed, ETag): the kiosk's settings and its counter. */
export const configRoutes: FastifyPluginAsync<ServerContext> = async (app, { db, now, limits }) => {
  app.get('/config', async (request, reply) => {
    const config = await withDeadline(kioskConfigFor(db, authenticatedDevice(request)), limits.requestTimeoutMs);
    return sendWithEtag(request, reply, config, now());
  });
};
