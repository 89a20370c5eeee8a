import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { signatureMatches, signRequest } from '../../shared/node/signing';
import { HEADER_DEVICE_ID, HEADER_SIGNATURE, HEADER_TIMESTAMP } from '../../shared/protocol';
import type { ServerContext } from '../context';
import { signAnswerTo } from '../http/answer-signature';
import { findDevice, type Device } from '../devices';
import { HttpError, rateLimited } from '../errors';
import { RateLimiter } from '../rate-limit';

declare module 'fastify' {
  interface FastifyRequest {
    /** The device that signed the request; set only in deviceAuth's scope (read it with authenticatedDevice). */
    device?: Device;
  }
}

export interface DeviceAuthOptions extends ServerContext {
  /** The route plugins that only signed requests of enrolled, unrevoked devices reach. */
  routes: readonly FastifyPluginAsync<ServerContext>[];
}

/**
 * Device authentication of sync protocol v1 (docs/protocol.md): every request of the routes given
 * to it carries X-Device-Id, X-Timestamp within the signature window of the server's clock, and
 * X-Signature over method, path, timestamp and the body's bytes as sent, made with the secret of an
 * enrolled device that is not revoked; then the device's rate limit applies. Anything else answers
 * 401 (429 for the rate limit) before the route runs, so nothing is stored. Every answer to a
 * request that passed is signed with the device's secret (X-Server-Signature).
 *
 * The plugin is an encapsulated scope of its own (plain `register`, no fastify-plugin): its check
 * covers the route plugins it registers from `routes` and nothing else, so that enrolment, health,
 * the admin route and the console's routes beside it are never asked for a device signature.
 */
export const deviceAuth: FastifyPluginAsync<DeviceAuthOptions> = async (scope, options) => {
  // Not `options` itself: it also holds the prefix, which the routes must not add a second time.
  const context: ServerContext = { db: options.db, now: options.now, limits: options.limits };
  const limiter = new RateLimiter(context.limits.deviceBurst, context.limits.devicePerSecond, context.now);
  // preHandler, not onRequest: the signature covers the body, which is read by then.
  scope.addHook('preHandler', async (request) => {
    request.device = await authenticate(request, context, limiter);
  });
  for (const routes of options.routes) await scope.register(routes, context);
};

/** The device that signed this request: for routes registered through deviceAuth. */
export function authenticatedDevice(request: FastifyRequest): Device {
  // A route outside deviceAuth's scope is a programming error: 500, never an unchecked answer.
  if (!request.device) throw new Error(`${request.method} ${request.routeOptions.url} is not behind deviceAuth`);
  return request.device;
}

async function authenticate(request: FastifyRequest, { db, now, limits }: ServerContext, limiter: RateLimiter): Promise<Device> {
  const deviceId = request.headers[HEADER_DEVICE_ID];
  const timestamp = request.headers[HEADER_TIMESTAMP];
  const signature = request.headers[HEADER_SIGNATURE];
  if (typeof deviceId !== 'string' || typeof timestamp !== 'string' || typeof signature !== 'string' || !deviceId || !signature) {
    throw new HttpError(401, 'missing_signature', 'X-Device-Id, X-Timestamp and X-Signature are required');
  }
  if (!/^\d{1,16}$/.test(timestamp)) throw new HttpError(401, 'bad_timestamp', 'X-Timestamp must be ms since the epoch');
  if (Math.abs(now() - Number(timestamp)) > limits.signatureWindowMs) {
    throw new HttpError(
      401,
      'clock_skew',
      `X-Timestamp is more than ${limits.signatureWindowMs / 1000} s from the server's time; correct the clock offset with serverTime and retry`,
    );
  }
  // Device ids are at most 64 characters: a longer one is not looked up.
  const device = deviceId.length <= 64 ? await findDevice(db, deviceId) : undefined;
  if (!device) throw new HttpError(401, 'unknown_device', 'this device is not enrolled');
  const path = request.url.split('?')[0]!;
  const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
  if (!signatureMatches(signRequest(device.secret, request.method, path, timestamp, body), signature)) {
    throw new HttpError(401, 'bad_signature', 'the signature does not match');
  }
  if (device.revoked_at !== null) throw new HttpError(401, 'device_revoked', 'this device was revoked; enrol it again');
  const waitMs = limiter.take(device.id);
  if (waitMs > 0) throw rateLimited('too many requests from this device', waitMs);
  // From here on the device is known: whatever the route answers is signed for it.
  signAnswerTo(request, { secret: device.secret, path, requestSignature: signature });
  return device;
}
