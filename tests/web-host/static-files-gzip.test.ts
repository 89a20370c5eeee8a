import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveStaticFile } from '../../shared/node/static-files';
import { sendStaticFile } from '../../web-host/static-files';

const root = mkdtempSync(join(tmpdir(), 'static-gzip-'));
const script = 'console.log("Nụ cười");\n'.repeat(200);
writeFileSync(join(root, 'app.js'), script);
writeFileSync(join(root, 'font.woff2'), Buffer.alloc(2000, 7));

let server: Server;
let port: number;
beforeAll(async () => {
  server = createServer((req, res) => {
    const file = resolveStaticFile(root, req.url ?? '/');
    if (!file) return void res.writeHead(404).end();
    sendStaticFile(res, file, {}, req.headers['accept-encoding']);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function get(path: string, acceptEncoding?: string): Promise<{ headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path, headers: acceptEncoding ? { 'Accept-Encoding': acceptEncoding } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
    })
      .on('error', reject)
      .end();
  });
}

describe('static files are sent gzip to a browser that accepts it', () => {
  it('compresses scripts, with the right length and the same content', async () => {
    const { headers, body } = await get('/app.js', 'gzip, deflate, br');
    expect(headers['content-encoding']).toBe('gzip');
    expect(Number(headers['content-length'])).toBe(body.length);
    expect(body.length).toBeLessThan(Buffer.byteLength(script) / 5);
    expect(gunzipSync(body).toString('utf8')).toBe(script);
    expect(headers.vary).toBe('Accept-Encoding');
  });

  it('sends plain bytes to a client that does not accept gzip, and never recompresses fonts', async () => {
    const plain = await get('/app.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString('utf8')).toBe(script);
    const font = await get('/font.woff2', 'gzip');
    expect(font.headers['content-encoding']).toBeUndefined();
    expect(font.body.length).toBe(2000);
  });
});
