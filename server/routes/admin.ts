import { timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { REMOTE_ADMIN_METHODS, type AdminApi } from '../admin-api';
import type { ServerContext } from '../context';
import { HttpError } from '../errors';
import { parseWith, readJson } from '../http/body';

export interface AdminRouteOptions extends ServerContext {
  admin: AdminApi;
  /** The bearer token the admin CLI reads from the data folder (server/main.ts). */
  token: string;
}

const AdminCallSchema = z.strictObject({
  // Exactly the methods the command line may call on a running server (the report commands too).
  method: z.enum(REMOTE_ADMIN_METHODS),
  args: z.array(z.unknown()).max(3),
});

/**
 * POST /call: the admin CLI's way into a running server while it holds PGlite's single-process
 * data folder. Loopback clients with the token only; a listed AdminApi method per call.
 */
export const adminRoutes: FastifyPluginAsync<AdminRouteOptions> = async (app, { admin, token, now, limits }) => {
  const expected = Buffer.from(`Bearer ${token}`);

  app.post('/call', async (request) => {
    const remote = request.socket.remoteAddress ?? '';
    const presented = Buffer.from(String(request.headers.authorization ?? ''));
    const loopback = remote === '127.0.0.1' || remote === '::1' || remote === '::ffff:127.0.0.1';
    if (!loopback || presented.length !== expected.length || !timingSafeEqual(presented, expected)) {
      throw new HttpError(403, 'forbidden', 'administration is only for the local admin CLI');
    }
    const call = parseWith(AdminCallSchema, await readJson(request, limits.maxBodyBytes));
    const method = admin[call.method] as (...args: unknown[]) => Promise<unknown>;
    return { result: await method(...call.args), serverTime: now() };
  });
};
