import type { FastifyPluginAsync } from 'fastify';
import type { ServerContext } from '../context';
import type { StorageHealth } from '../storage-health';

export interface HealthRouteOptions extends ServerContext {
  storage: StorageHealth;
}

const UNAVAILABLE = {
  low_space: { error: 'storage_low', message: "the server's disk is nearly full: ratings are refused (503) until space is freed" },
  not_writable: { error: 'database_not_writable', message: 'the database cannot be written now' },
} as const;

/**
 * GET /health: unsigned, for load balancers, monitoring and the kiosk's "test connection". 200
 * when ratings can be stored; 503 with the reason when they cannot (a nearly full disk, or a write
 * that fails), so that monitoring sees a full disk before kiosks pile up a backlog.
 */
export const healthRoutes: FastifyPluginAsync<HealthRouteOptions> = async (app, { now, storage }) => {
  app.get('/health', async (_request, reply) => {
    const state = await storage.state();
    if (state.writable) return { status: 'ok', serverTime: now() };
    void reply.status(503).header('retry-after', '30');
    return { status: 'unavailable', ...UNAVAILABLE[state.reason], serverTime: now() };
  });
};
