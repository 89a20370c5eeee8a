/**
 * A TCP proxy on 127.0.0.1 between a kiosk and the provincial server that misbehaves on purpose,
 * request by request: added latency, connections reset before the request arrives, responses cut
 * after the server has committed, and 500 or 429 answered in the server's place.
 *
 * It reads each HTTP/1.1 request whole (headers + Content-Length body), decides its fate, and
 * forwards it on a fresh upstream connection with `Connection: close`, so one connection carries
 * one request and every request gets its own roll of the dice. It also counts the bytes the
 * kiosk sends, which is how the benchmarks measure bytes on the wire.
 *
 * As a man in the middle it can also rewrite whole answers (`setTamper`): the answer is read to
 * its end, handed to the tamper function as head and body, and what it returns is sent instead,
 * with its Content-Length fixed.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export type Fault = 'pass' | 'reset' | 'cut_after_commit' | 'status_500' | 'status_429';

/** One answer as a man in the middle sees it: the request's method and path, the answer's head (status line and headers) and body. */
export interface Exchange {
  method: string;
  path: string;
  head: string;
  body: Buffer;
}
/** Returns the answer to send instead, or undefined to pass it unchanged. */
export type Tamper = (exchange: Exchange) => { head: string; body: Buffer } | undefined;

export interface FaultProxyOptions {
  upstreamPort: number;
  /** Chance of each fault per request (the rest pass). */
  rates?: Partial<Record<Exclude<Fault, 'pass'>, number>>;
  /** Extra delay before forwarding each request, uniform in [0, maxLatencyMs]. */
  maxLatencyMs?: number;
  /** Deterministic dice (a seeded PRNG), Math.random by default. */
  random?: () => number;
}

export interface FaultProxy {
  url: string;
  port: number;
  /** Requests seen per fate. */
  counts: Record<Fault, number>;
  /** Bytes received from clients (requests: headers and bodies, as on the wire). */
  bytesFromClients: number;
  /** Bytes the server answered (headers and bodies). */
  bytesFromServer: number;
  /** Bytes of request bodies only, and the number of requests, per path. */
  bodyBytesByPath: Map<string, { bodies: number; requests: number }>;
  /** Sets the chances; `script` fates are applied first, in order, to the next requests. */
  setRates(rates: FaultProxyOptions['rates'], script?: Fault[]): void;
  /** Rewrites the answers that pass from now on (null: stop). */
  setTamper(tamper: Tamper | null): void;
  close(): Promise<void>;
}

const HEADER_END = Buffer.from('\r\n\r\n');

/** A small seeded PRNG (mulberry32): a failing run can be replayed with its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function cannedResponse(status: 500 | 429): string {
  const body = JSON.stringify({ error: status === 429 ? 'rate_limited' : 'internal', message: 'injected by the fault proxy', serverTime: Date.now() });
  const reason = status === 429 ? 'Too Many Requests' : 'Internal Server Error';
  const extra = status === 429 ? 'Retry-After: 1\r\n' : '';
  return `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extra}Connection: close\r\n\r\n${body}`;
}

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const random = options.random ?? Math.random;
  let rates = { ...options.rates };
  let script: Fault[] = [];
  let tamper: Tamper | null = null;
  const counts: Record<Fault, number> = { pass: 0, reset: 0, cut_after_commit: 0, status_500: 0, status_429: 0 };
  const sockets = new Set<Socket>();
  const proxy: FaultProxy = {
    url: '',
    port: 0,
    counts,
    bytesFromClients: 0,
    bytesFromServer: 0,
    bodyBytesByPath: new Map(),
    setRates(next, nextScript = []) {
      rates = { ...next };
      script = [...nextScript];
    },
    setTamper(next) {
      tamper = next;
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };

  function pick(): Fault {
    const scripted = script.shift();
    if (scripted) return scripted;
    let roll = random();
    for (const fault of ['reset', 'cut_after_commit', 'status_500', 'status_429'] as const) {
      const rate = rates[fault] ?? 0;
      if (roll < rate) return fault;
      roll -= rate;
    }
    return 'pass';
  }

  const server: Server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    let buffered = Buffer.alloc(0);
    let handled = false;
    client.on('data', (chunk: Buffer) => {
      proxy.bytesFromClients += chunk.length;
      if (handled) return;
      buffered = Buffer.concat([buffered, chunk]);
      const headerEnd = buffered.indexOf(HEADER_END);
      if (headerEnd < 0) return;
      const head = buffered.subarray(0, headerEnd).toString('latin1');
      const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
      const total = headerEnd + HEADER_END.length + length;
      if (buffered.length < total) return;
      handled = true;
      const path = head.split(' ')[1] ?? '';
      const stats = proxy.bodyBytesByPath.get(path) ?? { bodies: 0, requests: 0 };
      stats.bodies += length;
      stats.requests += 1;
      proxy.bodyBytesByPath.set(path, stats);
      const request = buffered.subarray(0, total);
      const fault = pick();
      counts[fault] += 1;
      const delay = Math.floor(random() * (options.maxLatencyMs ?? 0));
      setTimeout(() => handle(client, request, head, headerEnd, fault), delay);
    });
  });

  function handle(client: Socket, request: Buffer, head: string, headerEnd: number, fault: Fault): void {
    if (client.destroyed) return;
    if (fault === 'reset') {
      client.resetAndDestroy();
      return;
    }
    if (fault === 'status_500' || fault === 'status_429') {
      client.end(cannedResponse(fault === 'status_500' ? 500 : 429));
      return;
    }
    // One request per upstream connection: ask the server to close after answering.
    const rewritten = Buffer.concat([
      Buffer.from(head.replace(/\r\nconnection:[^\r]*/i, '') + '\r\nConnection: close', 'latin1'),
      request.subarray(headerEnd),
    ]);
    const upstream = createConnection({ host: '127.0.0.1', port: options.upstreamPort });
    sockets.add(upstream);
    upstream.on('error', () => client.destroy());
    upstream.write(rewritten);
    if (tamper && fault === 'pass') {
      // The whole answer first (the server closes after it), then the rewritten one.
      const rewrite = tamper;
      const chunks: Buffer[] = [];
      upstream.on('data', (chunk: Buffer) => {
        proxy.bytesFromServer += chunk.length;
        chunks.push(chunk);
      });
      upstream.on('close', () => {
        sockets.delete(upstream);
        if (!client.destroyed) client.end(tampered(head, Buffer.concat(chunks), rewrite));
      });
      return;
    }
    upstream.on('close', () => {
      sockets.delete(upstream);
      if (!client.destroyed) client.end();
    });
    upstream.on('data', (chunk: Buffer) => {
      proxy.bytesFromServer += chunk.length;
      if (fault === 'cut_after_commit') {
        // The server has answered, so it has committed: the kiosk never hears it.
        if (!client.destroyed) client.resetAndDestroy();
        upstream.destroy();
        return;
      }
      if (!client.destroyed) client.write(chunk);
    });
  }

  /** The answer as `rewrite` wants it, with the Content-Length of its new body. */
  function tampered(requestHead: string, answer: Buffer, rewrite: Tamper): Buffer {
    const end = answer.indexOf(HEADER_END);
    if (end < 0) return answer;
    const [method = '', path = ''] = requestHead.split(' ');
    const exchange = { method, path, head: answer.subarray(0, end).toString('latin1'), body: answer.subarray(end + HEADER_END.length) };
    const changed = rewrite(exchange);
    if (!changed) return answer;
    const head = changed.head.replace(/\r\ncontent-length:[^\r]*/i, '') + `\r\nContent-Length: ${changed.body.length}`;
    return Buffer.concat([Buffer.from(head, 'latin1'), HEADER_END, changed.body]);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  proxy.port = typeof address === 'object' && address ? address.port : 0;
  proxy.url = `http://127.0.0.1:${proxy.port}`;
  return proxy;
}
