import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { parseSignature, signatureMatches, signRequest } from '../../shared/node/signing';
import { HEADER_DEVICE_ID, HEADER_SIGNATURE, HEADER_TIMESTAMP, isCanonicalTarget } from '../../shared/protocol';
import type { ServerContext } from '../context';
import { signAnswerTo } from '../http/answer-signature';
import { findDevice, type Device } from '../devices';
import { HttpError, rateLimited } from '../errors';
import { RateLimiter } from '../rate-limit';

declare module 'fastify' {
  interface FastifyRequest {
    /** The device that signed the request; set only in deviceAuth's scope (read it with authenticatedDevice). */
    device?: Device;
    /** The enrolled, unrevoked device the headers name, before its signature over the body is checked. */
    claimedDevice?: Device;
  }
}

export interface DeviceAuthOptions extends ServerContext {
  /** The route plugins that only signed requests of enrolled, unrevoked devices reach. */
  routes: readonly FastifyPluginAsync<ServerContext>[];
}

/**
 * Device authentication of sync protocol v1 (docs/protocol.md): every request of the routes given
 * to it carries X-Device-Id, X-Timestamp within the signature window of the server's clock, and
 * X-Signature (strict base64 of 32 bytes) over method, canonical target, timestamp and the body's
 * bytes as sent, made with the secret of an enrolled device that is not revoked; then the device's
 * rate limit applies. Anything else answers 401 (429 for the rate limit) before the route runs, so
 * nothing is stored.
 *
 * Two hooks, because the signature covers the body: `onRequest` checks everything the headers
 * say — their form, the target, the clock, that the device exists and is not revoked — before a
 * byte of the body is read, and answers a stranger with `Connection: close`, so a stalled upload of
 * no enrolled device holds neither a buffer nor the connection. `preHandler`, once the body is in,
 * checks the signature over it. Every answer to a request that passed is signed with the device's
 * secret (X-Server-Signature).
 *
 * The plugin is an encapsulated scope of its own (plain `register`, no fastify-plugin): its check
 * covers the route plugins it registers from `routes` and nothing else, so that enrolment, health,
 * the admin route and the console's routes beside it are never asked for a device signature.
 */
export const deviceAuth: FastifyPluginAsync<DeviceAuthOptions> = async (scope, options) => {
  // Not `options` itself: it also holds the prefix, which the routes must not add a second time.
  const context: ServerContext = { db: options.db, now: options.now, limits: options.limits, keys: options.keys };
  const limiter = new RateLimiter(context.limits.deviceBurst, context.limits.devicePerSecond, context.now);
  scope.addHook('onRequest', async (request, reply) => {
    try {
      request.claimedDevice = await checkHeaders(request, context);
    } catch (error) {
      // The body is never read: the connection goes with the answer instead of draining it.
      void reply.header('connection', 'close');
      throw error;
    }
  });
  scope.addHook('preHandler', async (request) => {
    request.device = verifySignature(request, limiter);
  });
  for (const routes of options.routes) await scope.register(routes, context);
};

/** The device that signed this request: for routes registered through deviceAuth. */
export function authenticatedDevice(request: FastifyRequest): Device {
  // A route outside deviceAuth's scope is a programming error: 500, never an unchecked answer.
  if (!request.device) throw new Error(`${request.method} ${request.routeOptions.url} is not behind deviceAuth`);
  return request.device;
}

/** Everything but the signature: headers, target, timestamp window, device, revocation. */
async function checkHeaders(request: FastifyRequest, { db, now, limits, keys }: ServerContext): Promise<Device> {
  const deviceId = request.headers[HEADER_DEVICE_ID];
  const timestamp = request.headers[HEADER_TIMESTAMP];
  const signatureHeader = request.headers[HEADER_SIGNATURE];
  if (typeof deviceId !== 'string' || typeof timestamp !== 'string' || typeof signatureHeader !== 'string' || !deviceId || !signatureHeader) {
    throw new HttpError(401, 'missing_signature', 'X-Device-Id, X-Timestamp and X-Signature are required');
  }
  if (!/^\d{1,16}$/.test(timestamp)) throw new HttpError(401, 'bad_timestamp', 'X-Timestamp must be ms since the epoch');
  if (!parseSignature(signatureHeader)) throw new HttpError(401, 'bad_signature', 'X-Signature must be standard base64 of 32 bytes');
  if (!isCanonicalTarget(request.raw.url ?? '')) throw new HttpError(401, 'bad_signature', 'the request target is not canonical');
  if (Math.abs(now() - Number(timestamp)) > limits.signatureWindowMs) {
    throw new HttpError(
      401,
      'clock_skew',
      `X-Timestamp is more than ${limits.signatureWindowMs / 1000} s from the server's time; correct the clock offset with serverTime and retry`,
    );
  }
  // Device ids are at most 64 characters: a longer one is not looked up.
  const device = deviceId.length <= 64 ? await findDevice(db, keys, deviceId) : undefined;
  if (!device) throw new HttpError(401, 'unknown_device', 'this device is not enrolled');
  if (device.revoked_at !== null) throw new HttpError(401, 'device_revoked', 'this device was revoked; enrol it again');
  return device;
}

/** The signature over the body as received, then the device's rate limit. */
function verifySignature(request: FastifyRequest, limiter: RateLimiter): Device {
  const device = request.claimedDevice;
  if (!device) throw new Error('deviceAuth: onRequest did not run');
  const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
  const [timestamp, signature] = [request.headers[HEADER_TIMESTAMP] as string, request.headers[HEADER_SIGNATURE] as string];
  const target = request.raw.url!;
  if (!signatureMatches(signRequest(device.secret, request.method, target, timestamp, body), signature)) throw new HttpError(401, 'bad_signature', 'the signature does not match');
  const waitMs = limiter.take(device.id);
  if (waitMs > 0) throw rateLimited('too many requests from this device', waitMs);
  // From here on the device is known: whatever the route answers is signed for it.
  signAnswerTo(request, { secret: device.secret, path: target, requestSignature: signature });
  return device;
}
