/**
 * Sending the renderer's files over HTTP: which file a path names, its type, its gzip and its
 * caching come from shared/node/static-files.ts, as for Electron's app:// and the server's console.
 */
import { createReadStream, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { gzippedFile, isCompressible, staticCacheControl, staticContentType } from '../shared/node/static-files';

export function sendStaticFile(
  res: ServerResponse,
  file: string,
  headers: Record<string, string>,
  acceptEncoding: string | string[] | undefined = undefined,
): void {
  const { size, mtimeMs } = statSync(file);
  const common = {
    ...headers,
    'Content-Type': staticContentType(file),
    'Cache-Control': staticCacheControl(file),
    Vary: 'Accept-Encoding',
  };
  // The kiosk's cold start reads the renderer's JS and CSS: gzip them when the browser accepts it.
  if (isCompressible(file) && /\bgzip\b/.test(String(acceptEncoding ?? ''))) {
    const body = gzippedFile(file, size, mtimeMs);
    res.writeHead(200, { ...common, 'Content-Encoding': 'gzip', 'Content-Length': body.length });
    res.end(body);
    return;
  }
  res.writeHead(200, { ...common, 'Content-Length': size });
  createReadStream(file).pipe(res);
}
