/**
 * build/installer.nsh (the NSIS include of electron-builder.yml) compiled by Debian's makensis,
 * as electron-builder compiles it (-INPUTCHARSET UTF8, warnings as errors), into a small installer
 * and uninstaller that call its macros where electron-builder's templates do. electron-builder's
 * own NSIS and templates cannot be downloaded here, so this proves the include's syntax, its
 * instructions and its plugins (nsExec), not the installer it makes; docs/deploy.en.md lists what
 * to check on Windows.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from './electron-builder';

let dir: string;
beforeAll(() => {
  expect(spawnSync('makensis', ['-VERSION']).error, 'makensis is needed: apt-get install nsis').toBeUndefined();
  dir = mkdtempSync(join(tmpdir(), 'nucuoi-nsis-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Compiles a script that includes build/installer.nsh as electron-builder does. */
function compile(name: string, body: string, { uninstaller = false } = {}) {
  const script = join(dir, `${name}.nsi`);
  writeFileSync(
    script,
    [
      'Unicode true',
      uninstaller ? '!define BUILD_UNINSTALLER' : '',
      '!define PRODUCT_NAME "Nụ cười"',
      '!define PRODUCT_FILENAME "Nụ cười"',
      `Name "\${PRODUCT_NAME}"`,
      `OutFile "${join(dir, `${name}.exe`)}"`,
      'RequestExecutionLevel admin',
      uninstaller ? '' : 'Var appExe',
      `!include "${join(repoRoot, 'build/installer.nsh')}"`,
      body,
    ].join('\n'),
  );
  return spawnSync('makensis', ['-V2', '-WX', '-INPUTCHARSET', 'UTF8', script], { encoding: 'utf8', timeout: 60_000 });
}

describe('the NSIS include', () => {
  it('compiles into an installer: customInit in .onInit, customInstall in the install section', () => {
    const result = compile(
      'installer',
      ['Function .onInit', '  !insertmacro customInit', 'FunctionEnd', 'Section "install"', '  StrCpy $appExe "$INSTDIR\\nu-cuoi.exe"', '  !insertmacro customInstall', 'SectionEnd'].join('\n'),
    );
    expect(result.stdout + result.stderr).not.toMatch(/warning|error/i);
    expect(result.status).toBe(0);
  });

  it('compiles into an uninstaller: customUnInstall in the uninstall section', () => {
    const result = compile(
      'uninstaller',
      ['Section "install"', '  WriteUninstaller "$INSTDIR\\uninstall.exe"', 'SectionEnd', 'Section "un.Uninstall"', '  !insertmacro customUnInstall', 'SectionEnd'].join('\n'),
      { uninstaller: true },
    );
    expect(result.stdout + result.stderr).not.toMatch(/warning|error/i);
    expect(result.status).toBe(0);
  });

  it('and the check is real: a mistake in it is reported', () => {
    const result = compile('broken', ['Function .onInit', '  !insertmacro customInit', '  StrCpyy $0 1', 'FunctionEnd', 'Section "install"', 'SectionEnd'].join('\n'));
    expect(result.status).not.toBe(0);
  });
});
