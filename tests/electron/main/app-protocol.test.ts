import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APP_ENTRY_URL,
  APP_SCHEME_PRIVILEGES,
  handleAppRequest,
} from '../../../electron/main/app-protocol';
import { RENDERER_CSP } from '../../../shared/csp';

let root: string;
let rendererDir: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'nu-cuoi-app-protocol-'));
  rendererDir = join(root, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Nụ cười</title>');
  writeFileSync(join(rendererDir, 'assets', 'main-abc123.js'), 'console.log("kiosk")');
  writeFileSync(join(rendererDir, 'assets', 'scan.wasm'), Buffer.from([0, 97, 115, 109]));
  // Outside the renderer folder: what a traversal would try to read.
  writeFileSync(join(root, 'secret.txt'), 'device secret');
  mkdirSync(join(root, 'renderer-evil'));
  writeFileSync(join(root, 'renderer-evil', 'index.html'), 'sibling folder with a shared prefix');
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

const get = (url: string) => handleAppRequest({ url }, rendererDir);

describe('app:// protocol', () => {
  it('is registered as a standard, secure scheme with fetch support (a real origin, unlike file://)', () => {
    expect(APP_SCHEME_PRIVILEGES.scheme).toBe('app');
    expect(APP_SCHEME_PRIVILEGES.privileges).toMatchObject({ standard: true, secure: true, supportFetchAPI: true });
    // No bypass of CSP and no service workers: the scheme gets only what it needs.
    expect(APP_SCHEME_PRIVILEGES.privileges).not.toHaveProperty('bypassCSP');
    expect(APP_SCHEME_PRIVILEGES.privileges).not.toHaveProperty('allowServiceWorkers');
  });

  it('enters the renderer at app://kiosk/index.html', () => {
    expect(APP_ENTRY_URL).toBe('app://kiosk/index.html');
  });

  it('serves the renderer entry with its type and the CSP header', async () => {
    const response = await get(APP_ENTRY_URL);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(RENDERER_CSP);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('Nụ cười');
  });

  it('serves app://kiosk/ as index.html', async () => {
    const response = await get('app://kiosk/');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Nụ cười');
  });

  it('puts the CSP on every answer, scripts and WebAssembly too', async () => {
    for (const url of ['app://kiosk/assets/main-abc123.js', 'app://kiosk/assets/scan.wasm']) {
      const response = await get(url);
      expect(response.status, url).toBe(200);
      expect(response.headers.get('content-security-policy'), url).toBe(RENDERER_CSP);
    }
    expect((await get('app://kiosk/assets/scan.wasm')).headers.get('content-type')).toBe('application/wasm');
  });

  it.each([
    'app://kiosk/%2e%2e/secret.txt',
    'app://kiosk/%2E%2E%2Fsecret.txt',
    'app://kiosk/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    'app://kiosk/..%5csecret.txt',
    'app://kiosk/%2e%2e/renderer-evil/index.html',
    'app://kiosk/index.html%00.js',
    'app://kiosk/%E0%A4%A',
  ])('refuses the path traversal %s', async (url) => {
    const response = await get(url);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('secret');
  });

  it.each([
    'app://evil/index.html',
    'app://kiosk.evil/index.html',
    'app://localhost/index.html',
    'https://kiosk/index.html',
    'file:///index.html',
  ])('refuses the foreign origin %s', async (url) => {
    expect((await get(url)).status).toBe(404);
  });

  it('answers 404 for a missing file and for a folder', async () => {
    expect((await get('app://kiosk/nope.js')).status).toBe(404);
    expect((await get('app://kiosk/assets')).status).toBe(404);
  });

  it('answers 400 for a URL it cannot parse', async () => {
    expect((await get('::not a url')).status).toBe(400);
  });
});
