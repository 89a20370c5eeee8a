import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { gzip, normaliseServerUrl, SyncHttpClient } from '../../../../electron/core/sync/client';
import { signAnswer } from '../../../../shared/node/signing';
import { HEADER_DEVICE_ID, HEADER_SERVER_SIGNATURE, HEADER_SERVER_TIME, HEADER_SIGNATURE, HEADER_TIMESTAMP, signingText } from '../../../../shared/protocol';

const servers: Server[] = [];
function closeAll(): Promise<unknown> {
  return Promise.all(
    servers.splice(0).map((server) => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    }),
  );
}
afterEach(closeAll);

interface Seen {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

/** A tiny HTTP server on 127.0.0.1 that records what it is sent and answers with `respond`. */
async function localServer(respond: (seen: Seen, res: import('node:http').ServerResponse) => void): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = { method: req.method!, path: req.url!, headers: req.headers, body: Buffer.concat(chunks) };
      seen.push(request);
      respond(request, res);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

const json = (status: number, body: unknown) => (_seen: Seen, res: import('node:http').ServerResponse) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

const credentials = { serverUrl: 'unused', deviceId: '019a0000-0000-7000-8000-0000000000d1', secret: 'a-device-secret-string-of-43-characters-xx' };

/** The protocol's signature, computed here independently: HMAC-SHA256 keyed with the secret's UTF-8 bytes. */
function expectedSignature(method: string, path: string, timestamp: number, body: Buffer): string {
  const bodyHash = createHash('sha256').update(body).digest('hex');
  return createHmac('sha256', Buffer.from(credentials.secret, 'utf8')).update(signingText(method, path, timestamp, bodyHash)).digest('base64');
}

describe('the sync HTTP client', () => {
  it('signs a gzip body exactly as sent, under /api/v1, with the device id and the timestamp it is given', async () => {
    const server = await localServer(json(200, { ok: true, serverTime: 1 }));
    const client = new SyncHttpClient(server.url, { now: Date.now, timeoutMs: 5_000 });
    const gzipped = await gzip('{"batchId":"b","ratings":[]}');
    const outcome = await client.request({ method: 'POST', route: '/ratings/batches', gzipped, credentials, timestamp: 1_763_694_000_000 });
    expect(outcome).toMatchObject({ kind: 'response', status: 200, body: { ok: true, serverTime: 1 } });
    const [seen] = server.seen;
    expect(seen).toMatchObject({ method: 'POST', path: '/api/v1/ratings/batches' });
    expect(seen!.body.equals(gzipped)).toBe(true);
    expect(gunzipSync(seen!.body).toString()).toBe('{"batchId":"b","ratings":[]}');
    expect(seen!.headers).toMatchObject({
      'content-type': 'application/json',
      'content-encoding': 'gzip',
      [HEADER_DEVICE_ID]: credentials.deviceId,
      [HEADER_TIMESTAMP]: '1763694000000',
      [HEADER_SIGNATURE]: expectedSignature('POST', '/api/v1/ratings/batches', 1_763_694_000_000, gzipped),
    });
  });

  it('signs a GET over the empty body, and asks with the ETag it is given', async () => {
    const server = await localServer((_seen, res) => {
      res.writeHead(304, { etag: '"v1"' });
      res.end();
    });
    const client = new SyncHttpClient(server.url, { now: Date.now, timeoutMs: 5_000 });
    const outcome = await client.request({ method: 'GET', route: '/roster', credentials, timestamp: 5, ifNoneMatch: '"v1"' });
    expect(outcome).toMatchObject({ kind: 'response', status: 304, body: null });
    expect(server.seen[0]!.headers).toMatchObject({
      'if-none-match': '"v1"',
      [HEADER_SIGNATURE]: expectedSignature('GET', '/api/v1/roster', 5, Buffer.alloc(0)),
    });
    expect(server.seen[0]!.headers['content-encoding']).toBeUndefined();
  });

  it('sends the enrolment unsigned: no device id, timestamp or signature', async () => {
    const server = await localServer(json(201, { deviceId: 'd' }));
    const client = new SyncHttpClient(server.url, { now: Date.now, timeoutMs: 5_000 });
    await client.request({ method: 'POST', route: '/enroll', json: '{"enrollmentCode":"ABCDEF"}', timestamp: 5 });
    const { headers, body } = server.seen[0]!;
    expect(body.toString()).toBe('{"enrollmentCode":"ABCDEF"}');
    expect([headers[HEADER_DEVICE_ID], headers[HEADER_TIMESTAMP], headers[HEADER_SIGNATURE]]).toEqual([undefined, undefined, undefined]);
  });

  it('times the round trip with the kiosk clock, for the clock-offset sample', async () => {
    const server = await localServer(json(200, { serverTime: 1 }));
    let clock = 1_000;
    const client = new SyncHttpClient(server.url, { now: () => (clock += 10), timeoutMs: 5_000 });
    expect(await client.request({ method: 'GET', route: '/config', credentials, timestamp: 1 })).toMatchObject({ startedAt: 1_010, endedAt: 1_020 });
  });

  it('answers an error page that is not JSON as a response without a body', async () => {
    const server = await localServer((_seen, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html>Bad gateway</html>');
    });
    const client = new SyncHttpClient(server.url, { now: Date.now, timeoutMs: 5_000 });
    expect(await client.request({ method: 'GET', route: '/config', credentials, timestamp: 1 })).toMatchObject({ kind: 'response', status: 502, body: null });
  });

  it('turns a refused connection into a value, never a throw', async () => {
    const server = await localServer(json(200, {}));
    await closeAll();
    const client = new SyncHttpClient(server.url, { now: Date.now, timeoutMs: 5_000 });
    const outcome = await client.request({ method: 'GET', route: '/config', credentials, timestamp: 1 });
    expect(outcome).toEqual({ kind: 'network', message: expect.stringMatching(/^network error: .*\(ECONNREFUSED\)$/) });
  });

  it('gives up on a server that does not answer in time', async () => {
    const silent = await localServer(() => {
      /* never answers */
    });
    const client = new SyncHttpClient(silent.url, { now: Date.now, timeoutMs: 200 });
    const outcome = await client.request({ method: 'GET', route: '/config', credentials, timestamp: 1 });
    expect(outcome).toEqual({ kind: 'network', message: 'the server did not answer in time' });
  });
});

describe('the server’s signature on its answers, as the client reads it', () => {
  /** Answers `body` signed with `secret` for the request it was sent, as the server does. */
  function signedBy(secret: string, body: string, alter: (text: string) => string = (text) => text) {
    return (seen: Seen, res: import('node:http').ServerResponse) => {
      const answer = { method: seen.method, path: seen.path, status: 200, serverTime: '1763694000087', requestSignature: String(seen.headers[HEADER_SIGNATURE]) };
      res.writeHead(200, { 'content-type': 'application/json', [HEADER_SERVER_TIME]: answer.serverTime, [HEADER_SERVER_SIGNATURE]: signAnswer(secret, answer, body) });
      res.end(alter(body));
    };
  }
  const body = '{"settings":{"idleTimeoutMs":45000},"serverTime":1763694000087}';

  it('is valid over the bytes as received and the request it answers', async () => {
    const server = await localServer(signedBy(credentials.secret, body));
    const client = new SyncHttpClient(server.url, { now: Date.now, timeoutMs: 5_000 });
    expect(await client.request({ method: 'GET', route: '/config', credentials, timestamp: 1 })).toMatchObject({ answerSignature: 'valid', body: { settings: { idleTimeoutMs: 45000 } } });
  });

  it('is invalid when a byte of the body changed on the way, or when made with another secret', async () => {
    const tampered = await localServer(signedBy(credentials.secret, body, (text) => text.replace('45000', '99000')));
    const client = new SyncHttpClient(tampered.url, { now: Date.now, timeoutMs: 5_000 });
    expect(await client.request({ method: 'GET', route: '/config', credentials, timestamp: 1 })).toMatchObject({ answerSignature: 'invalid' });
    const impostor = await localServer(signedBy('another-secret-another-secret-another-secr', body));
    const toImpostor = new SyncHttpClient(impostor.url, { now: Date.now, timeoutMs: 5_000 });
    expect(await toImpostor.request({ method: 'GET', route: '/config', credentials, timestamp: 1 })).toMatchObject({ answerSignature: 'invalid' });
  });

  it('is missing from an unsigned answer, and unchecked for the unsigned enrolment', async () => {
    const server = await localServer(json(200, { serverTime: 1 }));
    const client = new SyncHttpClient(server.url, { now: Date.now, timeoutMs: 5_000 });
    expect(await client.request({ method: 'GET', route: '/config', credentials, timestamp: 1 })).toMatchObject({ answerSignature: 'missing' });
    expect(await client.request({ method: 'POST', route: '/enroll', json: '{}', timestamp: 1 })).toMatchObject({ answerSignature: 'unchecked' });
  });

  it('follows no redirect: a batch is never re-sent to another address', async () => {
    const elsewhere = await localServer(json(200, { accepted: [] }));
    const redirecting = await localServer((_seen, res) => {
      res.writeHead(307, { location: `${elsewhere.url}/api/v1/ratings/batches` });
      res.end();
    });
    const client = new SyncHttpClient(redirecting.url, { now: Date.now, timeoutMs: 5_000 });
    const outcome = await client.request({ method: 'POST', route: '/ratings/batches', json: '{"comment":"private"}', credentials, timestamp: 1 });
    expect(outcome.kind).toBe('network');
    expect(elsewhere.seen).toHaveLength(0);
  });
});

describe('server addresses typed by IT staff', () => {
  it('keep scheme, host and port; refuse paths, credentials, queries and other schemes', () => {
    expect(normaliseServerUrl(' https://nucuoi.bacgiang.gov.vn/ ')).toBe('https://nucuoi.bacgiang.gov.vn');
    // Plain http to another machine only with the development flag (KIOSK_ALLOW_HTTP=1).
    expect(normaliseServerUrl('http://10.0.0.2:8080', { allowHttp: true })).toBe('http://10.0.0.2:8080');
    expect(normaliseServerUrl('https://x.example/nucuoi')).toBeNull();
    expect(normaliseServerUrl('https://user:pw@x.example')).toBeNull();
    expect(normaliseServerUrl('https://x.example/?a=1')).toBeNull();
    expect(normaliseServerUrl('ftp://x.example')).toBeNull();
    expect(normaliseServerUrl('not a url')).toBeNull();
  });

  it('must be https, but to this machine itself, unless the development flag is given', () => {
    for (const insecure of ['http://10.0.0.2:8080', 'http://nucuoi.bacgiang.gov.vn', 'http://127.0.0.1.attacker.example', 'http://localhost.attacker.example']) {
      expect(normaliseServerUrl(insecure), insecure).toBeNull();
    }
    expect(normaliseServerUrl('http://127.0.0.1:8443/')).toBe('http://127.0.0.1:8443');
    expect(normaliseServerUrl('http://localhost:8443')).toBe('http://localhost:8443');
    expect(normaliseServerUrl('http://[::1]:8443')).toBe('http://[::1]:8443');
    expect(normaliseServerUrl('https://10.0.0.2:8443')).toBe('https://10.0.0.2:8443');
  });
});
