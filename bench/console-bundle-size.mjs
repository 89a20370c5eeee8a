// First load of the provincial console (target ≤ 250 KB of JS+CSS gzip, fonts apart): what the
// server's console plugin actually sends for the page and for the scripts and styles the page
// loads at start (index.html's <script>, <link rel=stylesheet|modulepreload>), asked with
// Accept-Encoding: gzip. The chart's chunk, loaded only when a report page draws its chart, is
// printed apart, as are the fonts.
//
//   node scripts/build.mjs console && node bench/console-bundle-size.mjs   (or: npm run bench -- console-bundle)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { register } from 'tsx/esm/api';

register();
const { default: Fastify } = await import('fastify');
const { consoleStatic } = await import('../server/console/static.ts');

const dist = 'dist/console';
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const initial = [...html.matchAll(/<(?:script[^>]*src|link[^>]*(?:stylesheet|modulepreload)[^>]*href)="\/([^"]+\.(?:js|css))"/g)].map((m) => m[1]);
const lazy = readdirSync(join(dist, 'assets')).filter((name) => /\.js$/.test(name) && !initial.includes(`assets/${name}`)).map((name) => `assets/${name}`);
const fonts = readdirSync(join(dist, 'assets')).filter((name) => /\.woff2$/.test(name)).map((name) => `assets/${name}`);

const app = Fastify();
await app.register(consoleStatic, { consoleDir: dist });
await app.listen({ port: 0, host: '127.0.0.1' });
const { port } = app.server.address();

/** Bytes on the wire (Node's fetch would decompress). */
function transferred(path) {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path, headers: { 'Accept-Encoding': 'gzip' } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk) => (bytes += chunk.length));
      res.on('end', () => resolve({ bytes, encoding: res.headers['content-encoding'] ?? 'identity', status: res.statusCode }));
    })
      .on('error', reject)
      .end();
  });
}

async function table(title, paths) {
  let total = 0;
  console.log(title);
  for (const path of paths) {
    const { bytes, encoding, status } = await transferred(`/${path}`);
    if (status !== 200) throw new Error(`/${path} answered ${status}`);
    total += bytes;
    console.log(`  ${path.padEnd(52)} ${(statSync(join(dist, path)).size / 1024).toFixed(1).padStart(7)} KB raw  ${(bytes / 1024).toFixed(1).padStart(6)} KB ${encoding}`);
  }
  return total;
}

try {
  const first = await table('first load of the console (fonts apart):', ['index.html', ...initial]);
  const jsCss = first - (await transferred('/index.html')).bytes;
  console.log(`first load: JS+CSS ${(jsCss / 1024).toFixed(1)} KB gzip, with the page ${(first / 1024).toFixed(1)} KB (target ≤ 250 KB JS+CSS: ${jsCss <= 250 * 1024 ? 'met' : 'NOT met'})`);
  const later = await table('loaded later, when a report page draws its chart:', lazy);
  console.log(`chart chunk: ${(later / 1024).toFixed(1)} KB gzip`);
  const fontBytes = await table('fonts (woff2, Be Vietnam Pro latin + vietnamese, 400 and 700):', fonts);
  console.log(`fonts: ${(fontBytes / 1024).toFixed(1)} KB`);
} finally {
  await app.close();
}
