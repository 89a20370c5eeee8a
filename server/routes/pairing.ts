import type { FastifyPluginAsync } from 'fastify';
import { PairingPollRequestSchema, PairingRequestSchema } from '../../shared/fleet';
import type { ServerContext } from '../context';
import { HttpError, rateLimited } from '../errors';
import { createPairing, pollPairing } from '../fleet/pairing';
import { parseWith, readJson } from '../http/body';
import { withDeadline } from '../http/deadline';
import { RateLimiter } from '../rate-limit';

/**
 * POST /pairings and POST /pairings/poll (unsigned, docs/protocol.md "Pairing"): a kiosk that is
 * not enrolled asks for a pairing code, then asks what IT staff decided. Requests are limited per
 * address (a whole fleet behind one address can still pair), polls per request.
 */
export const pairingRoutes: FastifyPluginAsync<ServerContext> = async (app, { db, now, limits }) => {
  const requests = new RateLimiter(60, 1, now);
  const polls = new RateLimiter(10, 0.5, now);
  const unknownPolls = new RateLimiter(limits.enrollBurst, limits.enrollPerSecond, now);

  app.post('/pairings', async (request, reply) => {
    const waitMs = requests.take(request.ip);
    if (waitMs > 0) throw rateLimited('too many pairing requests from this address', waitMs);
    const input = parseWith(PairingRequestSchema, await readJson(request, limits.maxBodyBytes));
    const created = await withDeadline(createPairing(db, input, request.ip, now()), limits.requestTimeoutMs);
    void reply.status(201);
    return created;
  });

  app.post('/pairings/poll', async (request) => {
    const blockedMs = unknownPolls.wait(request.ip);
    if (blockedMs > 0) throw rateLimited('too many polls of unknown pairings from this address', blockedMs);
    const input = parseWith(PairingPollRequestSchema, await readJson(request, limits.maxBodyBytes));
    const waitMs = polls.take(input.pairingId);
    if (waitMs > 0) throw rateLimited('this pairing is polled too often', waitMs);
    try {
      return await withDeadline(pollPairing(db, input, now()), limits.requestTimeoutMs);
    } catch (error) {
      if (error instanceof HttpError && error.statusCode === 404) unknownPolls.take(request.ip);
      throw error;
    }
  });
};
