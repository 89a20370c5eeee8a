import type { FastifyPluginAsync } from 'fastify';
import { StaffPinUploadSchema } from '../../shared/protocol';
import type { ServerContext } from '../context';
import { parseWith, readJson } from '../http/body';
import { withDeadline } from '../http/deadline';
import { authenticatedDevice } from '../plugins/device-auth';
import { storeKioskPins } from '../staff-pins';

/**
 * POST /staff-pins (signed): PINs officers set or removed themselves at this kiosk after a badge
 * login, as salted hashes; one result per PIN (server/staff-pins.ts). The unit's kiosks get them
 * in the roster's `staffPins`.
 */
export const staffPinRoutes: FastifyPluginAsync<ServerContext> = async (app, { db, now, limits }) => {
  app.post('/staff-pins', async (request) => {
    const { pins } = parseWith(StaffPinUploadSchema, await readJson(request, limits.maxBodyBytes));
    const device = authenticatedDevice(request);
    const results = await withDeadline(storeKioskPins(db, device, pins, now()), limits.requestTimeoutMs);
    return { results, serverTime: now() };
  });
};
