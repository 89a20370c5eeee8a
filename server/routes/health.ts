import type { FastifyPluginAsync } from 'fastify';
import type { ServerContext } from '../context';

/** GET /health: unsigned, for load balancers and monitoring. */
export const healthRoutes: FastifyPluginAsync<ServerContext> = async (app, { now }) => {
  app.get('/health', async () => ({ status: 'ok', serverTime: now() }));
};
