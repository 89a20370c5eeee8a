/**
 * The bundles that Electron loads, as `npm run build` writes them (npm test builds first): main
 * and preload are CommonJS, the sandboxed preload reaches nothing of Node, the core never loads
 * Electron, and every module a bundle still requires is shipped by electron-builder.yml.
 */
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { compileFunction } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { isPackaged, isUnpacked, loadBuilderConfig, repoRoot, type BuilderConfig } from './electron-builder';

const BUNDLES = {
  main: 'dist/electron/main/index.cjs',
  preload: 'dist/electron/preload/index.cjs',
  core: 'dist/electron/core/utility.cjs',
} as const;

function read(file: string): string {
  const path = join(repoRoot, file);
  if (!existsSync(path)) throw new Error(`${file} is missing: run \`npm run build\` (npm test builds first)`);
  return readFileSync(path, 'utf8');
}

/** The module names a bundle requires; how many require( calls it has, and how many name a literal. */
function requires(code: string): { names: Set<string>; calls: number; literalCalls: number } {
  const literal = [...code.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)];
  const names = new Set(literal.map((match) => match[1] ?? ''));
  return { names, calls: [...code.matchAll(/\brequire\s*\(/g)].length, literalCalls: literal.length };
}

const isBuiltin = (name: string) => name.startsWith('node:') || builtinModules.includes(name);

describe.each(Object.entries(BUNDLES))('the %s bundle', (_name, file) => {
  it('exists after the build', () => {
    expect(existsSync(join(repoRoot, file)), `${file}: run \`npm run build\``).toBe(true);
  });

  it('is CommonJS: it compiles as a CommonJS module body (an import or export statement would not)', () => {
    const code = read(file);
    expect(() => compileFunction(code, ['exports', 'require', 'module', '__filename', '__dirname'])).not.toThrow();
    expect(code).toMatch(/\brequire\(|module\.exports|exports\./);
  });

  it('requires modules by literal name only (nothing computed at run time)', () => {
    const { names, calls, literalCalls } = requires(read(file));
    expect(calls).toBe(literalCalls);
    expect(names.size).toBeGreaterThan(0);
  });
});

it('no bundle spawns Node children: with the runAsNode fuse off, child_process.fork cannot work (utilityProcess does)', () => {
  for (const file of Object.values(BUNDLES)) {
    const { names } = requires(read(file));
    expect(names, file).not.toContain('child_process');
    expect(names, file).not.toContain('node:child_process');
  }
});

describe('the preload bundle (sandboxed)', () => {
  it('requires electron and nothing else: no fs, no child_process, no path, no core', () => {
    const code = read(BUNDLES.preload);
    expect([...requires(code).names]).toEqual(['electron']);
    expect(code).not.toMatch(/require\(\s*["'`](node:)?(fs|child_process|path|os|net|http|https|worker_threads|module)["'`]\s*\)/);
    expect(code).not.toContain('better-sqlite3');
    expect(code).not.toMatch(/process\.(binding|dlopen)|\bprocess\.env\b/);
  });

  it('exposes window.kiosk through contextBridge, and ipcRenderer only inside it', () => {
    const code = read(BUNDLES.preload);
    expect(code).toContain('exposeInMainWorld');
    expect(code).toMatch(/exposeInMainWorld\(\s*["']kiosk["']/);
    expect(code).not.toMatch(/exposeInMainWorld\(\s*["'](?!kiosk["'])/);
  });
});

describe('the main bundle', () => {
  it('requires only electron and Node built-ins (everything of ours is bundled)', () => {
    const external = [...requires(read(BUNDLES.main)).names].filter((name) => name !== 'electron' && !isBuiltin(name));
    expect(external).toEqual([]);
  });

  it('carries electron-updater inlined, with child_process replaced by a stand-in that refuses (main starts no process)', () => {
    const code = read(BUNDLES.main);
    expect(code).toContain('isUserWithinRollout');
    expect(code).toContain("the kiosk's main process starts no other process");
    expect(requires(code).names).not.toContain('electron-updater');
  });

  it('loads the renderer over app://, not file://', () => {
    const code = read(BUNDLES.main);
    expect(code).toContain('registerSchemesAsPrivileged');
    expect(code).not.toMatch(/\.loadFile\(|["'`]file:\/\//);
  });
});

describe('the core bundle (utilityProcess)', () => {
  it('never loads electron: it is plain Node', () => {
    expect(requires(read(BUNDLES.core)).names).not.toContain('electron');
  });

  it('requires only Node built-ins and better-sqlite3', () => {
    const external = [...requires(read(BUNDLES.core)).names].filter((name) => !isBuiltin(name));
    expect(external).toEqual(['better-sqlite3']);
  });
});

describe('what the bundles still require is in the installers', () => {
  let config: BuilderConfig;
  beforeAll(async () => {
    config = await loadBuilderConfig();
  });

  it('every bundle is packed, none unpacked', () => {
    for (const file of Object.values(BUNDLES)) {
      expect(isPackaged(config, file), file).toBe(true);
      expect(isUnpacked(config, file), file).toBe(false);
    }
  });

  it('every external module is a production dependency that electron-builder.yml keeps', () => {
    const pkg = JSON.parse(read('package.json')) as { dependencies: Record<string, string> };
    const external = new Set(
      Object.values(BUNDLES).flatMap((file) => [...requires(read(file)).names]).filter((name) => name !== 'electron' && !isBuiltin(name)),
    );
    for (const name of external) {
      expect(pkg.dependencies, name).toHaveProperty(name);
      expect(isPackaged(config, `node_modules/${name}/package.json`), name).toBe(true);
    }
  });
});
