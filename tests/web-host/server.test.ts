import { mkdirSync, writeFileSync } from 'node:fs';
import { request, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KioskCore } from '../../electron/core/kiosk-core';
import { RENDERER_CSP } from '../../shared/csp';
import { uuidv7 } from '../../shared/uuid';
import { createWebHost, listen, MAX_BODY_BYTES } from '../../web-host/server';
import { demoCore, tempDir } from '../electron/core/helpers';

let server: Server;
let port: number;
let core: KioskCore;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers: { host: `127.0.0.1:${port}`, ...options.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const callApi = (method: string, body: string, headers: Record<string, string> = {}) =>
  send({ method: 'POST', path: `/api/kiosk/${method}`, headers: { 'content-type': 'application/json', ...headers }, body });

beforeAll(async () => {
  const rendererDir = tempDir('renderer-');
  mkdirSync(join(rendererDir, 'assets'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Nụ cười</title>');
  writeFileSync(join(rendererDir, 'assets', 'app-abc123.js'), 'console.log("kiosk")');
  writeFileSync(join(rendererDir, '..', 'secret.txt'), 'not for the web');
  core = demoCore().core;
  server = createWebHost({ core, rendererDir, port: 0 });
  port = await listen(server, 0);
});

afterAll(() => {
  server.close();
  core.close();
});

describe('web host: the renderer', () => {
  it('serves the kiosk page with the same Content-Security-Policy as Electron', async () => {
    const answer = await send({ path: '/' });
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('Nụ cười');
    expect(answer.headers['content-security-policy']).toBe(RENDERER_CSP);
    expect(answer.headers['x-content-type-options']).toBe('nosniff');
  });

  it('lets hashed assets be cached and serves them with their type', async () => {
    const answer = await send({ path: '/assets/app-abc123.js' });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toMatch(/javascript/);
    expect(answer.headers['cache-control']).toMatch(/immutable/);
  });

  it.each(['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/..%5csecret.txt', '/%00', '/missing.js'])(
    'refuses %s',
    async (path) => {
      const answer = await send({ path });
      expect(answer.status).toBe(404);
      expect(answer.body).not.toContain('not for the web');
    },
  );

  it('refuses requests for another host name (DNS rebinding)', async () => {
    const answer = await send({ path: '/', headers: { host: `evil.example:${port}` } });
    expect(answer.status).toBe(421);
  });
});

describe('web host: the KioskApi over HTTP', () => {
  it('answers a call with the core Result', async () => {
    const answer = await callApi('getKioskState', '');
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ ok: true, value: { counter: { id: 'ttpvhcc-q01' } } });
  });

  it('stores a rating and answers its id', async () => {
    const answer = await callApi('submitRating', JSON.stringify({ flowId: uuidv7(), scale: 'vn3', score: 2, locale: 'en' }));
    expect(JSON.parse(answer.body)).toMatchObject({ ok: true, value: { seq: expect.any(Number), id: expect.any(String) } });
  });

  it('answers malformed JSON with 400 and a clear error', async () => {
    const answer = await callApi('submitRating', '{"score": 3,');
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toEqual({ ok: false, error: { code: 'invalid_input', message: 'body is not valid JSON' } });
  });

  it('answers an invalid payload with 400 and the problems found', async () => {
    const answer = await callApi('submitRating', JSON.stringify({ flowId: uuidv7(), scale: 'vn3', score: 9, locale: 'vi' }));
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body).error.issues[0].path).toBe('score');
  });

  it('refuses a body over the limit with 413', async () => {
    const answer = await callApi('updateRating', JSON.stringify({ comment: 'x'.repeat(MAX_BODY_BYTES) }));
    expect(answer.status).toBe(413);
  });

  it('refuses unknown methods, GET, other content types and other origins', async () => {
    expect((await callApi('dropTables', '{}')).status).toBe(400);
    expect((await send({ path: '/api/kiosk/getKioskState' })).status).toBe(405);
    expect((await callApi('getKioskState', '', { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await callApi('getKioskState', '', { origin: 'http://evil.example' })).status).toBe(403);
    expect((await callApi('getKioskState', '', { origin: `http://127.0.0.1:${port}` })).status).toBe(200);
  });
});
