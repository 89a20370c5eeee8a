/**
 * electron-builder.yml, judged by electron-builder's own loader and schema: the installers contain
 * what the kiosk needs and nothing else, and better-sqlite3 is rebuilt for Electron only when
 * packaging on the build machine (docs/packaging.md).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { builderSchemaDefinition, isPackaged, isUnpacked, loadBuilderConfig, repoRoot, validateBuilderConfig, type BuilderConfig } from './electron-builder';

interface PackageJson {
  name: string;
  productName?: string;
  main: string;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  allowScripts?: Record<string, boolean>;
  build?: unknown;
}

const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as PackageJson;
let config: BuilderConfig;

beforeAll(async () => {
  config = await loadBuilderConfig();
});

describe('electron-builder.yml', () => {
  it('is valid for electron-builder (its own schema)', async () => {
    await expect(validateBuilderConfig(config)).resolves.toBeUndefined();
  });

  it('is the only packaging config: package.json has no "build" key', () => {
    expect(pkg).not.toHaveProperty('build');
  });

  it('names the app: reverse-DNS appId, Vietnamese product name, ASCII executable', () => {
    expect(config.appId).toMatch(/^vn\.gov\.[a-z]+\.[a-z]+$/);
    // The data folder (userData) is named after productName: it must match package.json's.
    expect(config.productName).toBe('Nụ cười');
    expect(pkg.productName).toBe(config.productName);
    expect(config.executableName).toMatch(/^[a-z0-9-]+$/);
  });

  it('packs the built bundles and package.json into an asar archive', () => {
    expect(config.asar).not.toBe(false);
    for (const file of [
      'package.json',
      'dist/electron/main/index.cjs',
      'dist/electron/preload/index.cjs',
      'dist/electron/core/utility.cjs',
      'dist/renderer/index.html',
      'dist/renderer/assets/index-abc123.js',
      'dist/renderer/assets/be-vietnam-pro-vietnamese-400-normal.woff2',
    ]) {
      expect(isPackaged(config, file), file).toBe(true);
    }
  });

  it('packs the main entry named in package.json, which the build produces', () => {
    expect(pkg.main).toBe('dist/electron/main/index.cjs');
    expect(isPackaged(config, pkg.main)).toBe(true);
    expect(existsSync(join(repoRoot, pkg.main)), `${pkg.main} is missing: run \`npm run build\` first`).toBe(true);
  });

  it('leaves out sources, tests, source maps, the web host and the server', () => {
    for (const file of [
      'electron/main/index.ts',
      'renderer/src/main.tsx',
      'server/main.ts',
      'tests/electron/main/index.test.ts',
      'dist/web-host/main.js',
      'dist/electron/main/index.cjs.map',
      '.kiosk-data/kiosk.sqlite',
      'release/nu-cuoi-setup-0.1.0-x64.exe',
    ]) {
      expect(isPackaged(config, file), file).toBe(false);
    }
  });

  it('ships better-sqlite3 and what it loads at run time, with its .node unpacked from the asar', () => {
    for (const file of [
      'node_modules/better-sqlite3/lib/index.js',
      'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
      'node_modules/bindings/bindings.js',
      'node_modules/file-uri-to-path/index.js',
    ]) {
      expect(isPackaged(config, file), file).toBe(true);
    }
    expect(isUnpacked(config, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node')).toBe(true);
    expect(isUnpacked(config, 'dist/electron/main/index.cjs')).toBe(false);
  });

  it('leaves out every other production dependency: the bundles inline them', () => {
    const runtime = new Set(['better-sqlite3']);
    for (const name of Object.keys(pkg.dependencies).filter((dep) => !runtime.has(dep))) {
      expect(isPackaged(config, `node_modules/${name}/package.json`), name).toBe(false);
    }
    expect(isPackaged(config, 'node_modules/better-sqlite3/deps/sqlite3/sqlite3.c')).toBe(false);
  });

  it("flips Electron's fuses: no run-as-Node, no NODE_OPTIONS or --inspect, app only from its checked asar", () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('sets every one of Electron’s fuses, cookie encryption included: a fuse left out is a test failure', () => {
    // The fuses electron-builder knows (its schema's FuseOptionsV1), each with the kiosk's value.
    const expected = {
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    };
    const fuses = config.electronFuses as Record<string, unknown>;
    const known = Object.keys(builderSchemaDefinition('FuseOptionsV1').properties ?? {}).filter((fuse) => fuse !== 'resetAdHocDarwinSignature');
    expect(known.sort()).toEqual(Object.keys(expected).sort());
    expect(fuses).toEqual(expected);
  });

  it('keeps native modules unpacked next to the asar, so they load with the only-from-asar fuse on', () => {
    expect(isUnpacked(config, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node')).toBe(true);
  });

  it('rebuilds native modules for Electron when packaging (on the build machine)', () => {
    expect(config.npmRebuild).toBe(true);
  });

  it('builds a per-machine NSIS installer for Windows x64', () => {
    expect(config.win?.target).toContainEqual(expect.objectContaining({ target: 'nsis', arch: expect.arrayContaining(['x64']) }));
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: true });
  });

  it('never deletes the kiosk data folder (unsent ratings) on uninstall', () => {
    expect(config.nsis?.deleteAppDataOnUninstall).not.toBe(true);
  });

  it('NSIS: per machine, with its include (provisioning, machine folders, the SYSTEM task, autostart, /PURGE) and the icons', () => {
    expect(config.nsis).toMatchObject({
      oneClick: false,
      perMachine: true,
      allowToChangeInstallationDirectory: false,
      include: 'build/installer.nsh',
      installerIcon: 'build/icon.ico',
      uninstallerIcon: 'build/icon.ico',
    });
    const include = readFileSync(join(repoRoot, 'build/installer.nsh'), 'utf8');
    for (const part of ['!macro customInit', '!macro customInstall', '!macro customUnInstall', '/PROVISION=', 'provisioning.json', 'schtasks /Create', 'install-update.ps1', '$SMSTARTUP', '/PURGE', '--updated']) {
      expect(include, part).toContain(part);
    }
  });

  it('Windows: the icon made from the source image; no publisherName (the helper checks Authenticode, main starts no process)', () => {
    const win = config.win as Record<string, unknown> & { signtoolOptions?: Record<string, unknown> };
    expect(win.icon).toBe('build/icon.ico');
    expect(win.publisherName).toBeUndefined();
    expect(win.signtoolOptions?.publisherName).toBeUndefined();
  });

  it('deb: electron-builder’s dependencies and openssl for the install helper; cage and xwayland recommended; AppImage for trials', () => {
    const deb = config.deb as { depends?: string[]; recommends?: string[]; packageName?: string };
    expect(deb.packageName).toBe('nu-cuoi');
    expect(deb.depends).toEqual(expect.arrayContaining(['libgtk-3-0', 'libnss3', 'libsecret-1-0', 'openssl']));
    expect(deb.recommends).toEqual(expect.arrayContaining(['cage', 'xwayland']));
    expect(config.appImage).toMatchObject({ artifactName: expect.stringMatching(/^nu-cuoi-\$\{version\}-linux-x86_64\.\$\{ext\}$/) });
    expect((config.linux as { icon?: string }).icon).toBe('build/icons');
  });

  it('ships the install helpers and the lockdown scripts as resources (resources/deploy/)', () => {
    expect(config.extraResources).toEqual([{ from: 'deploy', to: 'deploy', filter: ['**/*'] }]);
    for (const file of ['deploy/windows/install-update.ps1', 'deploy/windows/kiosk-shell.ps1', 'deploy/linux/nu-cuoi-update-helper', 'deploy/linux/nu-cuoi-kiosk.service']) {
      expect(existsSync(join(repoRoot, file)), file).toBe(true);
    }
  });

  it('builds an AppImage and a deb for Linux', () => {
    const targets = (config.linux?.target ?? []).map((target) => target.target);
    expect(targets).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(config.linux?.maintainer).toBeTruthy();
  });

  it("publishes update metadata for the province's own server, its URL given at build time", () => {
    expect(config.publish).toHaveLength(1);
    const [publish] = config.publish ?? [];
    expect(publish?.provider).toBe('generic');
    expect(publish?.url).toMatch(/^\$\{env\.[A-Z_]+\}$/);
    expect(publish?.channel).toBe('latest');
  });

  it('writes installers under release/, which git ignores', () => {
    expect(config.directories?.output).toBe('release');
    expect(readFileSync(join(repoRoot, '.gitignore'), 'utf8')).toMatch(/^release\/$/m);
  });
});

describe('package.json and native modules', () => {
  it('runs nothing at install time: no postinstall, no install-app-deps, no electron-rebuild', () => {
    for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) {
      expect(pkg.scripts, hook).not.toHaveProperty(hook);
    }
    for (const [name, script] of Object.entries(pkg.scripts)) {
      expect(script, name).not.toMatch(/install-app-deps|electron-rebuild|@electron\/rebuild|electron-builder/);
    }
  });

  it("keeps Electron's download script off (the binary cannot be fetched here)", () => {
    expect(pkg.allowScripts?.electron).toBe(false);
  });

  it('has electron and electron-builder as devDependencies only', () => {
    for (const name of ['electron', 'electron-builder']) {
      expect(pkg.devDependencies, name).toHaveProperty(name);
      expect(pkg.dependencies, name).not.toHaveProperty(name);
    }
  });

  it('declares better-sqlite3 as a production dependency, so that it is packaged and rebuilt', () => {
    expect(pkg.dependencies).toHaveProperty('better-sqlite3');
  });
});
