import type { FastifyPluginAsync } from 'fastify';
import type { ServerContext } from '../context';
import { recordServedVersion } from '../fleet/served-versions';
import { withDeadline } from '../http/deadline';
import { etagOf, sendWithEtag } from '../http/etag';
import { kioskConfigFor } from '../kiosk-config';
import { authenticatedDevice } from '../plugins/device-auth';
import { RECORD_CHAIN_REVISION } from '../../shared/protocol';

/** GET /config (signed, ETag): the kiosk's settings and its counter. */
export const configRoutes: FastifyPluginAsync<ServerContext> = async (app, { db, now, limits }) => {
  app.get('/config', async (request, reply) => {
    const device = authenticatedDevice(request);
    // `revision` tells a kiosk that this server takes the record chain and session events (docs/protocol.md).
    const config = { ...(await withDeadline(kioskConfigFor(db, device), limits.requestTimeoutMs)), revision: RECORD_CHAIN_REVISION };
    const etag = etagOf(config);
    await withDeadline(recordServedVersion(db, device, 'settings', etag), limits.requestTimeoutMs);
    return sendWithEtag(request, reply, config, now(), etag);
  });
};
