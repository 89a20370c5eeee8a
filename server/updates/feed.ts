/**
 * The kiosk update feed, a Fastify plugin (docs/updates.md): electron-updater's `generic` provider
 * reads a ring's latest.yml (composed for that ring, with the province's signature) and downloads
 * the installer and blockmaps from the same folder, with ETags and HTTP ranges (multi-range for
 * differential downloads).
 *
 *   GET /updates/v1/devices/<deviceId>/<file>   the feed of that kiosk's ring (what kiosks use)
 *   GET /updates/v1/rings/<ring>/<file>         the feed of a ring (IT's scripts and checks)
 *   POST /admin/v1/releases                     the admin CLI, from loopback with the admin token
 *
 * Register it on the server: `app.register(updateFeed, {db, now, releasesDir, adminToken})`.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ReleaseRingSchema, ReleaseFileNameSchema, UPDATES_PREFIX, type ReleaseRing } from '../../shared/release';
import type { ServerDb } from '../db/connect';
import { HttpError } from '../errors';
import { describeError } from '../log-safe';
import { parseRangeHeader, rangedFileBody } from './byte-ranges';
import { composeFeedManifest, platformOfManifestName } from './manifest-file';
import { createReleaseAdmin, dispatchReleaseAdminCall, parseReleaseAdminCall } from './release-admin';
import { BLOCKMAP_SUFFIX, findReleaseFile } from './release-store';
import { offerFor, ringOfDevice } from './rings';

export interface UpdateFeedOptions {
  db: ServerDb;
  now: () => number;
  /** Where uploaded releases are kept: `<DATA_DIR>/releases` (see releasesDirFromEnv). */
  releasesDir: string;
  /** Enables POST /admin/v1/releases for this bearer token, from loopback only (the admin CLI while the server holds PGlite). */
  adminToken?: string;
}

export const RELEASE_ADMIN_PATH = '/admin/v1/releases';
const ADMIN_BODY_LIMIT = 64 * 1024;

const CONTENT_TYPES: [suffix: string, type: string][] = [
  ['.exe', 'application/vnd.microsoft.portable-executable'],
  ['.deb', 'application/vnd.debian.binary-package'],
  ['.AppImage', 'application/vnd.appimage'],
  [BLOCKMAP_SUFFIX, 'application/octet-stream'],
];
const MANIFEST_CONTENT_TYPE = 'application/yaml; charset=utf-8';

export function releaseFileContentType(name: string): string {
  return CONTENT_TYPES.find(([suffix]) => name.endsWith(suffix))?.[1] ?? 'application/octet-stream';
}

/** Releases are immutable (their names carry the version); manifests change with every promotion. */
const FILE_CACHE = 'public, max-age=31536000, immutable';
const MANIFEST_CACHE = 'no-cache';

function etagMatches(header: string | string[] | undefined, etag: string): boolean {
  if (typeof header !== 'string') return false;
  return header.split(',').some((tag) => {
    const trimmed = tag.trim().replace(/^W\//, '');
    return trimmed === etag || trimmed === '*';
  });
}

export async function updateFeed(app: FastifyInstance, options: UpdateFeedOptions): Promise<void> {
  const { db, now, releasesDir } = options;
  const cacheControl = new WeakMap<FastifyReply, string>();

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    if (error instanceof HttpError) {
      void reply.status(error.statusCode).headers(error.headers).send({ error: error.code, message: error.message, serverTime: now() });
      return;
    }
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      void reply.status(error.statusCode).send({ error: (error.code ?? 'bad_request').replace(/^FST_ERR_(CTP_)?/, '').toLowerCase(), message: error.message, serverTime: now() });
      return;
    }
    // Described, never printed whole: a database's error carries its statement's parameters.
    console.error(`[updates] ${request.method} ${request.url.split('?')[0]} failed: ${describeError(error)}`);
    void reply.status(500).send({ error: 'internal', message: 'internal server error', serverTime: now() });
  });

  // The server's own onSend hook says no-store for its API; the feed's files may be cached.
  app.addHook('onSend', async (_request, reply, payload) => {
    const value = cacheControl.get(reply);
    if (value) void reply.header('cache-control', value);
    return payload;
  });

  async function serveFeedFile(request: FastifyRequest, reply: FastifyReply, ring: ReleaseRing, name: string) {
    const platform = platformOfManifestName(name);
    if (platform) {
      const offer = await offerFor(db, ring, platform);
      if (offer.kind === 'paused') throw new HttpError(404, 'updates_paused', 'updates are paused on this server');
      if (offer.kind === 'none') throw new HttpError(404, 'no_release', `no release is offered to the ${ring} ring for ${platform}`);
      const body = composeFeedManifest(offer.release.document, offer.release.signature, offer.pinned);
      const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
      cacheControl.set(reply, MANIFEST_CACHE);
      void reply.header('etag', etag);
      if (etagMatches(request.headers['if-none-match'], etag)) return reply.status(304).send();
      return reply.type(MANIFEST_CONTENT_TYPE).send(body);
    }
    if (!ReleaseFileNameSchema.safeParse(name).success) throw new HttpError(404, 'not_found', `no file ${name}`);
    const file = await findReleaseFile(db, releasesDir, name);
    if (!file) throw new HttpError(404, 'not_found', `no file ${name}`);
    const etag = `"${file.sha512.replace(/[+/=]/g, '').slice(0, 32)}"`;
    cacheControl.set(reply, FILE_CACHE);
    void reply.header('etag', etag).header('accept-ranges', 'bytes');
    if (etagMatches(request.headers['if-none-match'], etag)) return reply.status(304).send();
    // If-Range: the ranges only apply to the file the client has part of.
    const ifRange = request.headers['if-range'];
    const rangeHeader = typeof ifRange === 'string' && ifRange.trim() !== etag ? undefined : request.headers.range;
    const answer = rangedFileBody(file.path, file.size, releaseFileContentType(name), parseRangeHeader(rangeHeader, file.size));
    void reply.status(answer.status).headers(answer.headers);
    if (!answer.body) return reply.send();
    return reply.send(answer.body);
  }

  app.get<{ Params: { deviceId: string; file: string } }>(`${UPDATES_PREFIX}/devices/:deviceId/:file`, async (request, reply) => {
    const ring = request.params.deviceId.length <= 64 ? await ringOfDevice(db, request.params.deviceId) : null;
    if (!ring) throw new HttpError(404, 'unknown_device', 'no enrolled kiosk with this id');
    return serveFeedFile(request, reply, ring, request.params.file);
  });

  app.get<{ Params: { ring: string; file: string } }>(`${UPDATES_PREFIX}/rings/:ring/:file`, async (request, reply) => {
    const ring = ReleaseRingSchema.safeParse(request.params.ring);
    if (!ring.success) throw new HttpError(404, 'unknown_ring', `no ring ${request.params.ring}; the rings are pilot and everyone`);
    return serveFeedFile(request, reply, ring.data, request.params.file);
  });

  if (options.adminToken) {
    const token = Buffer.from(`Bearer ${options.adminToken}`);
    const admin = createReleaseAdmin(db, releasesDir, now);
    await app.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: ADMIN_BODY_LIMIT }, (_request, body, done) => {
        try {
          done(null, JSON.parse(body as string));
        } catch {
          done(new HttpError(400, 'invalid_json', 'the body is not valid JSON'), undefined);
        }
      });
      scope.post(RELEASE_ADMIN_PATH, async (request) => {
        const remote = request.socket.remoteAddress ?? '';
        const presented = Buffer.from(String(request.headers.authorization ?? ''));
        const loopback = remote === '127.0.0.1' || remote === '::1' || remote === '::ffff:127.0.0.1';
        if (!loopback || presented.length !== token.length || !timingSafeEqual(presented, token)) {
          throw new HttpError(403, 'forbidden', 'release administration is only for the local admin CLI');
        }
        const result = await dispatchReleaseAdminCall(admin, parseReleaseAdminCall(request.body));
        return { result: result ?? null, serverTime: now() };
      });
    });
  }
}
