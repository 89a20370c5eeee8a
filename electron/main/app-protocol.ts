import { readFile } from 'node:fs/promises';
import { RENDERER_CSP } from '../../shared/csp';
import { resolveStaticFile, staticContentType } from '../../shared/node/static-files';

/** The renderer is served from app://kiosk/, a secure standard scheme of our own, not file://. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'kiosk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
} as const;

/**
 * Answers one app:// request from the built renderer folder. Other hosts, paths that leave the
 * folder and missing files get 404; every answer carries the CSP.
 */
export async function handleAppRequest(request: { url: string }, rendererDir: string): Promise<Response> {
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return new Response('bad request', { status: 400 });
  }
  const file = url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST ? resolveStaticFile(rendererDir, url.pathname) : null;
  if (!file) return new Response('not found', { status: 404 });
  const body = await readFile(file);
  return new Response(body, {
    status: 200,
    headers: {
      'Content-Type': staticContentType(file),
      'Content-Security-Policy': RENDERER_CSP,
      'X-Content-Type-Options': 'nosniff',
    },
  });
}
