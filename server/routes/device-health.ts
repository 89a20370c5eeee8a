import type { FastifyPluginAsync } from 'fastify';
import type { ServerContext } from '../context';
import { authenticatedDevice } from '../plugins/device-auth';

/**
 * GET /health/device (signed): the kiosk admin screen's "test connection". Reaching it proves what
 * the unsigned /health cannot — the kiosk's clock, secret and enrolment are accepted (deviceAuth
 * answers 401 with the reason otherwise) — and its answer is signed like every answer to a device.
 * It reads nothing and stores nothing.
 */
export const deviceHealthRoutes: FastifyPluginAsync<ServerContext> = async (app, { now }) => {
  app.get('/health/device', async (request) => {
    const device = authenticatedDevice(request);
    return { status: 'ok', deviceId: device.id, serverTime: now() };
  });
};
