import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KIOSK_HTTP_API_PREFIX } from '../shared/contract';
import { RENDERER_CSP } from '../shared/csp';
import { fail, type Result } from '../shared/result';
import { resolveStaticFile, warmCompressedFiles } from '../shared/node/static-files';
import { sendStaticFile } from './static-files';

/** What the web host needs of the kiosk core: one validated call. */
export interface KioskCallTarget {
  /** Any KioskApi method by its name; some answer only after a network request (testConnection). */
  answer(method: unknown, payload: unknown): Promise<Result<unknown>>;
}

export interface WebHostOptions {
  core: KioskCallTarget;
  /** The built renderer (dist/renderer). */
  rendererDir: string;
  port: number;
}

/** Largest KioskApi payload accepted: a full rating draft with a 500-character comment is ~3 KB. */
export const MAX_BODY_BYTES = 64 * 1024;

const SECURITY_HEADERS = {
  'Content-Security-Policy': RENDERER_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(self), microphone=(), geolocation=()',
};

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

/** Reads a request body up to `limit` bytes; resolves null when it is larger. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * The host header must name this machine: a web page elsewhere cannot reach the kiosk through a
 * DNS name that resolves to 127.0.0.1 (DNS rebinding).
 */
function isLocalHost(hostHeader: string | undefined, port: number): boolean {
  return hostHeader === `127.0.0.1:${port}` || hostHeader === `localhost:${port}`;
}

async function handleApiCall(req: IncomingMessage, res: ServerResponse, core: KioskCallTarget, method: string, port: number) {
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'POST');
    return sendJson(res, 405, fail('invalid_input', 'use POST'));
  }
  // Only the kiosk's own page may call: a page from another origin gets nothing (no CSRF).
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://127.0.0.1:${port}` && origin !== `http://localhost:${port}`) {
    return sendJson(res, 403, fail('invalid_input', 'calls are accepted only from the kiosk page'));
  }
  if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) {
    return sendJson(res, 415, fail('invalid_input', 'send application/json'));
  }
  const body = await readBody(req, MAX_BODY_BYTES);
  if (body === null) return sendJson(res, 413, fail('invalid_input', `body larger than ${MAX_BODY_BYTES} bytes`));
  let payload: unknown;
  try {
    payload = body.length === 0 ? undefined : JSON.parse(body.toString('utf8'));
  } catch {
    return sendJson(res, 400, fail('invalid_input', 'body is not valid JSON'));
  }
  const result = await core.answer(method, payload);
  // The Result carries success or failure; HTTP status says only whether the call was understood.
  sendJson(res, result.ok || result.error.code !== 'invalid_input' ? 200 : 400, result);
}

/**
 * The web host: the built renderer and the same kiosk core over HTTP on 127.0.0.1 only. It is how
 * the kiosk runs on a machine without Electron, in development, and in end-to-end tests.
 */
export function createWebHost({ core, rendererDir, port }: WebHostOptions): Server {
  const server = createServer((req, res) => {
    const boundPort = (server.address() as AddressInfo | null)?.port ?? port;
    if (!isLocalHost(req.headers.host, boundPort)) {
      return sendJson(res, 421, fail('invalid_input', 'unexpected Host header'));
    }
    const path = (req.url ?? '/').split('?')[0]!;
    if (path.startsWith(KIOSK_HTTP_API_PREFIX)) {
      handleApiCall(req, res, core, path.slice(KIOSK_HTTP_API_PREFIX.length), boundPort).catch(() => {
        if (!res.headersSent) sendJson(res, 500, fail('internal', 'unexpected error'));
        else res.destroy();
      });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const file = resolveStaticFile(rendererDir, path);
    if (!file) {
      res.writeHead(404, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' }).end('not found');
      return;
    }
    sendStaticFile(res, file, SECURITY_HEADERS, req.headers['accept-encoding']);
  });
  warmCompressedFiles(rendererDir);
  server.requestTimeout = 10_000;
  server.headersTimeout = 5_000;
  return server;
}

export function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}
