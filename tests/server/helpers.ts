/**
 * Test harness of the provincial server: a server on 127.0.0.1 with a fresh database (in-memory
 * PGlite, or a new PostgreSQL database when SERVER_TEST_BACKEND=postgres and TEST_DATABASE_URL
 * are set: `npm test` runs this suite a second time that way), and a kiosk that signs requests.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { inject } from 'vitest';
import demoRoster from '../../assets/demo/roster.json';
import { startServer, type RunningServer, type StartServerOptions } from '../../server/app';
import { openDatabase, type OpenedDatabase } from '../../server/db/connect';
import { openPGlite } from '../../server/db/pglite-dialect';
import { importRoster } from '../../server/roster';
import type { SecretKeyRing } from '../../server/secret-keys';
import { signRequest } from '../../shared/node/signing';
import { API_PREFIX, type EnrollResponse } from '../../shared/protocol';
import type { RatingV1 } from '../../shared/rating';
import { uuidv7 } from '../../shared/uuid';

export const backend: 'pglite' | 'postgres' =
  process.env.SERVER_TEST_BACKEND === 'postgres' && process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';

/** A fresh, empty PostgreSQL database for one server; dropped by the returned function. */
export async function freshPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = process.env.TEST_DATABASE_URL!;
  const name = `nucuoi_t_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** The dump of a migrated database, with or without the demo roster, as this file got it. */
const pgliteTemplates = new Map<boolean, Promise<Blob>>();

/**
 * A fresh in-memory PGlite for one server, migrated and (with `demo`) holding the demo roster, as
 * `startServer` would make it. Booting PGlite and migrating take seconds, so that is done once per
 * run: the first server to need it gets the new database itself, whose dump is kept in the run's
 * folder; every later server, in any test file, gets a copy opened from that dump (well under a
 * second). Servers still share nothing.
 */
export async function pgliteCopy(demo: boolean): Promise<PGlite> {
  const template = pgliteTemplates.get(demo) ?? keptTemplate(demo);
  if (template) {
    pgliteTemplates.set(demo, template);
    return openPGlite(undefined, await template);
  }
  const client = await newDatabase(demo);
  const dump = await client.dumpDataDir('none');
  pgliteTemplates.set(demo, Promise.resolve(dump));
  await keepTemplate(demo, dump);
  return client;
}

/** A fresh database on the test backend (PGlite in memory, or a new PostgreSQL database dropped on close), sealing with `keys`. */
export async function openTestDatabase(keys?: SecretKeyRing): Promise<OpenedDatabase> {
  if (backend !== 'postgres') return openDatabase({ keys });
  const fresh = await freshPostgresDatabase();
  const opened = await openDatabase({ databaseUrl: fresh.url, keys });
  return { ...opened, close: () => opened.close().then(fresh.drop) };
}

/** The run's folder (vitest's globalSetup, tests/run-folder.ts); without it, each file makes its own. */
function templateFile(demo: boolean): string | null {
  const folder = inject('runFolder') as string | undefined;
  return folder ? join(folder, `pglite-${demo ? 'demo' : 'empty'}.tar`) : null;
}

function keptTemplate(demo: boolean): Promise<Blob> | undefined {
  const file = templateFile(demo);
  return file && existsSync(file) ? Promise.resolve(new Blob([readFileSync(file)])) : undefined;
}

async function keepTemplate(demo: boolean, dump: Blob): Promise<void> {
  const file = templateFile(demo);
  if (!file) return;
  // Written aside then renamed: a file running beside this one sees the whole dump or none.
  const partial = `${file}.${process.pid}`;
  writeFileSync(partial, new Uint8Array(await dump.arrayBuffer()));
  renameSync(partial, file);
}

async function newDatabase(demo: boolean): Promise<PGlite> {
  const client = await openPGlite(undefined);
  // Its Kysely instance is left open, not destroyed: destroying it would close the client.
  const { db } = await openDatabase({ pglite: client });
  if (demo) await importRoster(db, demoRoster);
  return client;
}

export interface TestServer extends RunningServer {
  /** The server's clock: tests move it instead of waiting. */
  clock: { now: number };
}

/** A server with the demo roster, on the test backend, and a movable clock. */
export async function startTestServer(options: Omit<StartServerOptions, 'now'> = {}): Promise<TestServer> {
  const clock = { now: Date.UTC(2026, 10, 21, 3, 0, 0) };
  const demo = options.demo ?? true;
  const ownDatabase = !options.databaseUrl && !options.dataDir && !options.pglite;
  let database: { url: string; drop(): Promise<void> } | null = null;
  if (backend === 'postgres' && ownDatabase) database = await freshPostgresDatabase();
  const server = await startServer({
    ...options,
    demo,
    ...(database ? { databaseUrl: database.url } : {}),
    ...(backend === 'pglite' && ownDatabase ? { pglite: await pgliteCopy(demo) } : {}),
    now: () => clock.now,
  });
  return {
    ...server,
    clock,
    async close() {
      await server.close();
      await database?.drop();
    },
  };
}

export interface Answer {
  status: number;
  headers: Headers;
  json: Record<string, unknown> & { serverTime?: number; error?: string };
}

async function answerOf(response: Response): Promise<Answer> {
  const text = await response.text();
  let json: Answer['json'] = {};
  if (text) json = JSON.parse(text) as Answer['json'];
  return { status: response.status, headers: response.headers, json };
}

/**
 * A POST with node:http from a chosen local address (127.0.0.2, …: another client of a server on
 * 127.0.0.1, as Linux routes all of 127/8 to loopback), with extra headers.
 */
export function postFrom(localAddress: string, url: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; json: Answer['json'] }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', localAddress, agent: false, headers: { 'content-type': 'application/json', ...headers } });
    req.on('response', (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, json: text ? (JSON.parse(text) as Answer['json']) : {} }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

export async function enroll(server: TestServer, options: { unitId?: string; counterId?: string } = {}): Promise<TestKiosk> {
  const code = await server.admin.createEnrollmentCode({ unitId: options.unitId ?? 'bg-ttpvhcc', counterId: options.counterId ?? 'ttpvhcc-q01' });
  const response = await fetch(`${server.url}${API_PREFIX}/enroll`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ enrollmentCode: code, deviceName: 'Kiosk quầy 01', appVersion: '0.1.0' }),
  });
  const answer = await answerOf(response);
  if (answer.status !== 201) throw new Error(`enrol failed: ${answer.status} ${JSON.stringify(answer.json)}`);
  const enrolled = answer.json as unknown as EnrollResponse;
  return new TestKiosk(server, enrolled.deviceId, enrolled.deviceSecret, enrolled.unitId);
}

export interface SendOptions {
  gzip?: boolean;
  timestamp?: number;
  /** Replaces or removes (undefined) headers after signing. */
  headers?: Record<string, string | undefined>;
  secret?: string;
  contentType?: string;
}

/** A kiosk that signs its requests like the real one (docs/protocol.md). */
export class TestKiosk {
  seq = 0;
  constructor(
    readonly server: TestServer,
    readonly deviceId: string,
    readonly secret: string,
    readonly unitId: string,
  ) {}

  async send(method: string, path: string, body?: unknown, options: SendOptions = {}): Promise<Answer> {
    let bytes: Buffer | undefined;
    if (body !== undefined) bytes = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    if (bytes && options.gzip) bytes = gzipSync(bytes);
    const timestamp = options.timestamp ?? this.server.clock.now;
    const fullPath = `${API_PREFIX}${path}`;
    const headers: Record<string, string> = {
      'x-device-id': this.deviceId,
      'x-timestamp': String(timestamp),
      'x-signature': signRequest(options.secret ?? this.secret, method, fullPath, timestamp, bytes ?? Buffer.alloc(0)),
    };
    if (bytes) headers['content-type'] = options.contentType ?? 'application/json';
    if (options.gzip) headers['content-encoding'] = 'gzip';
    for (const [name, value] of Object.entries(options.headers ?? {})) {
      if (value === undefined) delete headers[name];
      else headers[name] = value;
    }
    const response = await fetch(`${this.server.url}${fullPath}`, { method, headers, ...(bytes ? { body: new Uint8Array(bytes) } : {}) });
    return answerOf(response);
  }

  rating(overrides: Partial<RatingV1> = {}): RatingV1 {
    this.seq += 1;
    const createdAt = this.server.clock.now - 60_000;
    return {
      id: uuidv7(createdAt),
      deviceId: this.deviceId,
      seq: this.seq,
      unitId: this.unitId,
      counterId: 'ttpvhcc-q01',
      deskRole: 'reception',
      staffId: 'st-000101',
      staffSessionId: uuidv7(createdAt - 3_600_000),
      createdAt,
      clockOffsetMs: 0,
      scale: 'vn3',
      score: 3,
      criteria: { greet: true, apologise: null, thank: true, ask_permission: null, smile: true, gentle: null, listen: null, help: null },
      comment: null,
      dossierCode: null,
      locale: 'vi',
      durationMs: 4_000,
      appVersion: '0.1.0',
      ...overrides,
    };
  }

  batch(ratings: unknown[], sentAt = this.server.clock.now): { batchId: string; sentAt: number; ratings: unknown[] } {
    return { batchId: uuidv7(sentAt), sentAt, ratings };
  }

  sendBatch(ratings: unknown[], options: SendOptions = {}): Promise<Answer> {
    return this.send('POST', '/ratings/batches', this.batch(ratings), options);
  }
}
