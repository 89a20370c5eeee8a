import type { FastifyPluginAsync } from 'fastify';
import type { ServerContext } from '../context';
import { readJson } from '../http/body';
import { withDeadline } from '../http/deadline';
import { ingestBatch, ReferenceCache } from '../ingest';
import { DeviceVolumeCheck } from '../integrity/device-volume';
import { authenticatedDevice } from '../plugins/device-auth';

/** POST /ratings/batches (signed): every rating id answered as accepted, duplicate, conflict or rejected. */
export const ratingsRoutes: FastifyPluginAsync<ServerContext> = async (app, { db, now, limits }) => {
  // Roster ids already seen, kept for the life of the server: most batches need no lookup.
  const references = new ReferenceCache();
  const integrity = {
    moveGraceMs: limits.moveGraceMs,
    maxSessionEventsPerDevicePerDay: limits.maxSessionEventsPerDevicePerDay,
    volume: new DeviceVolumeCheck({ factor: limits.deviceVolumeFactor, floor: limits.deviceVolumeFloor }),
  };

  app.post('/ratings/batches', async (request) => {
    const body = await readJson(request, limits.maxBodyBytes);
    const answer = await withDeadline(
      ingestBatch(db, {
        device: authenticatedDevice(request),
        body,
        receivedAt: now(),
        limits: {
          maxRatings: limits.maxBatchRatings,
          maxConflictsPerRating: limits.maxConflictsPerRating,
          maxConflictsPerDevicePerDay: limits.maxConflictsPerDevicePerDay,
          futureToleranceMs: limits.futureToleranceMs,
          maxAgeMs: limits.maxRatingAgeMs,
        },
        references,
        integrity,
      }),
      limits.requestTimeoutMs,
    );
    return { ...answer, serverTime: now() };
  });
};
