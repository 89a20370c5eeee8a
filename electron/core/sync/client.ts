import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import {
  API_PREFIX,
  HEADER_DEVICE_ID,
  HEADER_SERVER_SIGNATURE,
  HEADER_SERVER_TIME,
  HEADER_SIGNATURE,
  HEADER_TIMESTAMP,
  isCanonicalTarget,
} from '../../../shared/protocol';
import { bodySha256Hex, checkAnswerSignature, signRequest } from '../../../shared/node/signing';

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

/**
 * Whether an answer carries its server's signature (docs/protocol.md, Signed answers): 'unchecked'
 * for answers to unsigned requests (the enrolment checks its own with the secret it brings).
 */
export type AnswerSignature = 'valid' | 'invalid' | 'missing' | 'unchecked';

export type HttpOutcome =
  | {
      kind: 'response';
      status: number;
      body: unknown;
      headers: Headers;
      /** Device clock when the request left and when its answer arrived: the clock-offset sample. */
      startedAt: number;
      endedAt: number;
      /** The same two moments on this boot's monotonic clock, which no setting of the wall clock moves. */
      monotonicStartedAt: number;
      monotonicEndedAt: number;
      answerSignature: AnswerSignature;
      /** What the answer's signature covers besides the secret: the request, and the body as received. */
      signed: { method: string; path: string; requestSignature: string; bodySha256: string };
    }
  | { kind: 'network'; message: string };

export type ServerResponse = Extract<HttpOutcome, { kind: 'response' }>;

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
  private readonly monotonic: () => number;

  constructor(
    private readonly baseUrl: string,
    private readonly options: { fetch?: typeof fetch; now: () => number; timeoutMs: number; monotonic?: () => number },
  ) {
    this.monotonic = options.monotonic ?? (() => performance.now());
  }

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
    let requestSignature = '';
    if (req.credentials) {
      // The signature covers the bytes exactly as sent (compressed when compressed).
      requestSignature = signRequest(req.credentials.secret, req.method, target, req.timestamp, body ?? Buffer.alloc(0));
      headers[HEADER_DEVICE_ID] = req.credentials.deviceId;
      headers[HEADER_TIMESTAMP] = String(req.timestamp);
      headers[HEADER_SIGNATURE] = requestSignature;
    }
    const fetchImpl = this.options.fetch ?? fetch;
    const startedAt = this.options.now();
    const monotonicStartedAt = this.monotonic();
    try {
      const response = await fetchImpl(new URL(target, this.baseUrl), {
        method: req.method,
        headers,
        body: body ? new Uint8Array(body) : undefined,
        signal: AbortSignal.timeout(this.options.timeoutMs),
        // A redirect is an error: a body (citizens' comments) is never re-sent to another address.
        redirect: 'error',
      });
      // The bytes as received: the answer's signature covers them, not a re-serialisation.
      const bytes = Buffer.from(await response.arrayBuffer());
      const endedAt = this.options.now();
      const monotonicEndedAt = this.monotonic();
      let parsed: unknown = null;
      if (bytes.length > 0) {
        try {
          parsed = JSON.parse(bytes.toString('utf8'));
        } catch {
          parsed = null;
        }
      }
      const signed = { method: req.method, path: target, requestSignature, bodySha256: bodySha256Hex(bytes) };
      const outcome: ServerResponse = {
        kind: 'response',
        status: response.status,
        body: parsed,
        headers: response.headers,
        startedAt,
        endedAt,
        monotonicStartedAt,
        monotonicEndedAt,
        answerSignature: 'unchecked',
        signed,
      };
      if (req.credentials) outcome.answerSignature = checkServerSignature(outcome, req.credentials.secret);
      return outcome;
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

/** The answer's X-Server-Signature checked with `secret` (docs/protocol.md, Signed answers). */
export function checkServerSignature(outcome: ServerResponse, secret: string): Exclude<AnswerSignature, 'unchecked'> {
  const { method, path, requestSignature, bodySha256 } = outcome.signed;
  const serverTime = outcome.headers.get(HEADER_SERVER_TIME) ?? '';
  return checkAnswerSignature(secret, { method, path, status: outcome.status, serverTime, requestSignature }, bodySha256, outcome.headers.get(HEADER_SERVER_SIGNATURE));
}

/** Hosts a kiosk may reach over plain http: this machine only. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * A server address as IT staff type it: host and port only (a trailing slash is fine), over https —
 * plain http only to this machine (127.0.0.1, localhost, [::1]) or when the host was started with
 * the development flag (`allowHttp`, KIOSK_ALLOW_HTTP=1). A path is refused rather than dropped:
 * requests are signed with the path /api/v1/…, so a server published under a prefix must be given
 * its own host name (see docs/server.md on reverse proxies).
 */
export function normaliseServerUrl(raw: string, options: { allowHttp?: boolean } = {}): string | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  const plainHttpAllowed = options.allowHttp === true || LOOPBACK_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && plainHttpAllowed)) return null;
  if (url.username || url.password || url.search || url.hash || url.pathname !== '/') return null;
  return url.origin;
}
