import type { FastifyPluginAsync } from 'fastify';
import type { ServerContext } from '../context';
import { recordServedVersion } from '../fleet/served-versions';
import { withDeadline } from '../http/deadline';
import { etagOf, sendWithEtag } from '../http/etag';
import { kioskConfigFor } from '../kiosk-config';
import { authenticatedDevice } from '../plugins/device-auth';

/** GET /config (signed, ETag): the kiosk's settings and its counter. */
export const configRoutes: FastifyPluginAsync<ServerContext> = async (app, { db, now, limits }) => {
  app.get('/config', async (request, reply) => {
    const device = authenticatedDevice(request);
    const config = await withDeadline(kioskConfigFor(db, device), limits.requestTimeoutMs);
    const etag = etagOf(config);
    await withDeadline(recordServedVersion(db, device, 'settings', etag), limits.requestTimeoutMs);
    return sendWithEtag(request, reply, config, now(), etag);
  });
};
