/**
 * Harness of the console's tests: the console API on a real HTTP server on 127.0.0.1 with a
 * fresh database of the test backend, a movable clock, and a browser-like client that keeps its
 * session cookie and sends the CSRF token as the console does.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import type { AddressInfo } from 'node:net';
import { CONSOLE_API_PREFIX, CSRF_HEADER, type ConsoleRole, type SessionResponse } from '../../../shared/console/api';
import { openDatabase, type OpenedDatabase } from '../../../server/db/connect';
import { createAccount } from '../../../server/console/accounts';
import { consoleApi } from '../../../server/console/plugin';
import { importRoster } from '../../../server/roster';
import { SecretKeyRing } from '../../../server/secret-keys';
import { createReleaseAdmin, type ReleaseAdmin } from '../../../server/updates/release-admin';
import fixture from '../../fixtures/roster.json';
import { backend, freshPostgresDatabase } from '../helpers';

export interface ConsoleTestServer {
  url: string;
  db: OpenedDatabase['db'];
  clock: { now: number };
  addUser(login: string, role: ConsoleRole, options?: { unitId?: string; password?: string; maySeePersonalData?: boolean }): Promise<void>;
  client(): ConsoleClient;
  /** The keys that seal this server's secrets at rest (the badge keys among them). */
  keys: SecretKeyRing;
  /** The kiosk releases behind the updates page (a fresh folder of this server's). */
  releases: ReleaseAdmin;
  releasesDir: string;
  close(): Promise<void>;
}

export const PASSWORD = 'mật khẩu đủ dài 2026';

export async function startConsoleServer(): Promise<ConsoleTestServer> {
  const clock = { now: Date.UTC(2026, 10, 21, 3, 0, 0) };
  let drop = async () => {};
  let database: OpenedDatabase;
  if (backend === 'postgres') {
    const fresh = await freshPostgresDatabase();
    drop = fresh.drop;
    database = await openDatabase({ databaseUrl: fresh.url });
  } else database = await openDatabase({});
  await importRoster(database.db, fixture);
  const releasesDir = mkdtempSync(join(tmpdir(), 'nucuoi-console-releases-'));
  const keys = SecretKeyRing.development();
  const releases = createReleaseAdmin(database.db, releasesDir, () => clock.now);
  const app = Fastify();
  await app.register(consoleApi, { prefix: CONSOLE_API_PREFIX, db: database.db, now: () => clock.now, secureCookies: false, releases, keys });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return {
    url,
    db: database.db,
    keys,
    clock,
    async addUser(login, role, options = {}) {
      await createAccount(
        database.db,
        {
          login,
          displayName: `Tài khoản ${login}`,
          role,
          unitId: options.unitId ?? null,
          password: options.password ?? PASSWORD,
          maySeePersonalData: options.maySeePersonalData ?? false,
        },
        clock.now,
      );
    },
    client: () => new ConsoleClient(url),
    releases,
    releasesDir,
    async close() {
      await app.close();
      await database.close();
      await drop();
      rmSync(releasesDir, { recursive: true, force: true });
    },
  };
}

export interface ConsoleAnswer<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T & { error?: string; message?: string; field?: string };
}

/** A browser's view of the console API: one cookie jar, the CSRF token from the session answer. */
export class ConsoleClient {
  cookie: string | null = null;
  csrfToken: string | null = null;
  language = 'vi';

  constructor(readonly baseUrl: string) {}

  async request<T = Record<string, unknown>>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ConsoleAnswer<T>> {
    const sent: Record<string, string> = { 'accept-language': this.language, ...headers };
    if (this.cookie) sent.cookie = this.cookie;
    if (this.csrfToken && method !== 'GET') sent[CSRF_HEADER] = this.csrfToken;
    if (body !== undefined && !('content-type' in headers)) sent['content-type'] = 'application/json';
    for (const [name, value] of Object.entries(headers)) if (value === '') delete sent[name];
    const response = await fetch(`${this.baseUrl}${CONSOLE_API_PREFIX}${path}`, {
      method,
      headers: sent,
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const setCookie = response.headers.get('set-cookie');
    if (setCookie) {
      const pair = setCookie.split(';')[0]!;
      this.cookie = pair.endsWith('=') ? null : pair;
    }
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : {}) as ConsoleAnswer<T>['body'] };
  }

  get<T = Record<string, unknown>>(path: string) {
    return this.request<T>('GET', path);
  }

  post<T = Record<string, unknown>>(path: string, body?: unknown) {
    return this.request<T>('POST', path, body ?? {});
  }

  async login(login: string, password = PASSWORD): Promise<ConsoleAnswer<SessionResponse>> {
    const answer = await this.request<SessionResponse>('POST', '/auth/login', { login, password });
    if (answer.status === 200) this.csrfToken = answer.body.csrfToken;
    return answer;
  }
}
