import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import {
  API_PREFIX,
  HEADER_DEVICE_ID,
  HEADER_SIGNATURE,
  HEADER_TIMESTAMP,
  isCanonicalTarget,
} from '../../../shared/protocol';
import { signRequest } from '../../../shared/node/signing';

const gzipAsync = promisify(gzipCallback);

/** gzip off the main thread (libuv's pool): a batch never blocks the citizen's submit path. */
export function gzip(text: string): Promise<Buffer> {
  return gzipAsync(Buffer.from(text, 'utf8'), { level: 6, memLevel: 9 });
}

/** What a kiosk enrolled with a server signs its requests with: the server, its device id there, and the secret. */
export interface Credentials {
  serverUrl: string;
  deviceId: string;
  secret: string;
}

export type HttpOutcome =
  | {
      kind: 'response';
      status: number;
      body: unknown;
      headers: Headers;
      /** Device clock when the request left and when its answer arrived: the clock-offset sample. */
      startedAt: number;
      endedAt: number;
    }
  | { kind: 'network'; message: string };

export interface RequestOptions {
  method: 'GET' | 'POST';
  /** Below /api/v1, e.g. '/ratings/batches'; a query string, if any, is part of it and signed with it. */
  route: string;
  /** JSON text, sent gzip when `gzipBody`. */
  json?: string;
  /** An already gzip-compressed JSON body. */
  gzipped?: Buffer;
  credentials?: Credentials;
  /** Device clock + the best offset estimate: the server's time as this kiosk believes it. */
  timestamp: number;
  ifNoneMatch?: string;
}

/** Signs requests (protocol v1) and turns every outcome, including network failures, into a value. */
export class SyncHttpClient {
  constructor(
    private readonly baseUrl: string,
    private readonly options: { fetch?: typeof fetch; now: () => number; timeoutMs: number },
  ) {}

  async request(req: RequestOptions): Promise<HttpOutcome> {
    // The signature covers the target as sent (path and query), which must be canonical: the URL
    // class would otherwise re-encode it on the way out, and the server refuses any other form.
    const target = `${API_PREFIX}${req.route}`;
    if (!isCanonicalTarget(target)) throw new Error(`not a canonical request target: ${target}`);
    const body = req.gzipped ?? (req.json !== undefined ? Buffer.from(req.json, 'utf8') : undefined);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body) headers['content-type'] = 'application/json';
    if (req.gzipped) headers['content-encoding'] = 'gzip';
    if (req.ifNoneMatch) headers['if-none-match'] = req.ifNoneMatch;
    if (req.credentials) {
      // The signature covers the bytes exactly as sent (compressed when compressed).
      headers[HEADER_DEVICE_ID] = req.credentials.deviceId;
      headers[HEADER_TIMESTAMP] = String(req.timestamp);
      headers[HEADER_SIGNATURE] = signRequest(req.credentials.secret, req.method, target, req.timestamp, body ?? Buffer.alloc(0));
    }
    const fetchImpl = this.options.fetch ?? fetch;
    const startedAt = this.options.now();
    try {
      const response = await fetchImpl(new URL(target, this.baseUrl), {
        method: req.method,
        headers,
        body: body ? new Uint8Array(body) : undefined,
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
      const text = await response.text();
      const endedAt = this.options.now();
      let parsed: unknown = null;
      if (text.length > 0) {
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = null;
        }
      }
      return {
        kind: 'response',
        status: response.status,
        body: parsed,
        headers: response.headers,
        startedAt,
        endedAt,
      };
    } catch (error) {
      return { kind: 'network', message: describeNetworkError(error) };
    }
  }
}

function describeNetworkError(error: unknown): string {
  const err = error as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err?.name === 'TimeoutError') return 'the server did not answer in time';
  const cause = err?.cause?.code ?? err?.cause?.message;
  return `network error: ${err?.message ?? String(error)}${cause ? ` (${cause})` : ''}`;
}

/**
 * A server address as IT staff type it: http(s), host and port only (a trailing slash is fine).
 * A path is refused rather than dropped: requests are signed with the path /api/v1/…, so a server
 * published under a prefix must be given its own host name (see docs/server.md on reverse proxies).
 */
export function normaliseServerUrl(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.username || url.password || url.search || url.hash || url.pathname !== '/') return null;
  return url.origin;
}
