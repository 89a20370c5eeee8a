import type { FastifyPluginAsync } from 'fastify';
import type { ServerContext } from '../context';
import { withDeadline } from '../http/deadline';
import { sendWithEtag } from '../http/etag';
import { authenticatedDevice } from '../plugins/device-auth';
import { rosterForUnit } from '../roster';

/** GET /roster (signed, ETag): the device's unit, its counters and staff, with badge hashes only. */
export const rosterRoutes: FastifyPluginAsync<ServerContext> = async (app, { db, now, limits }) => {
  app.get('/roster', async (request, reply) => {
    const roster = await withDeadline(rosterForUnit(db, authenticatedDevice(request).unit_id), limits.requestTimeoutMs);
    return sendWithEtag(request, reply, roster, now());
  });
};
