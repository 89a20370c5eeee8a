/**
 * `node --import tsx server/main.ts`: the provincial server, configured by the environment
 * (docs/server.md): PORT (0 = a free port), HOST (127.0.0.1), DATA_DIR (./.server-data, PGlite),
 * DATABASE_URL (PostgreSQL instead), SERVER_DEMO=1 (seed the demo roster into an empty database),
 * TLS_CERT_FILE and TLS_KEY_FILE (serve HTTPS), TRUST_PROXY (1, or the proxy's addresses),
 * SERVER_LOG=1 (request log). `--demo` is SERVER_DEMO=1; `--demo-console` (SERVER_DEMO_CONSOLE=1) also
 * seeds two years of demo ratings and one console account per role into an empty database.
 */
import { randomBytes } from 'node:crypto';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo/demo-console';
import { startServer } from './app';
import { releasesDirFromEnv } from './updates/releases-dir';
import { writeServerLock, removeServerLock } from './server-lock';

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

const adminToken = randomBytes(32).toString('base64url');
const demoConsole = flag(env.SERVER_DEMO_CONSOLE) || process.argv.includes('--demo-console');
if (demoConsole) console.log('console demo: seeding two years of ratings and one account per role if the database has none…');
try {
  const server = await startServer({
    port,
    host: env.HOST || '127.0.0.1',
    ...(databaseUrl ? { databaseUrl } : { dataDir }),
    releasesDir: releasesDirFromEnv(env),
    demo: flag(env.SERVER_DEMO) || process.argv.includes('--demo'),
    demoConsole,
    // The admin CLI reaches a running PGlite server through this token, left in DATA_DIR (mode 600).
    ...(dataDir ? { adminToken } : {}),
    logger: flag(env.SERVER_LOG),
    ...(env.TRUST_PROXY ? { trustProxy: flag(env.TRUST_PROXY) ? true : env.TRUST_PROXY } : {}),
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
  console.error(`the server did not start: ${(error as Error).message}`);
  process.exit(1);
}
