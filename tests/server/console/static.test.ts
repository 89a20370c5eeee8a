/**
 * The console served by the server: its pages under their own CSP, the app's routes answered with
 * index.html (a reload of a drill-down works), hashed assets gzip and cached for good, and the
 * API's paths never answered with the app.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_CSP } from '../../../shared/csp';
import { openDatabase, type OpenedDatabase } from '../../../server/db/connect';
import { registerConsole } from '../../../server/console/register';
import { SecretKeyRing } from '../../../server/secret-keys';

const dist = mkdtempSync(join(tmpdir(), 'console-dist-'));
mkdirSync(join(dist, 'assets'));
const PAGE = '<!doctype html><html lang="vi"><head><script type="module" src="/assets/index-abc123.js"></script></head><body><div id="root"></div></body></html>';
const SCRIPT = 'console.log("Nụ cười – bảng điều khiển");\n'.repeat(300);
writeFileSync(join(dist, 'index.html'), PAGE);
writeFileSync(join(dist, 'assets', 'index-abc123.js'), SCRIPT);

let app: FastifyInstance;
let database: OpenedDatabase;
let port: number;

beforeAll(async () => {
  database = await openDatabase({});
  app = Fastify();
  // What the provincial server does for every answer (server/app.ts): the console's files must override it.
  app.addHook('onSend', async (_request, reply, payload) => {
    void reply.header('cache-control', 'no-store');
    return payload;
  });
  await registerConsole(app, { db: database.db, now: () => Date.now(), secureCookies: false, consoleDir: dist, keys: SecretKeyRing.development() });
  await app.listen({ port: 0, host: '127.0.0.1' });
  port = (app.server.address() as AddressInfo).port;
});
afterAll(async () => {
  await app?.close();
  await database?.close();
});

/** A raw GET (Node's fetch would undo gzip), with the bytes as sent. */
function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    })
      .on('error', reject)
      .end();
  });
}

describe('the console at /', () => {
  it('the page comes with the console’s strict CSP and the safety headers, and is revalidated', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body.toString()).toBe(PAGE);
    expect(page.headers['content-security-policy']).toBe(CONSOLE_CSP);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['cache-control']).toBe('no-cache');
  });

  it('a reload of any of the app’s pages gets the app, even with a dot in a record id', async () => {
    for (const path of ['/reports/province?from=2026-01-01&to=2026-12-31&kind=year', '/reports/units/bg-ln-motcua', '/reports/staff/st.0101', '/comments?q=c%C3%A1n%20b%E1%BB%99', '/accounts']) {
      const page = await get(path);
      expect(page.status, path).toBe(200);
      expect(page.body.toString(), path).toBe(PAGE);
      expect(page.headers['content-security-policy'], path).toBe(CONSOLE_CSP);
    }
  });

  it('hashed assets are sent gzip when accepted and cached for good', async () => {
    const zipped = await get('/assets/index-abc123.js', { 'accept-encoding': 'gzip, deflate' });
    expect(zipped.status).toBe(200);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(zipped.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(zipped.headers.vary).toBe('Accept-Encoding');
    expect(zipped.body.length).toBeLessThan(Buffer.byteLength(SCRIPT) / 10);
    expect(gunzipSync(zipped.body).toString()).toBe(SCRIPT);
    const plain = await get('/assets/index-abc123.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(SCRIPT);
  });

  it('a missing file is a 404, not the app', async () => {
    for (const path of ['/assets/index-old999.js', '/favicon.ico', '/assets/font.woff2']) {
      const answer = await get(path);
      expect(answer.status, path).toBe(404);
      expect(answer.body.toString(), path).not.toContain('<div id="root">');
    }
  });

  it('nothing outside the built console is served', async () => {
    for (const path of ['/../package.json', '/%2e%2e/package.json', '/assets/..%2f..%2fpackage.json', '/..%5c..%5cpackage.json']) {
      const answer = await get(path);
      expect(answer.body.toString(), path).not.toContain('"name"');
    }
  });

  it('paths under /api/ are never the app: the API answers, or a JSON 404', async () => {
    const session = await get('/api/console/v1/auth/session');
    expect(session.status).toBe(401);
    expect(JSON.parse(session.body.toString())).toMatchObject({ error: 'unauthenticated' });
    expect(session.headers['cache-control']).toBe('no-store');
    const unknown = await get('/api/console/v1/no-such-thing', { 'accept-language': 'en' });
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body.toString())).toEqual({ error: 'not_found', message: 'Not found.' });
    for (const path of ['/api/console/v1/reports/x/y', '/api/v1/nothing', '/api']) {
      const answer = await get(path);
      expect(answer.status, path).toBe(404);
      expect(answer.body.toString(), path).not.toContain('<div id="root">');
    }
  });
});

describe('the console’s CSP', () => {
  it('allows no inline or evaluated script, no inline style element, no framing, and nothing from elsewhere', () => {
    const directives = Object.fromEntries(CONSOLE_CSP.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['style-src']).toEqual(["'self'"]);
    expect(directives['default-src']).toEqual(["'none'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(CONSOLE_CSP).not.toMatch(/unsafe|https?:|\*/);
  });
});
