/**
 * `node --import tsx server/main.ts`: the provincial server, configured by the environment
 * (docs/server.md): PORT (0 = a free port), HOST (127.0.0.1), DATA_DIR (./.server-data, PGlite),
 * DATABASE_URL (PostgreSQL instead), SERVER_DEMO=1 (seed the demo roster into an empty database),
 * TLS_CERT_FILE and TLS_KEY_FILE (serve HTTPS), TRUST_PROXY (the reverse proxies' addresses),
 * SERVER_LOG=1 (request log), MIN_FREE_DISK_MB (64: PGlite's writes are refused below it),
 * DEVICE_SECRET_KEY_FILE or DEVICE_SECRET_KEY (required: the key for secrets at rest),
 * DEVICE_SECRET_PREVIOUS_KEY_FILES (during a rotation), DEVICE_SECRET_DEV_KEY=1 (the public
 * development key, never in production). `--demo` is SERVER_DEMO=1; `--demo-console`
 * (SERVER_DEMO_CONSOLE=1) also seeds two years of demo ratings and one console account per role
 * into an empty database. Both demo modes allow the development key.
 */
import { randomBytes } from 'node:crypto';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo/demo-console';
import { DEFAULT_LIMITS, startServer } from './app';
import { ownerOnlyFiles } from './data-dir';
import { StartupError } from './errors';
import { describeError } from './log-safe';
import { keyRingFromEnvironment, NO_KEY_MESSAGE, type SecretKeyRing } from './secret-keys';
import { parseTrustedProxies, TrustProxyError } from './http/trusted-proxies';
import { releasesDirFromEnv } from './updates/releases-dir';
import { writeServerLock, removeServerLock } from './server-lock';

// Everything the server writes (PGlite's files as they grow, the lock note) is for its own account only.
ownerOnlyFiles();

function flag(value: string | undefined): boolean {
  return value !== undefined && /^(1|true|yes|on)$/i.test(value.trim());
}

const env = process.env;
const port = Number(env.PORT ?? 8080);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`PORT must be a port number, not ${env.PORT}`);
  process.exit(2);
}
const databaseUrl = env.DATABASE_URL || undefined;
const dataDir = databaseUrl ? undefined : env.DATA_DIR || './.server-data';
if ((env.TLS_CERT_FILE && !env.TLS_KEY_FILE) || (!env.TLS_CERT_FILE && env.TLS_KEY_FILE)) {
  console.error('TLS_CERT_FILE and TLS_KEY_FILE go together');
  process.exit(2);
}

let trustProxy: string | undefined;
if (env.TRUST_PROXY) {
  try {
    trustProxy = parseTrustedProxies(env.TRUST_PROXY).entries.join(',');
  } catch (error) {
    if (!(error instanceof TrustProxyError)) throw error;
    console.error(error.message);
    process.exit(2);
  }
}

const minFreeDiskMb = Number(env.MIN_FREE_DISK_MB ?? DEFAULT_LIMITS.minFreeDiskBytes / 1024 / 1024);
if (!Number.isFinite(minFreeDiskMb) || minFreeDiskMb < 0) {
  console.error(`MIN_FREE_DISK_MB must be a number of megabytes, not ${env.MIN_FREE_DISK_MB}`);
  process.exit(2);
}

const demo = flag(env.SERVER_DEMO) || process.argv.includes('--demo');
const demoConsole = flag(env.SERVER_DEMO_CONSOLE) || process.argv.includes('--demo-console');
let keys: SecretKeyRing | null;
try {
  keys = keyRingFromEnvironment(env, { dataDir, demo: demo || demoConsole });
} catch (error) {
  if (!(error instanceof StartupError)) throw error;
  console.error(error.message);
  process.exit(2);
}
if (!keys) {
  console.error(NO_KEY_MESSAGE);
  process.exit(2);
}
if (keys.sealsWithDevelopmentKey) {
  console.error('warning: device secrets are sealed with the public development key, which protects nothing: not for production (docs/server.md)');
}

const adminToken = randomBytes(32).toString('base64url');
if (demoConsole) console.log('console demo: seeding two years of ratings and one account per role if the database has none…');
try {
  const server = await startServer({
    port,
    host: env.HOST || '127.0.0.1',
    ...(databaseUrl ? { databaseUrl } : { dataDir }),
    releasesDir: releasesDirFromEnv(env),
    demo,
    demoConsole,
    keys,
    // The admin CLI reaches a running PGlite server through this token, left in DATA_DIR (mode 600).
    ...(dataDir ? { adminToken } : {}),
    logger: flag(env.SERVER_LOG),
    limits: { minFreeDiskBytes: minFreeDiskMb * 1024 * 1024 },
    ...(trustProxy ? { trustProxy } : {}),
    ...(env.TLS_CERT_FILE && env.TLS_KEY_FILE ? { tls: { cert: env.TLS_CERT_FILE, key: env.TLS_KEY_FILE } } : {}),
  });
  if (dataDir) writeServerLock(dataDir, server.url, adminToken);
  console.log(`Nụ cười server listening on ${server.url}`);
  console.log(`database: ${server.databaseKind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${dataDir}`}`);
  if (server.demoSeeded) console.log(`demo: ${server.demoSeeded.ratings} ratings seeded, ${server.demoSeeded.comments} with a comment`);
  if (demoConsole) {
    console.log(`console: ${server.url}/ — demo accounts, password "${DEMO_PASSWORD}":`);
    for (const account of DEMO_ACCOUNTS) console.log(`  ${account.login.padEnd(18)} ${account.role}${account.unitId ? ` (${account.unitId})` : ''}`);
  }
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`${signal}: closing`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    void server.close().then(
      () => {
        if (dataDir) removeServerLock(dataDir);
        process.exit(0);
      },
      () => process.exit(1),
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
} catch (error) {
  // Our own start-up errors say what to fix; anything else (a database's) is described without its data.
  console.error(`the server did not start: ${error instanceof StartupError ? error.message : describeError(error)}`);
  process.exit(1);
}
