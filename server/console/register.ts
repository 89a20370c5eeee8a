import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { CONSOLE_API_PREFIX } from '../../shared/console/api';
import type { ServerDb } from '../db/connect';
import type { SecretKeyRing } from '../secret-keys';
import type { ReleaseAdmin } from '../updates/release-admin';
import { consoleApi } from './plugin';
import { consoleStatic } from './static';

export interface RegisterConsoleOptions {
  db: ServerDb;
  now: () => number;
  /** Mark the session cookie Secure: the server speaks HTTPS (or sits behind a TLS proxy). */
  secureCookies: boolean;
  /** The built console (dist/console); without it only the API is served. */
  consoleDir: string | null;
  /** Kiosk releases for the updates page (server/updates); without it the page says there is no update feed. */
  releases?: ReleaseAdmin | null;
  /** The server's keys (secrets at rest). */
  keys: SecretKeyRing;
}

/**
 * The whole console on a server: its API under /api/console/v1 and the web app at `/`. This is
 * what `startServer` calls (server/app.ts wires it; the protocol's routes are untouched).
 */
export async function registerConsole(app: FastifyInstance, { db, now, secureCookies, consoleDir, releases, keys }: RegisterConsoleOptions): Promise<void> {
  await app.register(consoleApi, { prefix: CONSOLE_API_PREFIX, db, now, secureCookies, releases: releases ?? null, keys });
  if (consoleDir) await app.register(consoleStatic, { consoleDir });
}

/**
 * Where `node scripts/build.mjs` puts the console (dist/console at the project's root), or null
 * when it has not been built — then a server serves the API alone and says so.
 */
export function builtConsoleDir(): string | null {
  const dir = fileURLToPath(new URL('../../dist/console', import.meta.url));
  return existsSync(`${dir}/index.html`) ? dir : null;
}
