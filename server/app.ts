import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type { PGlite } from '@electric-sql/pglite';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import demoRoster from '../assets/demo/roster.json';
import {
  API_PREFIX,
  BATCH_MAX_BYTES,
  BATCH_MAX_RATINGS,
  EnrollRequestSchema,
  HEADER_DEVICE_ID,
  HEADER_SERVER_TIME,
  HEADER_SIGNATURE,
  HEADER_TIMESTAMP,
  HeartbeatRequestSchema,
  KioskSettingsPatchSchema,
  SIGNATURE_WINDOW_MS,
} from '../shared/protocol';
import { z } from 'zod';
import { createAdminApi, hashEnrollmentCode, type AdminApi } from './admin-api';
import { openDatabase, type ServerDb } from './db/connect';
import type { ServerDatabase } from './db/schema';
import { HttpError, RosterImportError } from './errors';
import { ingestBatch, ReferenceCache } from './ingest';
import { RateLimiter } from './rate-limit';
import { describeIssues, rosterForUnit, unitCount } from './roster';
import { signatureMatches, signRequest } from './signing';
import { findUnstorableText } from './text-guard';
import { uuidv7 } from '../shared/uuid';

export interface ServerLimits {
  /** Ratings per batch; more answers 413. */
  maxBatchRatings: number;
  /** Bytes of a request body once decompressed; more answers 413 (gzip bombs stop here). */
  maxBodyBytes: number;
  /** Largest |server clock − X-Timestamp|; more answers 401 clock_skew. */
  signatureWindowMs: number;
  /** Per device: requests at once, then per second on average; more answers 429. */
  deviceBurst: number;
  devicePerSecond: number;
  /** Per client address, for the unsigned enrolment: guessing codes is slow. */
  enrollBurst: number;
  enrollPerSecond: number;
  /** Receiving a request, and handling it, each end within this (408 / 503). */
  requestTimeoutMs: number;
  /** A rating's corrected time may be this far ahead of the server's clock. */
  futureToleranceMs: number;
  /** …and at most this far behind it. */
  maxRatingAgeMs: number;
}

export const DEFAULT_LIMITS: ServerLimits = {
  maxBatchRatings: BATCH_MAX_RATINGS,
  maxBodyBytes: BATCH_MAX_BYTES,
  signatureWindowMs: SIGNATURE_WINDOW_MS,
  deviceBurst: 60,
  devicePerSecond: 20,
  enrollBurst: 10,
  enrollPerSecond: 0.2,
  requestTimeoutMs: 30_000,
  futureToleranceMs: SIGNATURE_WINDOW_MS,
  maxRatingAgeMs: 2 * 366 * 24 * 60 * 60 * 1000,
};

export interface StartServerOptions {
  /** 0 (default) takes a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** PGlite's data folder. Without it and without databaseUrl, PGlite runs in memory (tests). */
  dataDir?: string;
  /** PostgreSQL connection string; wins over dataDir. */
  databaseUrl?: string;
  /** Tests: an open in-memory PGlite (a copy of a migrated, seeded one) instead of a new one; closed with the server. */
  pglite?: PGlite;
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

type DeviceRow = ServerDatabase['devices'];

declare module 'fastify' {
  interface FastifyRequest {
    device?: DeviceRow;
  }
}

const gunzipAsync = promisify(gunzip);
const utf8 = new TextDecoder('utf-8', { fatal: true });
const AdminCallSchema = z.strictObject({
  method: z.enum(['importRosterFile', 'createEnrollmentCode', 'listDevices', 'revokeDevice', 'setConfig', 'counts', 'listConflicts']),
  args: z.array(z.unknown()).max(3),
});

/** Starts the provincial server; resolves once it listens. */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const now = options.now ?? Date.now;
  const limits: ServerLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const database = await openDatabase({ databaseUrl: options.databaseUrl, dataDir: options.dataDir, pglite: options.pglite });
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

function buildApp(db: ServerDb, now: () => number, limits: ServerLimits, options: StartServerOptions, admin: AdminApi) {
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
  }) as unknown as import('fastify').FastifyInstance;

  const deviceLimiter = new RateLimiter(limits.deviceBurst, limits.devicePerSecond, now);
  const enrollLimiter = new RateLimiter(limits.enrollBurst, limits.enrollPerSecond, now);
  const references = new ReferenceCache();

  // Bodies stay raw bytes: the signature covers them as sent, and gzip is ours to undo (with a cap).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header(HEADER_SERVER_TIME, String(now()));
    reply.header('cache-control', 'no-store');
    return payload;
  });

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    if (error instanceof HttpError) {
      void reply.status(error.statusCode).headers(error.headers).send({ error: error.code, message: error.message, serverTime: now() });
      return;
    }
    if (error instanceof RosterImportError) {
      void reply.status(400).send({ error: 'invalid_roster', message: error.message, issues: error.issues, serverTime: now() });
      return;
    }
    if (error instanceof z.ZodError) {
      void reply.status(400).send({ error: 'invalid_body', message: describeIssues(error).join('; '), serverTime: now() });
      return;
    }
    const status = error.statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      // Fastify's own client errors (body too large, wrong media type, …): their messages carry no internals.
      const code = (error.code ?? 'bad_request').replace(/^FST_ERR_(CTP_)?/, '').toLowerCase();
      void reply.status(status).send({ error: code, message: error.message, serverTime: now() });
      return;
    }
    console.error(`[server] ${request.method} ${request.url.split('?')[0]} failed:`, error);
    void reply.status(500).send({ error: 'internal', message: 'internal server error', serverTime: now() });
  });

  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send({ error: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}`, serverTime: now() });
  });

  /** The JSON of a request body: gzip undone with a cap, UTF-8 checked, strings storable. */
  async function readJson(request: FastifyRequest): Promise<unknown> {
    const raw = request.body;
    if (!Buffer.isBuffer(raw)) throw new HttpError(400, 'missing_body', 'a JSON body is required');
    let bytes: Buffer = raw;
    const encoding = String(request.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
    if (encoding === 'gzip') {
      try {
        bytes = await gunzipAsync(raw, { maxOutputLength: limits.maxBodyBytes });
      } catch (error) {
        if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) {
          throw new HttpError(413, 'body_too_large', `the body exceeds ${limits.maxBodyBytes} bytes once decompressed`);
        }
        throw new HttpError(400, 'invalid_gzip', 'the body is not valid gzip');
      }
    } else if (encoding !== 'identity') {
      throw new HttpError(415, 'unsupported_encoding', `Content-Encoding ${encoding} is not supported; use gzip or none`);
    }
    if (bytes.length > limits.maxBodyBytes) throw new HttpError(413, 'body_too_large', `the body exceeds ${limits.maxBodyBytes} bytes`);
    let value: unknown;
    try {
      value = JSON.parse(utf8.decode(bytes));
    } catch {
      throw new HttpError(400, 'invalid_json', 'the body is not valid UTF-8 JSON');
    }
    return value;
  }

  function parseWith<T extends z.ZodType>(schema: T, value: unknown): z.output<T> {
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new HttpError(400, 'invalid_body', describeIssues(parsed.error).slice(0, 5).join('; '));
    // After the schema: its output is flat, while raw input may nest deeper than the stack.
    const unstorable = findUnstorableText(parsed.data);
    if (unstorable) throw new HttpError(400, 'invalid_body', `${unstorable}: must not contain NUL or broken Unicode`);
    return parsed.data;
  }

  /** Ends slow handlers with 503: the kiosk retries, and every write is idempotent. */
  function withDeadline<T>(work: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () => reject(new HttpError(503, 'timeout', 'the server is too busy; retry later', { 'retry-after': '5' })),
        limits.requestTimeoutMs,
      );
    });
    return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
  }

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
    const device = deviceId.length <= 64 ? await db.selectFrom('devices').selectAll().where('id', '=', deviceId).executeTakeFirst() : undefined;
    if (!device) throw new HttpError(401, 'unknown_device', 'this device is not enrolled');
    const path = request.url.split('?')[0]!;
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    if (!signatureMatches(signRequest(device.secret, request.method, path, timestamp, body), signature)) {
      throw new HttpError(401, 'bad_signature', 'the signature does not match');
    }
    if (device.revoked_at !== null) throw new HttpError(401, 'device_revoked', 'this device was revoked; enrol it again');
    const waitMs = deviceLimiter.take(device.id);
    if (waitMs > 0) {
      throw new HttpError(429, 'rate_limited', 'too many requests from this device', { 'retry-after': String(Math.max(1, Math.ceil(waitMs / 1000))) });
    }
    request.device = device;
  }

  const signed = { preHandler: authenticate };

  app.get(`${API_PREFIX}/health`, async () => ({ status: 'ok', serverTime: now() }));

  app.post(`${API_PREFIX}/enroll`, async (request, reply) => {
    // Only failed attempts count: guessing codes is slowed down, enrolling a fleet is not.
    const waitMs = enrollLimiter.wait(request.ip);
    if (waitMs > 0) {
      throw new HttpError(429, 'rate_limited', 'too many failed enrolment attempts', { 'retry-after': String(Math.max(1, Math.ceil(waitMs / 1000))) });
    }
    try {
      return await enrollDevice(request, reply);
    } catch (error) {
      if (error instanceof HttpError && error.statusCode < 500) enrollLimiter.take(request.ip);
      throw error;
    }
  });

  /** How long a lost enrolment answer can be asked again with the same requestId. */
  const ENROL_REPLAY_MS = 24 * 3_600_000;

  async function enrollDevice(request: FastifyRequest, reply: FastifyReply) {
    const input = parseWith(EnrollRequestSchema, await readJson(request));
    const codeHash = hashEnrollmentCode(input.enrollmentCode);
    const deviceId = uuidv7(now());
    const deviceSecret = randomBytes(32).toString('base64url');
    const at = now();
    const enrolled = await withDeadline(
      db.transaction().execute(async (trx) => {
        const code = await trx
          .updateTable('enrollment_codes')
          .set({ used_at: at, device_id: deviceId, request_id: input.requestId ?? null })
          .where('code_hash', '=', codeHash)
          .where('used_at', 'is', null)
          .where('expires_at', '>', at)
          .returning(['unit_id', 'counter_id'])
          .executeTakeFirst();
        if (!code) return null;
        await trx
          .insertInto('devices')
          .values({
            id: deviceId,
            secret: deviceSecret,
            unit_id: code.unit_id,
            counter_id: code.counter_id,
            name: input.deviceName,
            app_version: input.appVersion,
            enrolled_at: at,
            revoked_at: null,
            last_seen_at: at,
            last_heartbeat_at: null,
            pending_count: null,
            oldest_pending_age_ms: null,
            last_error: null,
            clock_offset_ms: null,
          })
          .execute();
        return code;
      }),
    );
    if (!enrolled) {
      const known = await withDeadline(
        db.selectFrom('enrollment_codes').select(['used_at', 'expires_at', 'device_id', 'request_id']).where('code_hash', '=', codeHash).executeTakeFirst(),
      );
      if (!known) throw new HttpError(403, 'enrollment_code_unknown', 'no such enrolment code');
      if (known.used_at !== null) {
        // The same request asked again (its answer was lost): the same answer, nothing changed.
        const replayed = input.requestId && known.request_id === input.requestId && known.device_id && at - Number(known.used_at) <= ENROL_REPLAY_MS;
        const device = replayed
          ? await withDeadline(
              db
                .selectFrom('devices')
                .select(['id', 'secret', 'unit_id', 'counter_id'])
                .where('id', '=', known.device_id!)
                .where('revoked_at', 'is', null)
                .executeTakeFirst(),
            )
          : undefined;
        if (!device) throw new HttpError(403, 'enrollment_code_used', 'this enrolment code was already used');
        void reply.status(201);
        return { deviceId: device.id, deviceSecret: device.secret, unitId: device.unit_id, counterId: device.counter_id, serverTime: now() };
      }
      throw new HttpError(403, 'enrollment_code_expired', 'this enrolment code has expired');
    }
    void reply.status(201);
    return { deviceId, deviceSecret, unitId: enrolled.unit_id, counterId: enrolled.counter_id, serverTime: now() };
  }

  app.post(`${API_PREFIX}/ratings/batches`, signed, async (request) => {
    const body = await readJson(request);
    const answer = await withDeadline(
      ingestBatch(db, request.device!, body, now(), { futureToleranceMs: limits.futureToleranceMs, maxAgeMs: limits.maxRatingAgeMs }, limits.maxBatchRatings, references),
    );
    return { ...answer, serverTime: now() };
  });

  app.get(`${API_PREFIX}/roster`, signed, async (request, reply) => {
    const roster = await withDeadline(rosterForUnit(db, request.device!.unit_id));
    return sendWithEtag(request, reply, roster);
  });

  app.get(`${API_PREFIX}/config`, signed, async (request, reply) => {
    const device = request.device!;
    const rows = await withDeadline(db.selectFrom('kiosk_settings').select(['scope', 'settings']).where('scope', 'in', ['*', device.unit_id]).execute());
    const global = rows.find((r) => r.scope === '*');
    const unit = rows.find((r) => r.scope === device.unit_id);
    const settings = KioskSettingsPatchSchema.parse({ ...(global ? JSON.parse(global.settings) : {}), ...(unit ? JSON.parse(unit.settings) : {}) });
    const config = { settings, counterId: device.counter_id };
    return sendWithEtag(request, reply, config);
  });

  app.post(`${API_PREFIX}/heartbeat`, signed, async (request) => {
    const beat = parseWith(HeartbeatRequestSchema, await readJson(request));
    const at = now();
    await withDeadline(
      db
        .updateTable('devices')
        .set({
          last_heartbeat_at: at,
          last_seen_at: at,
          app_version: beat.appVersion,
          // An integer column: an absurd count is shown as the largest one rather than failing.
          pending_count: Math.min(beat.pendingCount, 2_147_483_647),
          oldest_pending_age_ms: beat.oldestPendingAgeMs,
          last_error: beat.lastError,
          clock_offset_ms: beat.clockOffsetMs,
        })
        .where('id', '=', request.device!.id)
        .execute(),
    );
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
      const call = parseWith(AdminCallSchema, await readJson(request));
      const method = admin[call.method] as (...args: unknown[]) => Promise<unknown>;
      return { result: await method(...call.args), serverTime: now() };
    });
  }

  /** Answers 304 when the client already has this content (If-None-Match), else the content and its ETag. */
  function sendWithEtag(request: FastifyRequest, reply: FastifyReply, content: object) {
    const etag = `"${createHash('sha256').update(JSON.stringify(content)).digest('base64url').slice(0, 32)}"`;
    void reply.header('etag', etag);
    const ifNoneMatch = request.headers['if-none-match'];
    if (typeof ifNoneMatch === 'string') {
      const tags = ifNoneMatch.split(',').map((t) => t.trim().replace(/^W\//, ''));
      if (tags.includes(etag) || tags.includes('*')) return reply.status(304).send();
    }
    return { ...content, serverTime: now() };
  }

  return app;
}
