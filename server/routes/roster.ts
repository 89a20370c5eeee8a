import type { FastifyPluginAsync } from 'fastify';
import type { ServerContext } from '../context';
import { recordServedVersion } from '../fleet/served-versions';
import { withDeadline } from '../http/deadline';
import { etagOf, sendWithEtag } from '../http/etag';
import { authenticatedDevice } from '../plugins/device-auth';
import { rosterForUnit } from '../roster';

/** GET /roster (signed, ETag): the device's unit, its counters and staff, with badge hashes only (keyed per unit, and scheme v1 for older kiosks). */
export const rosterRoutes: FastifyPluginAsync<ServerContext> = async (app, { db, now, limits, keys }) => {
  app.get('/roster', async (request, reply) => {
    const device = authenticatedDevice(request);
    const roster = await withDeadline(rosterForUnit(db, keys, device.unit_id, now()), limits.requestTimeoutMs);
    const etag = etagOf(roster);
    await withDeadline(recordServedVersion(db, device, 'roster', etag), limits.requestTimeoutMs);
    return sendWithEtag(request, reply, roster, now(), etag);
  });
};
