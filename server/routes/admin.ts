import { timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AdminApi } from '../admin-api';
import type { ServerContext } from '../context';
import { HttpError } from '../errors';
import { parseWith, readJson } from '../http/body';

export interface AdminRouteOptions extends ServerContext {
  admin: AdminApi;
  /** The bearer token the admin CLI reads from the data folder (server/main.ts). */
  token: string;
}

const AdminCallSchema = z.strictObject({
  method: z.enum(['importRosterFile', 'createEnrollmentCode', 'listDevices', 'revokeDevice', 'setConfig', 'counts', 'listConflicts']),
  args: z.array(z.unknown()).max(3),
});

/**
 * POST /call: the admin CLI's way into a running server while it holds PGlite's single-process
 * data folder. Loopback clients with the token only; a listed AdminApi method per call.
 */
export const adminRoutes: FastifyPluginAsync<AdminRouteOptions> = async (app, { admin, token, now, limits }) => {
  const expected = Buffer.from(`Bearer ${token}`);

  // Checked before the body is read: no one else's body is ever buffered.
  const onlyTheAdminCli = async (request: FastifyRequest) => {
    const remote = request.socket.remoteAddress ?? '';
    const presented = Buffer.from(String(request.headers.authorization ?? ''));
    const loopback = remote === '127.0.0.1' || remote === '::1' || remote === '::ffff:127.0.0.1';
    if (!loopback || presented.length !== expected.length || !timingSafeEqual(presented, expected)) {
      throw new HttpError(403, 'forbidden', 'administration is only for the local admin CLI');
    }
  };

  app.post('/call', { onRequest: onlyTheAdminCli }, async (request) => {
    const call = parseWith(AdminCallSchema, await readJson(request, limits.maxBodyBytes));
    const method = admin[call.method] as (...args: unknown[]) => Promise<unknown>;
    return { result: await method(...call.args), serverTime: now() };
  });
};
