import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handleAppRequest } from '../../../electron/main/app-protocol';
import { resolveStaticFile, staticContentType } from '../../../shared/node/static-files';
import { sendStaticFile } from '../../../web-host/static-files';

/** One file of each kind the renderer may ship, and one the table does not know. */
const EXTENSIONS = ['.html', '.js', '.mjs', '.css', '.json', '.svg', '.png', '.jpg', '.webp', '.ico', '.woff2', '.woff', '.wasm', '.mp3', '.ogg', '.wav', '.bin'];

let root: string;
let rendererDir: string;
let webHost: Server;
let webHostPort: number;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'nu-cuoi-static-files-'));
  rendererDir = join(root, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Nụ cười</title>');
  for (const extension of EXTENSIONS) writeFileSync(join(rendererDir, 'assets', `file${extension}`), 'x');
  writeFileSync(join(root, 'secret.txt'), 'device secret');
  webHost = createServer((req, res) => {
    const file = resolveStaticFile(rendererDir, req.url ?? '/');
    if (!file) return void res.writeHead(404).end();
    sendStaticFile(res, file, {});
  });
  await new Promise<void>((resolve) => webHost.listen(0, '127.0.0.1', resolve));
  webHostPort = (webHost.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => webHost.close(() => resolve()));
  rmSync(root, { recursive: true, force: true });
});

function webHostContentType(path: string): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port: webHostPort, path }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.headers['content-type']));
    })
      .on('error', reject)
      .end();
  });
}

describe('the renderer as static files', () => {
  it('finds index.html for / and a file by its path inside the folder', () => {
    expect(resolveStaticFile(rendererDir, '/')).toBe(join(rendererDir, 'index.html'));
    expect(resolveStaticFile(rendererDir, '/assets/file.js')).toBe(join(rendererDir, 'assets', 'file.js'));
  });

  it.each(['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%5c..%5csecret.txt', '/index.html%00.js', '/%E0%A4%A', '/assets', '/missing.js'])(
    'finds nothing for %s',
    (path) => {
      expect(resolveStaticFile(rendererDir, path)).toBeNull();
    },
  );

  it('names the type whatever the case of the extension, and plain bytes for an unknown kind', () => {
    expect(staticContentType('/x/LOGO.PNG')).toBe('image/png');
    expect(staticContentType('/x/data.bin')).toBe('application/octet-stream');
  });

  it("Electron's app:// and the web host send every kind of file with the same Content-Type", async () => {
    for (const extension of EXTENSIONS) {
      const path = `/assets/file${extension}`;
      const fromApp = (await handleAppRequest({ url: `app://kiosk${path}` }, rendererDir)).headers.get('content-type');
      expect(fromApp, extension).toBe(staticContentType(path));
      expect(await webHostContentType(path), extension).toBe(fromApp);
    }
    // Types only the web host knew before the two tables became one.
    expect(staticContentType('/assets/file.webp')).toBe('image/webp');
    expect(staticContentType('/assets/file.mjs')).toBe('text/javascript; charset=utf-8');
  });
});
