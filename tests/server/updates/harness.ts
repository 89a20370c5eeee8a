/**
 * Harness of the update feed's tests (and of the kiosk updater's, tests/electron/main/): the feed
 * plugin on a real HTTP server on 127.0.0.1 with a fresh database of the test backend, the demo
 * roster, kiosks enrolled straight in the database, and releases made as electron-builder makes
 * them (an installer, its blockmap made by electron-builder's own code, latest.yml).
 */
import { createHash, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { dump } from 'js-yaml';
import { openDatabase, type OpenedDatabase } from '../../../server/db/connect';
import { sealUnknownSecret } from '../../../server/devices';
import { importRoster } from '../../../server/roster';
import { SecretKeyRing } from '../../../server/secret-keys';
import { updateFeed } from '../../../server/updates/feed';
import { createReleaseAdmin, type ReleaseAdmin } from '../../../server/updates/release-admin';
import { generateReleaseKeyPair, signReleaseManifest, type ReleaseKeyPair } from '../../../shared/node/release-signing';
import type { ReleaseManifest } from '../../../shared/release';
import { uuidv7 } from '../../../shared/uuid';
import fixture from '../../fixtures/roster.json';
import { backend, freshPostgresDatabase } from '../helpers';

const fromBuilder = createRequire(createRequire(import.meta.url).resolve('electron-builder'));
const { buildBlockMap } = fromBuilder('app-builder-lib/out/targets/blockmap/blockmap') as {
  buildBlockMap: (file: string, compression: 'gzip', outFile: string) => Promise<{ size: number; sha512: string }>;
};

export const ADMIN_TOKEN = 'feed-test-admin-token';

export interface FeedTestServer {
  url: string;
  db: OpenedDatabase['db'];
  clock: { now: number };
  releasesDir: string;
  admin: ReleaseAdmin;
  /** The province's key pair, registered with the server. */
  keys: ReleaseKeyPair;
  /** A folder for the test's own files (removed at close). */
  workDir: string;
  /** Every request the feed received: its path and Range header. */
  requests: { path: string; range: string | undefined }[];
  enrolKiosk(options?: { unitId?: string; revoked?: boolean }): Promise<string>;
  close(): Promise<void>;
}

export async function startFeedServer(options: { registerKey?: boolean } = {}): Promise<FeedTestServer> {
  const clock = { now: Date.UTC(2026, 10, 21, 3, 0, 0) };
  let drop = async () => {};
  let database: OpenedDatabase;
  if (backend === 'postgres') {
    const fresh = await freshPostgresDatabase();
    drop = fresh.drop;
    database = await openDatabase({ databaseUrl: fresh.url });
  } else database = await openDatabase({});
  await importRoster(database.db, fixture);
  const workDir = mkdtempSync(join(tmpdir(), 'nucuoi-feed-'));
  const releasesDir = join(workDir, 'server-data', 'releases');
  const app = Fastify();
  const requests: FeedTestServer['requests'] = [];
  app.addHook('onRequest', async (request) => {
    requests.push({ path: request.url.split('?')[0]!, range: request.headers.range });
  });
  await app.register(updateFeed, { db: database.db, now: () => clock.now, releasesDir, adminToken: ADMIN_TOKEN });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const admin = createReleaseAdmin(database.db, releasesDir, () => clock.now);
  const keys = generateReleaseKeyPair();
  if (options.registerKey !== false) await admin.registerKey(keys.publicKey, false);
  return {
    url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`,
    db: database.db,
    clock,
    releasesDir,
    admin,
    keys,
    workDir,
    requests,
    async enrolKiosk({ unitId = 'bg-ttpvhcc', revoked = false } = {}) {
      const id = uuidv7(clock.now);
      await database.db
        .insertInto('devices')
        .values({
          id,
          ...sealUnknownSecret(SecretKeyRing.development(), id),
          unit_id: unitId,
          counter_id: null,
          name: `Kiosk ${id.slice(-4)}`,
          app_version: '0.1.0',
          enrolled_at: clock.now,
          revoked_at: revoked ? clock.now : null,
          last_seen_at: null,
          last_heartbeat_at: null,
          pending_count: null,
          oldest_pending_age_ms: null,
          last_error: null,
          clock_offset_ms: null,
        })
        .execute();
      return id;
    },
    async close() {
      // A test that did not read an answer's body (an installer is 600 KB) leaves its keep-alive
      // connection busy, and close() would wait for it: on a loaded machine past the hook's limit.
      const closing = app.close();
      app.server.closeAllConnections();
      await closing;
      await database.close();
      await drop();
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}

export interface BuiltRelease {
  dir: string;
  manifestPath: string;
  installerPath: string;
  installerName: string;
  manifest: ReleaseManifest;
  signature: string;
  content: Buffer;
}

/**
 * Deterministic installer bytes for a version: mostly shared between versions (so a differential
 * download has blocks to reuse), with three version-specific stretches apart from each other (so
 * it asks for several ranges at once).
 */
export function installerBytes(version: string, size = 600_000): Buffer {
  const bytes = Buffer.alloc(size);
  let seed = 12345;
  for (let i = 0; i < size; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    bytes[i] = seed >> 16;
  }
  const changed = createHash('sha512').update(version).digest();
  for (const at of [size / 4, size / 2, (3 * size) / 4]) {
    for (let i = 0; i < 5_000; i++) bytes[at + i] = changed[i % changed.length]!;
  }
  return bytes;
}

/** Writes a release as electron-builder does on the build machine, signed with `privateKeyPem`. */
export async function buildRelease(
  parent: string,
  version: string,
  privateKeyPem: string,
  { platform = 'windows', content = installerBytes(version) }: { platform?: 'windows' | 'linux'; content?: Buffer } = {},
): Promise<BuiltRelease> {
  const dir = join(parent, `build-${version}-${platform}-${randomBytes(3).toString('hex')}`);
  mkdirSync(dir, { recursive: true });
  const installerName = platform === 'windows' ? `nu-cuoi-setup-${version}-x64.exe` : `nu-cuoi-${version}-linux-amd64.deb`;
  const installerPath = join(dir, installerName);
  writeFileSync(installerPath, content);
  const { size, sha512 } = await buildBlockMap(installerPath, 'gzip', `${installerPath}.blockmap`);
  const manifest: ReleaseManifest = { version, files: [{ url: installerName, sha512, size }] };
  const document = {
    version,
    files: [{ url: installerName, sha512, size, ...(platform === 'windows' ? { isAdminRightsRequired: true } : {}) }],
    path: installerName,
    sha512,
    releaseDate: '2026-11-20T09:00:00.000Z',
  };
  const manifestPath = join(dir, platform === 'windows' ? 'latest.yml' : 'latest-linux.yml');
  writeFileSync(manifestPath, dump(document, { lineWidth: -1 }));
  return { dir, manifestPath, installerPath, installerName, manifest, signature: signReleaseManifest(manifest, privateKeyPem), content };
}

/** Builds and uploads a release signed with the server's registered key. */
export async function publishRelease(server: FeedTestServer, version: string, options: { platform?: 'windows' | 'linux' } = {}): Promise<BuiltRelease> {
  const release = await buildRelease(server.workDir, version, server.keys.privateKeyPem, options);
  await server.admin.upload({ manifestPath: release.manifestPath, signature: release.signature });
  return release;
}

export function generateOtherKeys(): ReleaseKeyPair {
  return generateReleaseKeyPair();
}
