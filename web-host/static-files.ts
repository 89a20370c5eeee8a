/**
 * Sending the renderer's files over HTTP: gzip for text, caching by Vite's hashed names. Which
 * file a path names and its type come from shared/node/static-files.ts, as for Electron's app://.
 */
import { createReadStream, readdirSync, readFileSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join } from 'node:path';
import { gzip, gzipSync } from 'node:zlib';
import { staticContentType } from '../shared/node/static-files';

/** Text types worth compressing (fonts, audio and images are compressed already). */
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.wasm']);
/** Gzipped text files, made once per file version (path, size and mtime). */
const gzipCache = new Map<string, { key: string; body: Buffer }>();

/** Level 6: within 0.2 % of level 9's size for the renderer's bundle, in half the time. */
const GZIP_LEVEL = 6;

function gzipped(file: string, size: number, mtimeMs: number): Buffer {
  const key = `${size}:${mtimeMs}`;
  const cached = gzipCache.get(file);
  if (cached?.key === key) return cached.body;
  const body = gzipSync(readFileSync(file), { level: GZIP_LEVEL });
  gzipCache.set(file, { key, body });
  return body;
}

/**
 * Compresses the page and its assets in the background (zlib's thread pool) as the host starts,
 * so that the kiosk's first load does not wait for it. A request that comes first compresses
 * the file itself; the result is the same.
 */
export function warmCompressedFiles(root: string): void {
  const files = [join(root, 'index.html')];
  try {
    for (const name of readdirSync(join(root, 'assets'))) files.push(join(root, 'assets', name));
  } catch {
    return;
  }
  // The start-up set only: lazily loaded files (the badge decoder's WebAssembly) wait for their request.
  for (const file of files.filter((f) => ['.html', '.js', '.css'].includes(extname(f).toLowerCase()))) {
    try {
      const { size, mtimeMs } = statSync(file);
      gzip(readFileSync(file), { level: GZIP_LEVEL }, (error, body) => {
        if (!error && !gzipCache.has(file)) gzipCache.set(file, { key: `${size}:${mtimeMs}`, body });
      });
    } catch {
      // A file that vanished is simply not warmed.
    }
  }
}

export function sendStaticFile(
  res: ServerResponse,
  file: string,
  headers: Record<string, string>,
  acceptEncoding: string | string[] | undefined = undefined,
): void {
  const extension = extname(file).toLowerCase();
  const type = staticContentType(file);
  // Vite puts a content hash in every asset's name: those can be cached forever.
  const immutable = /[/\\]assets[/\\]/.test(file);
  const { size, mtimeMs } = statSync(file);
  const common = {
    ...headers,
    'Content-Type': type,
    'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    Vary: 'Accept-Encoding',
  };
  // The kiosk's cold start reads the renderer's JS and CSS: gzip them when the browser accepts it.
  if (COMPRESSIBLE.has(extension) && /\bgzip\b/.test(String(acceptEncoding ?? ''))) {
    const body = gzipped(file, size, mtimeMs);
    res.writeHead(200, { ...common, 'Content-Encoding': 'gzip', 'Content-Length': body.length });
    res.end(body);
    return;
  }
  res.writeHead(200, { ...common, 'Content-Length': size });
  createReadStream(file).pipe(res);
}
