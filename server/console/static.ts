import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CONSOLE_API_PREFIX } from '../../shared/console/constants';
import { CONSOLE_CSP } from '../../shared/csp';
import { gzippedFile, isCompressible, resolveStaticFile, staticCacheControl, staticContentType, warmCompressedFiles } from '../../shared/node/static-files';
import { ConsoleError, consoleMessage, requestLanguage } from './errors';

export interface ConsoleStaticOptions {
  /** The built console (`dist/console`, made by scripts/build.mjs). */
  consoleDir: string;
}

/** Headers of every page and asset of the console: its CSP, no sniffing, no referrer, never framed. */
export const CONSOLE_PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONSOLE_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
};

/**
 * A path that names a file (a script, a style, a font, an image): missing, it is a 404, never the
 * app. Other paths are the app's, even with a dot in them (record ids may hold dots: /reports/units/x.1).
 */
const FILE_PATH = /\.(?:html?|m?js|css|map|json|txt|webmanifest|png|jpe?g|gif|svg|ico|webp|avif|woff2?|ttf|otf|wasm)$/i;

/**
 * Serves the built console at `/`: its files by path (gzip when accepted, hashed assets cached for
 * good), and index.html for every other path that does not name a file, so that the app's own
 * routes (/reports/units/…, /comments) load on a reload or from a bookmark. Paths under /api/ are
 * never the app's: a GET there that no API route answered is a 404 in JSON (the console API's
 * own for its prefix, the server's for the protocol's).
 */
export async function consoleStatic(app: FastifyInstance, { consoleDir }: ConsoleStaticOptions): Promise<void> {
  const root = resolve(consoleDir);
  const index = resolveStaticFile(root, '/index.html');
  if (!index) throw new Error(`the console is not built: ${root}/index.html is missing (run node scripts/build.mjs)`);
  warmCompressedFiles(root);

  const send = async (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0]!;
    // A GET under the console's API that no API route answered: the API's own 404, in its words.
    if (path === CONSOLE_API_PREFIX || path.startsWith(`${CONSOLE_API_PREFIX}/`)) throw new ConsoleError(404, 'not_found');
    if (path === '/api' || path.startsWith('/api/')) return reply.callNotFound();
    const file = resolveStaticFile(root, path) ?? (FILE_PATH.test(path) ? null : index);
    if (!file) return reply.callNotFound();
    const { size, mtimeMs } = statSync(file);
    void reply.headers(CONSOLE_PAGE_HEADERS).header('content-type', staticContentType(file)).header('vary', 'Accept-Encoding');
    reply.cacheControl = staticCacheControl(file);
    if (isCompressible(file) && /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))) {
      return reply.header('content-encoding', 'gzip').send(gzippedFile(file, size, mtimeMs));
    }
    return reply.send(await readFile(file));
  };

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof ConsoleError) {
      return reply.status(error.statusCode).send({ error: error.consoleCode, message: consoleMessage(error.consoleCode, requestLanguage(request)) });
    }
    console.error(`[console] GET ${request.url.split('?')[0]} failed: ${(error as Error).name}`);
    return reply.status(500).send({ error: 'internal', message: consoleMessage('internal', requestLanguage(request)) });
  });
  app.decorateReply('cacheControl', '');
  // The server marks its answers no-store (its own onSend hook); this plugin's hook runs after it
  // and gives the console's files their own caching.
  app.addHook('onSend', async (_request, reply, payload) => {
    if (reply.cacheControl) void reply.header('cache-control', reply.cacheControl);
    return payload;
  });
  app.get('/', send);
  app.get('/*', send);
}

declare module 'fastify' {
  interface FastifyReply {
    /** The Cache-Control of a console file, set by the static plugin's handler. */
    cacheControl: string;
  }
}
