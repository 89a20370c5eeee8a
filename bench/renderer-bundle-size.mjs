// Initial JS+CSS transfer of the kiosk's renderer (target ≤ 250 KB gzip, fonts apart): what the
// web host actually sends for the page and the scripts and styles the page loads at start
// (index.html's <script>, <link rel=stylesheet|modulepreload>), requested with Accept-Encoding: gzip.
//
//   node scripts/build.mjs && node bench/renderer-bundle-size.mjs      (or: npm run bench -- renderer-bundle)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dist = 'dist/renderer';
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const initial = [...html.matchAll(/<(?:script[^>]*src|link[^>]*href)="\.?\/?([^"]+\.(?:js|css))"/g)].map((m) => m[1]);

const host = spawn(process.execPath, ['dist/web-host/main.js'], {
  env: { ...process.env, KIOSK_PORT: '0', KIOSK_DATA_DIR: mkdtempSync(join(tmpdir(), 'kiosk-bench-size-')) },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const port = await new Promise((resolve, reject) => {
  let out = '';
  const timer = setTimeout(() => reject(new Error('web host did not start')), 15_000);
  host.stdout.on('data', (chunk) => {
    out += chunk;
    const match = /127\.0\.0\.1:(\d+)/.exec(out);
    if (match) {
      clearTimeout(timer);
      resolve(Number(match[1]));
    }
  });
});

async function transferred(path) {
  // Node's fetch would decompress: ask with a raw request to count the bytes on the wire.
  const { request } = await import('node:http');
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path, headers: { 'Accept-Encoding': 'gzip', Host: `127.0.0.1:${port}` } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk) => (bytes += chunk.length));
      res.on('end', () => resolve({ bytes, encoding: res.headers['content-encoding'] ?? 'identity' }));
    })
      .on('error', reject)
      .end();
  });
}

try {
  let total = 0;
  console.log('initial transfer of the renderer (fonts apart):');
  for (const path of ['index.html', ...initial]) {
    const { bytes, encoding } = await transferred(`/${path}`);
    total += bytes;
    const raw = statSync(join(dist, path)).size;
    console.log(`  ${path.padEnd(34)} ${(raw / 1024).toFixed(1).padStart(7)} KB raw  ${(bytes / 1024).toFixed(1).padStart(6)} KB ${encoding}`);
  }
  console.log(`total initial JS+CSS+HTML transfer: ${(total / 1024).toFixed(1)} KB (target ≤ 250 KB: ${total <= 250 * 1024 ? 'met' : 'NOT met'})`);
} finally {
  host.kill();
}
