/**
 * A test's child process as one file: a TypeScript entry bundled with Vite (as scripts/build.mjs
 * bundles the kiosk's own Node parts) into an ES module under the project's .tmp folder, where
 * node_modules resolves. A child started from it is ready about three times sooner, on a quarter
 * of the CPU, than with `node --import tsx`: that counts for tests that start dozens of children.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface NodeBundle {
  /** The bundle, to run as `node <file> …`. */
  file: string;
  remove(): void;
}

/** Bundles `entry` (a path from the project's root) with everything of ours; packages stay outside. */
export async function bundleNodeEntry(entry: string): Promise<NodeBundle> {
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  const outDir = mkdtempSync(join(ROOT, '.tmp', 'bundle-'));
  const fileName = `${basename(entry).replace(/\.ts$/, '')}.mjs`;
  await build({
    root: ROOT,
    configFile: false,
    logLevel: 'warn',
    build: {
      ssr: join(ROOT, entry),
      outDir,
      emptyOutDir: false,
      target: 'node20',
      minify: false,
      rollupOptions: { external: [/^node:/], output: { format: 'es', entryFileNames: fileName } },
    },
    // The native better-sqlite3 and other packages load from node_modules, as in the kiosk.
    ssr: { external: true },
  });
  return { file: join(outDir, fileName), remove: () => rmSync(outDir, { recursive: true, force: true }) };
}
