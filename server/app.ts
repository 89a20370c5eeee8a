import { timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { z } from 'zod';
import demoRoster from '../assets/demo/roster.json';
import {
  API_PREFIX,
  EnrollRequestSchema,
  HEADER_DEVICE_ID,
  HEADER_SERVER_TIME,
  HEADER_SIGNATURE,
  HEADER_TIMESTAMP,
  HeartbeatRequestSchema,
} from '../shared/protocol';
import { createAdminApi, type AdminApi } from './admin-api';
import type { ServerContext } from './context';
import { openDatabase, type ServerDb } from './db/connect';
import { enrolDevice, findDevice, recordHeartbeat, type Device } from './devices';
import { HttpError, rateLimited } from './errors';
import { keepJsonBodiesRaw, parseWith, readJson } from './http/body';
import { withDeadline } from './http/deadline';
import { answerErrorsAsJson } from './http/error-answers';
import { sendWithEtag } from './http/etag';
import { ingestBatch, ReferenceCache } from './ingest';
import { kioskConfigFor } from './kiosk-config';
import { DEFAULT_LIMITS, type ServerLimits } from './limits';
import { RateLimiter } from './rate-limit';
import { rosterForUnit, unitCount } from './roster';
import { signatureMatches, signRequest } from '../shared/node/signing';

export { DEFAULT_LIMITS, type ServerLimits } from './limits';

export interface StartServerOptions {
  /** 0 (default) takes a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** PGlite's data folder. Without it and without databaseUrl, PGlite runs in memory (tests). */
  dataDir?: string;
  /** PostgreSQL connection string; wins over dataDir. */
  databaseUrl?: string;
  /** Seed the demo roster (assets/demo/roster.json) into an empty database. */
  demo?: boolean;
  /** The server's clock (tests move it). */
  now?: () => number;
  limits?: Partial<ServerLimits>;
  /** Serve HTTPS with this certificate and key (PEM file paths or contents). */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /**
   * Behind a reverse proxy: trust its X-Forwarded-For for the client address (enrolment's rate
   * limit). `true`, or the proxy's addresses (Fastify's trustProxy). Default: trust nothing.
   */
  trustProxy?: boolean | string;
  /** Log requests (pino, JSON lines on stdout). */
  logger?: boolean;
  /**
   * Enables POST /admin/v1/call for this bearer token, from loopback addresses only: the admin CLI
   * uses it while the server holds PGlite's single-process data folder (server/main.ts).
   */
  adminToken?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  databaseKind: 'pglite' | 'postgres';
  admin: AdminApi;
  close(): Promise<void>;
}

declare module 'fastify' {
  interface FastifyRequest {
    device?: Device;
  }
}

const AdminCallSchema = z.strictObject({
  method: z.enum(['importRosterFile', 'createEnrollmentCode', 'listDevices', 'revokeDevice', 'setConfig', 'counts', 'listConflicts']),
  args: z.array(z.unknown()).max(3),
});

/** Starts the provincial server; resolves once it listens. */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const now = options.now ?? Date.now;
  const limits: ServerLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const database = await openDatabase({ databaseUrl: options.databaseUrl, dataDir: options.dataDir });
  const { db } = database;
  try {
    const admin = createAdminApi(db, now);
    if (options.demo && (await unitCount(db)) === 0) await admin.importRoster(demoRoster);
    const app = buildApp(db, now, limits, options, admin);
    await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
    const address = app.server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return {
      url: `${options.tls ? 'https' : 'http'}://${host}:${address.port}`,
      port: address.port,
      databaseKind: database.kind,
      admin,
      async close() {
        await app.close();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}

function readPem(value: string | Buffer): string | Buffer {
  return typeof value === 'string' && !value.includes('-----BEGIN') ? readFileSync(value) : value;
}

/**
 * A Fastify instance with the server's plumbing and no routes: request bodies kept as raw bytes,
 * `serverTime` and `cache-control: no-store` on every answer, errors and unknown routes answered
 * as JSON. Tests build one to try a single plugin or helper with `inject`.
 */
export function createServerInstance(
  { now, limits }: Pick<ServerContext, 'now' | 'limits'>,
  options: Pick<StartServerOptions, 'tls' | 'trustProxy' | 'logger'> = {},
): FastifyInstance {
  const app = Fastify({
    logger: options.logger ?? false,
    ...(options.tls ? { https: { cert: readPem(options.tls.cert), key: readPem(options.tls.key) } } : {}),
    // The compressed body may not exceed the decompressed limit either.
    bodyLimit: limits.maxBodyBytes,
    connectionTimeout: limits.requestTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: 10_000,
    return503OnClosing: true,
    trustProxy: options.trustProxy ?? false,
  }) as unknown as FastifyInstance;
  keepJsonBodiesRaw(app);
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header(HEADER_SERVER_TIME, String(now()));
    reply.header('cache-control', 'no-store');
    return payload;
  });
  answerErrorsAsJson(app, now);
  return app;
}

function buildApp(db: ServerDb, now: () => number, limits: ServerLimits, options: StartServerOptions, admin: AdminApi) {
  const app = createServerInstance({ now, limits }, options);

  const deviceLimiter = new RateLimiter(limits.deviceBurst, limits.devicePerSecond, now);
  const enrollLimiter = new RateLimiter(limits.enrollBurst, limits.enrollPerSecond, now);
  const references = new ReferenceCache();

  /** Checks the device's signature (see docs/protocol.md) and its rate limit. */
  async function authenticate(request: FastifyRequest): Promise<void> {
    const deviceId = request.headers[HEADER_DEVICE_ID];
    const timestamp = request.headers[HEADER_TIMESTAMP];
    const signature = request.headers[HEADER_SIGNATURE];
    if (typeof deviceId !== 'string' || typeof timestamp !== 'string' || typeof signature !== 'string' || !deviceId || !signature) {
      throw new HttpError(401, 'missing_signature', 'X-Device-Id, X-Timestamp and X-Signature are required');
    }
    if (!/^\d{1,16}$/.test(timestamp)) throw new HttpError(401, 'bad_timestamp', 'X-Timestamp must be ms since the epoch');
    const serverTime = now();
    if (Math.abs(serverTime - Number(timestamp)) > limits.signatureWindowMs) {
      throw new HttpError(401, 'clock_skew', `X-Timestamp is more than ${limits.signatureWindowMs / 1000} s from the server's time; correct the clock offset with serverTime and retry`);
    }
    const device = deviceId.length <= 64 ? await findDevice(db, deviceId) : undefined;
    if (!device) throw new HttpError(401, 'unknown_device', 'this device is not enrolled');
    const path = request.url.split('?')[0]!;
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    if (!signatureMatches(signRequest(device.secret, request.method, path, timestamp, body), signature)) {
      throw new HttpError(401, 'bad_signature', 'the signature does not match');
    }
    if (device.revoked_at !== null) throw new HttpError(401, 'device_revoked', 'this device was revoked; enrol it again');
    const waitMs = deviceLimiter.take(device.id);
    if (waitMs > 0) {
      throw rateLimited('too many requests from this device', waitMs);
    }
    request.device = device;
  }

  const signed = { preHandler: authenticate };

  app.get(`${API_PREFIX}/health`, async () => ({ status: 'ok', serverTime: now() }));

  app.post(`${API_PREFIX}/enroll`, async (request, reply) => {
    // Only failed attempts count: guessing codes is slowed down, enrolling a fleet is not.
    const waitMs = enrollLimiter.wait(request.ip);
    if (waitMs > 0) {
      throw rateLimited('too many failed enrolment attempts', waitMs);
    }
    try {
      return await enrollDevice(request, reply);
    } catch (error) {
      if (error instanceof HttpError && error.statusCode < 500) enrollLimiter.take(request.ip);
      throw error;
    }
  });

  async function enrollDevice(request: FastifyRequest, reply: FastifyReply) {
    const input = parseWith(EnrollRequestSchema, await readJson(request, limits.maxBodyBytes));
    const enrolment = await withDeadline(enrolDevice(db, input, now), limits.requestTimeoutMs);
    void reply.status(201);
    return { ...enrolment, serverTime: now() };
  }

  app.post(`${API_PREFIX}/ratings/batches`, signed, async (request) => {
    const body = await readJson(request, limits.maxBodyBytes);
    const answer = await withDeadline(
      ingestBatch(db, {
        device: request.device!,
        body,
        receivedAt: now(),
        limits: { maxRatings: limits.maxBatchRatings, futureToleranceMs: limits.futureToleranceMs, maxAgeMs: limits.maxRatingAgeMs },
        references,
      }),
      limits.requestTimeoutMs,
    );
    return { ...answer, serverTime: now() };
  });

  app.get(`${API_PREFIX}/roster`, signed, async (request, reply) => {
    const roster = await withDeadline(rosterForUnit(db, request.device!.unit_id), limits.requestTimeoutMs);
    return sendWithEtag(request, reply, roster, now());
  });

  app.get(`${API_PREFIX}/config`, signed, async (request, reply) => {
    const config = await withDeadline(kioskConfigFor(db, request.device!), limits.requestTimeoutMs);
    return sendWithEtag(request, reply, config, now());
  });

  app.post(`${API_PREFIX}/heartbeat`, signed, async (request) => {
    const beat = parseWith(HeartbeatRequestSchema, await readJson(request, limits.maxBodyBytes));
    const at = now();
    await withDeadline(recordHeartbeat(db, request.device!.id, beat, at), limits.requestTimeoutMs);
    return { serverTime: now() };
  });

  if (options.adminToken) {
    const token = Buffer.from(`Bearer ${options.adminToken}`);
    app.post('/admin/v1/call', async (request) => {
      const remote = request.socket.remoteAddress ?? '';
      const presented = Buffer.from(String(request.headers.authorization ?? ''));
      const loopback = remote === '127.0.0.1' || remote === '::1' || remote === '::ffff:127.0.0.1';
      if (!loopback || presented.length !== token.length || !timingSafeEqual(presented, token)) {
        throw new HttpError(403, 'forbidden', 'administration is only for the local admin CLI');
      }
      const call = parseWith(AdminCallSchema, await readJson(request, limits.maxBodyBytes));
      const method = admin[call.method] as (...args: unknown[]) => Promise<unknown>;
      return { result: await method(...call.args), serverTime: now() };
    });
  }

  return app;
}
