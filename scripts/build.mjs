// Builds every part with Vite: the renderer (browser), the provincial console (browser), Electron
// main and preload (CommonJS for Electron), the core's utility-process entry, and the web host
// (Node ESM). `node scripts/build.mjs console` builds the console alone.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import react from '@vitejs/plugin-react';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const define = { __APP_VERSION__: JSON.stringify(pkg.version) };
// Native and Electron modules stay outside the bundles; everything of ours is bundled.
const external = ['electron', 'better-sqlite3', /^node:/];

const quiet = { logLevel: process.env.BUILD_VERBOSE ? 'info' : 'warn', configFile: false };

/**
 * The provincial console, served by the server at / (server/console/static.ts): absolute asset
 * paths (a drill-down URL such as /reports/units/x must still find /assets/…), hashed names, and
 * no module-preload polyfill (an inline-free page for its strict CSP; Chromium needs none).
 */
const consoleBuild = () =>
  build({
    ...quiet,
    root: 'console',
    base: '/',
    plugins: [react()],
    build: {
      outDir: '../dist/console',
      emptyOutDir: true,
      target: 'chrome120',
      assetsInlineLimit: 0,
      modulePreload: { polyfill: false },
      // The chart's chunk (ECharts, ~520 KB raw, 175 KB gzip) is loaded lazily, never at first load.
      chunkSizeWarningLimit: 600,
    },
  });

if (process.argv[2] === 'console') {
  await consoleBuild();
  console.log('build: dist/console ready');
  process.exit(0);
}

await build({
  ...quiet,
  root: 'renderer',
  base: './',
  define,
  plugins: [react()],
  build: { outDir: '../dist/renderer', emptyOutDir: true, target: 'chrome120', assetsInlineLimit: 0 },
});

/** A Node-side bundle: one entry, one output file; `alias` replaces modules in that bundle only. */
function nodeBuild(entry, outDir, fileName, format, alias = []) {
  return build({
    ...quiet,
    define,
    resolve: { alias },
    build: {
      ssr: entry,
      outDir,
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      sourcemap: true,
      rollupOptions: { external, output: { format, entryFileNames: fileName } },
    },
    ssr: { noExternal: true, external: ['better-sqlite3', 'electron'] },
  });
}

await consoleBuild();
await nodeBuild('web-host/main.ts', 'dist/web-host', 'main.js', 'es');
// Main starts no processes: electron-updater's child_process is a stand-in that refuses (see the file).
await nodeBuild('electron/main/index.ts', 'dist/electron/main', 'index.cjs', 'cjs', [
  { find: /^(node:)?child_process$/, replacement: fileURLToPath(new URL('../electron/main/no-child-process.ts', import.meta.url)) },
]);
await nodeBuild('electron/preload/index.ts', 'dist/electron/preload', 'index.cjs', 'cjs');
await nodeBuild('electron/core/utility-entry.ts', 'dist/electron/core', 'utility.cjs', 'cjs');
console.log('build: dist/ ready');
