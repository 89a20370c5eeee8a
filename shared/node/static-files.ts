/**
 * Built web apps as files: Electron's app:// protocol and the web host (the kiosk's renderer) and
 * the provincial server (the console) resolve paths, name content types, compress and cache here,
 * so every host serves the same files the same way.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { gzip, gzipSync } from 'node:zlib';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.wasm': 'application/wasm',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.wav': 'audio/wav',
};

/** The Content-Type of a static file, by its extension; unknown kinds are plain bytes. */
export function staticContentType(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Resolves a URL path to a file inside `root`, or null when it would leave it (../, encoded
 * separators, NUL) or does not exist.
 */
export function resolveStaticFile(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const relative = normalize(decoded === '/' ? '/index.html' : decoded).replace(/^([/\\])+/, '');
  const full = join(root, relative);
  if (full !== root && !full.startsWith(root.endsWith(sep) ? root : root + sep)) return null;
  try {
    return statSync(full).isFile() ? full : null;
  } catch {
    return null;
  }
}

/** Text types worth compressing (fonts, audio and images are compressed already). */
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.wasm']);
/** Gzipped text files, made once per file version (path, size and mtime). */
const gzipCache = new Map<string, { key: string; body: Buffer }>();

/** Level 6: within 0.2 % of level 9's size for the renderer's bundle, in half the time. */
const GZIP_LEVEL = 6;

export function isCompressible(file: string): boolean {
  return COMPRESSIBLE.has(extname(file).toLowerCase());
}

/** The file gzipped, made once per version of the file and kept. */
export function gzippedFile(file: string, size: number, mtimeMs: number): Buffer {
  const key = `${size}:${mtimeMs}`;
  const cached = gzipCache.get(file);
  if (cached?.key === key) return cached.body;
  const body = gzipSync(readFileSync(file), { level: GZIP_LEVEL });
  gzipCache.set(file, { key, body });
  return body;
}

/**
 * Compresses the page and its assets in the background (zlib's thread pool) as the host starts,
 * so that the first load does not wait for it. A request that comes first compresses the file
 * itself; the result is the same.
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

/** Vite puts a content hash in every asset's name: those are cached forever, the page is revalidated. */
export function staticCacheControl(file: string): string {
  return /[/\\]assets[/\\]/.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache';
}
