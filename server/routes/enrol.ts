import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { EnrollRequestSchema } from '../../shared/protocol';
import type { ServerContext } from '../context';
import { enrolDevice } from '../devices';
import { HttpError, rateLimited } from '../errors';
import { signAnswerTo } from '../http/answer-signature';
import { parseWith, readJson } from '../http/body';
import { withDeadline } from '../http/deadline';
import { RateLimiter } from '../rate-limit';

/** POST /enroll: unsigned, with a single-use enrolment code; answers the device's id and secret. */
export const enrolRoutes: FastifyPluginAsync<ServerContext> = async (app, { db, now, limits, keys }) => {
  const failedAttempts = new RateLimiter(limits.enrollBurst, limits.enrollPerSecond, now);

  // Read before any device is known: a small body, and an address that has guessed too much is
  // answered before its body is read.
  const options = {
    bodyLimit: limits.maxEnrolBodyBytes,
    onRequest: async (request: FastifyRequest) => {
      // Only failed attempts count: guessing codes is slowed down, enrolling a fleet is not.
      const waitMs = failedAttempts.wait(request.ip);
      if (waitMs > 0) throw rateLimited('too many failed enrolment attempts', waitMs);
    },
  };
  app.post('/enroll', options, async (request, reply) => {
    try {
      const input = parseWith(EnrollRequestSchema, await readJson(request, limits.maxBodyBytes));
      const enrolment = await withDeadline(enrolDevice(db, keys, input, request.ip, now), limits.requestTimeoutMs);
      // Signed with the secret it carries: tells the kiosk from its first answer that this server signs.
      signAnswerTo(request, { secret: enrolment.deviceSecret, path: request.url.split('?')[0]!, requestSignature: '' });
      void reply.status(201);
      return { ...enrolment, serverTime: now() };
    } catch (error) {
      if (error instanceof HttpError && error.statusCode < 500) failedAttempts.take(request.ip);
      throw error;
    }
  });
};
