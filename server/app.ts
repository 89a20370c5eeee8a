import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';
import Fastify, { type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import demoRoster from '../assets/demo/roster.json';
import { API_PREFIX, HEADER_SERVER_TIME } from '../shared/protocol';
import { createAdminApi, type AdminApi } from './admin-api';
import { builtConsoleDir, registerConsole } from './console/register';
import type { ServerContext } from './context';
import { openDatabase, type ServerDb } from './db/connect';
import { seedDemoConsole } from './demo/demo-console';
import type { SeedSummary } from './demo/demo-province';
import { signKeyedAnswers } from './http/answer-signature';
import { keepJsonBodiesRaw } from './http/body';
import { capConnectionsPerAddress } from './http/connection-cap';
import { parseTrustedProxies } from './http/trusted-proxies';
import { answerErrorsAsJson } from './http/error-answers';
import { DEFAULT_LIMITS, type ServerLimits } from './limits';
import { safeLogSerializers } from './log-safe';
import { startMonthlyReports } from './mail/monthly-reports';
import type { MailTimeouts } from './mail/relay';
import { deviceAuth } from './plugins/device-auth';
import { HttpError, StartupError } from './errors';
import { unitCount } from './roster';
import { SecretKeyRing } from './secret-keys';
import { StorageHealth } from './storage-health';
import { adminRoutes } from './routes/admin';
import { configRoutes } from './routes/config';
import { deviceHealthRoutes } from './routes/device-health';
import { enrolRoutes } from './routes/enrol';
import { pairingRoutes } from './routes/pairing';
import { mailNewAlerts } from './fleet/alert-mail';
import { alertWatch } from './fleet/alert-watch';
import { integrityWatch } from './integrity/integrity-watch';
import { evaluateSatisfactionAlerts, mailNewSatisfactionAlerts } from './integrity/satisfaction-alerts';
import { healthRoutes } from './routes/health';
import { heartbeatRoutes } from './routes/heartbeat';
import { ratingsRoutes } from './routes/ratings';
import { rosterRoutes } from './routes/roster';
import { staffPinRoutes } from './routes/staff-pins';
import { updateFeed } from './updates/feed';
import { createReleaseAdmin } from './updates/release-admin';

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
  /** Tests: an open in-memory PGlite (a copy of a migrated, seeded one) instead of a new one; closed with the server. */
  pglite?: PGlite;
  /** Seed the demo roster (assets/demo/roster.json) into an empty database. */
  demo?: boolean;
  /**
   * Also seed the console's demo (server/demo/demo-console.ts): two years of ratings and one
   * account per role, into a server with neither ratings nor accounts yet. Never on a real province.
   */
  demoConsole?: boolean;
  /** The server's clock (tests move it). */
  now?: () => number;
  limits?: Partial<ServerLimits>;
  /** Serve HTTPS with this certificate and key (PEM file paths or contents). */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /**
   * Behind a reverse proxy: its addresses or CIDR ranges (comma-separated, or a list), whose
   * X-Forwarded-For gives the client address (per-address limits). Only named proxies: anything
   * else (`true`, `'1'`, a hop count) is refused. Default: trust nothing.
   */
  trustProxy?: string | readonly string[];
  /** Log requests (pino, JSON lines on stdout). */
  logger?: boolean;
  /**
   * The keys that seal device secrets at rest (server/secret-keys.ts). Default: the public
   * development key, for tests and benchmarks; server/main.ts gives the environment's keys and
   * never falls back to it silently.
   */
  keys?: SecretKeyRing;
  /**
   * Enables POST /admin/v1/call for this bearer token, from loopback addresses only: the admin CLI
   * uses it while the server holds PGlite's single-process data folder (server/main.ts).
   */
  adminToken?: string;
  /** The built console served at `/` (default dist/console when built); null serves its API alone. */
  consoleDir?: string | null;
  /**
   * Where uploaded kiosk releases are kept (docs/updates.md): default `<dataDir>/releases`; a server
   * with neither (tests in memory) keeps them in a fresh temporary folder.
   */
  releasesDir?: string;
  /** How often the fleet's alerts are judged for kiosks that went quiet (default one minute). */
  fleetWatchMs?: number;
  /** How often the gaming checks and the alerts on what citizens say run (docs/integrity.md; default one minute). */
  integrityWatchMs?: number;
  /**
   * The monthly reports by e-mail (docs/evaluation.md): checked every minute by default; `false`
   * turns the schedule off (the console still manages subscriptions and the relay).
   */
  monthlyReports?: false | { intervalMs?: number; timeouts?: MailTimeouts };
}

export interface RunningServer {
  url: string;
  port: number;
  databaseKind: 'pglite' | 'postgres';
  /** What the console's demo seeded at this start (demoConsole), or null. */
  demoSeeded: SeedSummary | null;
  admin: AdminApi;
  close(): Promise<void>;
}

/** Starts the provincial server; resolves once it listens. */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const now = options.now ?? Date.now;
  const limits: ServerLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const keys = options.keys ?? SecretKeyRing.development();
  const database = await openDatabase({ databaseUrl: options.databaseUrl, dataDir: options.dataDir, pglite: options.pglite, keys });
  const { db } = database;
  try {
    await checkSecretsCanBeOpened(db, keys);
    const admin = createAdminApi(db, keys, now);
    if ((options.demo || options.demoConsole) && (await unitCount(db)) === 0) await admin.importRoster(demoRoster);
    const demoSeeded = options.demoConsole ? await seedDemoConsole(db, now(), keys) : null;
    const storage = new StorageHealth({ db, dataDir: database.kind === 'pglite' ? options.dataDir : undefined, minFreeBytes: limits.minFreeDiskBytes, now });
    const app = await buildApp({ db, now, limits, keys }, options, admin, storage);
    await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });
    const monthly = options.monthlyReports === false ? null : startMonthlyReports(db, { now, keys, ...options.monthlyReports });
    const address = app.server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return {
      url: `${options.tls ? 'https' : 'http'}://${host}:${address.port}`,
      port: address.port,
      databaseKind: database.kind,
      demoSeeded,
      admin,
      async close() {
        await monthly?.stop();
        await app.close();
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}

/**
 * Every request that may write (anything but GET and HEAD) is answered 503 storage_low, before its
 * body is read, while the database's disk lacks headroom; and a write that failed for storage marks
 * the database not writable for the health route.
 */
function refuseWritesWithoutHeadroom(app: FastifyInstance, storage: StorageHealth): void {
  app.addHook('onRequest', async (request) => {
    if (request.method === 'GET' || request.method === 'HEAD') return;
    if (!(await storage.hasHeadroom())) {
      throw new HttpError(503, 'storage_low', "the server's disk is nearly full; retry later", { 'retry-after': '60' });
    }
  });
  app.addHook('onError', async (_request, _reply, error) => storage.noteFailure(error));
}

/**
 * Every device secret (and the SMTP relay's password, and the badge keys) must be sealed with a key of the ring: a server started without the key that
 * sealed some of them would answer those kiosks 401 one by one. It refuses to start instead.
 */
async function checkSecretsCanBeOpened(db: ServerDb, keys: SecretKeyRing): Promise<void> {
  const used = await db.selectFrom('devices').select(['secret_key_id', sql<number>`count(*)::int`.as('n')]).groupBy('secret_key_id').execute();
  const missing = used.filter((row) => !keys.has(row.secret_key_id));
  if (missing.length > 0) {
    throw new StartupError(
      `device secrets are sealed with keys that were not given: ${missing.map((row) => `${row.secret_key_id} (${row.n} devices)`).join(', ')}; ` +
        'give them in DEVICE_SECRET_PREVIOUS_KEY_FILES until npm run admin -- rotate-device-key has run (docs/server.md)',
    );
  }
  const relay = await db.selectFrom('mail_relay').select('password_key_id').where('password_key_id', 'is not', null).executeTakeFirst();
  if (relay?.password_key_id && !keys.has(relay.password_key_id)) {
    throw new StartupError(
      `the SMTP relay's password is sealed with a key that was not given (${relay.password_key_id}); ` +
        'give it in DEVICE_SECRET_PREVIOUS_KEY_FILES until npm run admin -- rotate-device-key has run (docs/server.md)',
    );
  }
  const badgeKeyIds = await db
    .selectFrom('badge_signing_key')
    .select('secret_key_id')
    .union(db.selectFrom('unit_badge_keys').select('secret_key_id'))
    .execute();
  const badgeMissing = badgeKeyIds.map((row) => row.secret_key_id).filter((id) => !keys.has(id));
  if (badgeMissing.length > 0) {
    throw new StartupError(
      `the badge keys are sealed with keys that were not given: ${badgeMissing.join(', ')}; ` +
        'give them in DEVICE_SECRET_PREVIOUS_KEY_FILES until npm run admin -- rotate-device-key has run (docs/server.md)',
    );
  }
}

function readPem(value: string | Buffer): string | Buffer {
  return typeof value === 'string' && !value.includes('-----BEGIN') ? readFileSync(value) : value;
}

/**
 * A Fastify instance with the server's plumbing and no routes: request bodies kept as raw bytes,
 * `serverTime` and `cache-control: no-store` on every answer, answers of known devices signed,
 * errors and unknown routes answered as JSON. Tests build one to try a single plugin or helper with `inject`.
 */
export function createServerInstance(
  { now, limits }: Pick<ServerContext, 'now' | 'limits'>,
  options: Pick<StartServerOptions, 'tls' | 'trustProxy' | 'logger'> = {},
): FastifyInstance {
  const proxies = options.trustProxy === undefined ? null : parseTrustedProxies(options.trustProxy);
  const app = Fastify({
    // Request logs name the route and the address, never the query, a body or an error's parameters.
    logger: options.logger ? { serializers: safeLogSerializers } : false,
    ...(options.tls ? { https: { cert: readPem(options.tls.cert), key: readPem(options.tls.key) } } : {}),
    // The compressed body may not exceed the decompressed limit either.
    bodyLimit: limits.maxBodyBytes,
    connectionTimeout: limits.requestTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: 10_000,
    return503OnClosing: true,
    trustProxy: proxies ? [...proxies.entries] : false,
  }) as unknown as FastifyInstance;
  capConnectionsPerAddress(app.server, limits.maxConnectionsPerAddress, (address) => proxies?.includes(address) ?? false);
  keepJsonBodiesRaw(app);
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header(HEADER_SERVER_TIME, String(now()));
    reply.header('cache-control', 'no-store');
    return payload;
  });
  signKeyedAnswers(app);
  answerErrorsAsJson(app, now);
  return app;
}

/**
 * The server: plumbing, then one line per plugin. Each resource is a route plugin (server/routes/)
 * given its URL prefix here; device authentication covers exactly the routes handed to it.
 */
async function buildApp(context: ServerContext, options: StartServerOptions, admin: AdminApi, storage: StorageHealth): Promise<FastifyInstance> {
  const app = createServerInstance(context, options);
  refuseWritesWithoutHeadroom(app, storage);
  const protocol = { ...context, prefix: API_PREFIX };
  await app.register(healthRoutes, { ...protocol, storage });
  await app.register(enrolRoutes, protocol);
  await app.register(pairingRoutes, protocol);
  await app.register(deviceAuth, { ...protocol, routes: [ratingsRoutes, rosterRoutes, configRoutes, heartbeatRoutes, staffPinRoutes] });
  // The kiosk admin screen's signed connection test: a scope of its own (and its own rate limit).
  await app.register(deviceAuth, { ...protocol, routes: [deviceHealthRoutes] });
  const releasesDir = options.releasesDir ?? (options.dataDir ? join(options.dataDir, 'releases') : mkdtempSync(join(tmpdir(), 'nucuoi-releases-')));
  await registerConsole(app, {
    db: context.db,
    now: context.now,
    secureCookies: Boolean(options.tls),
    consoleDir: options.consoleDir === undefined ? builtConsoleDir() : options.consoleDir,
    releases: createReleaseAdmin(context.db, releasesDir, context.now),
    keys: context.keys,
  });
  await app.register(updateFeed, { db: context.db, now: context.now, releasesDir, ...(options.adminToken ? { adminToken: options.adminToken } : {}) });
  await app.register(alertWatch, {
    db: context.db,
    now: context.now,
    intervalMs: options.fleetWatchMs ?? 60_000,
    // The alerts opened since the last round go out by e-mail, when the province set recipients and a relay.
    afterRound: async () => {
      const { error } = await mailNewAlerts(context.db, context.keys, context.now());
      if (error) console.error(`[fleet] alert e-mail failed: ${error}`);
    },
  });
  await app.register(integrityWatch, {
    db: context.db,
    now: context.now,
    intervalMs: options.integrityWatchMs ?? 60_000,
    // The alerts on what citizens say, judged after each round, and e-mailed to the unit heads once.
    afterRound: async () => {
      await evaluateSatisfactionAlerts(context.db, context.now());
      const { error } = await mailNewSatisfactionAlerts(context.db, context.keys, context.now());
      if (error) console.error(`[integrity] alert e-mail failed: ${error}`);
    },
  });
  if (options.adminToken) await app.register(adminRoutes, { ...context, prefix: '/admin/v1', admin, token: options.adminToken });
  return app;
}
