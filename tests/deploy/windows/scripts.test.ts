/**
 * The Windows lockdown scripts, as far as they can be judged without Windows: PowerShell cannot
 * run here, so each is read as text (powershell-check.ts) for its documented header (what it does,
 * the Windows editions it needs, who runs it, how to undo it), the settings every script starts
 * with, and the syntax slips that would stop it before it runs. What they do on Windows is untested
 * here; docs/deploy.en.md lists what IT staff check on a real kiosk.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPowerShell, helpSections } from './powershell-check';

const root = join(__dirname, '..', '..', '..');
const folder = join(root, 'deploy', 'windows');
const scripts = readdirSync(folder).filter((name) => name.endsWith('.ps1')).sort();
const read = (name: string) => readFileSync(join(folder, name), 'utf8').replace(/^\uFEFF/, '');
const EDITIONS = /\b(Pro|Enterprise|Education|IoT Enterprise)\b/;

describe('the Windows scripts', () => {
  it('are the ones the deployment guide names, in both languages', () => {
    expect(scripts).toEqual([
      'KioskCommon.ps1',
      'New-KioskAccount.ps1',
      'Set-KeyboardFilter.ps1',
      'Set-KioskAssignedAccess.ps1',
      'Set-KioskLockdown.ps1',
      'Set-KioskPower.ps1',
      'Set-KioskShell.ps1',
      'Set-KioskTouchAndNotifications.ps1',
      'Set-WindowsUpdateHours.ps1',
      'Undo-KioskLockdown.ps1',
      'install-update.ps1',
      'kiosk-shell.ps1',
    ].sort());
    for (const guide of ['deploy.vi.md', 'deploy.en.md']) {
      const text = readFileSync(join(root, 'docs', guide), 'utf8');
      for (const name of scripts.filter((s) => s !== 'KioskCommon.ps1')) expect(text, `${guide} names ${name}`).toContain(name);
    }
  });

  describe.each(scripts)('%s', (name) => {
    const text = read(name);
    const help = helpSections(text);

    it('starts with a help block: synopsis, description, and notes naming the editions it needs, who runs it, how to undo it', () => {
      expect(help.SYNOPSIS?.trim().length).toBeGreaterThan(20);
      expect(help.DESCRIPTION?.trim().length).toBeGreaterThan(40);
      expect(help.NOTES).toMatch(/^Editions: .+/m);
      expect(/^Editions: ([\s\S]*?)^Run as:/m.exec(help.NOTES ?? '')?.[1]).toMatch(EDITIONS);
      expect(help.NOTES).toMatch(/^Run as: +\S.+/m);
      expect(help.NOTES).toMatch(/^Undo: +\S.+/m);
    });

    it('documents each of its parameters', () => {
      const params = /\n\[CmdletBinding\(\)\]\s*\nparam\((\)|[\s\S]*?\n\))/.exec(text)?.[1] ?? '';
      for (const [, parameter] of params.matchAll(/\$([A-Za-z]+)/g)) {
        if (parameter === 'ApplyAsSystem' || parameter === 'env' || parameter === 'true' || parameter === 'false') continue;
        const documented = text.includes(`.PARAMETER ${parameter}`) || new RegExp(`#[^\\n]*\\n[^\\n]*\\$${parameter}\\b`).test(params);
        expect(documented, `${name}: parameter ${parameter}`).toBe(true);
      }
    });

    it('stops at the first error, in strict mode, and asks for an administrator when run by one', () => {
      expect(text).toMatch(/^Set-StrictMode -Version Latest$/m);
      if (name !== 'KioskCommon.ps1') expect(text).toMatch(/^\$ErrorActionPreference = '(Stop|Continue)'$/m);
      const runAs = /^Run as: +(.+)$/m.exec(help.NOTES ?? '')?.[1] ?? '';
      if (/^an administrator/.test(runAs)) expect(text).toMatch(/^#Requires -RunAsAdministrator$/m);
    });

    it('has no syntax slip PowerShell would refuse (brackets, strings, here-strings, "$name:"), and a BOM for its Vietnamese', () => {
      expect(checkPowerShell(readFileSync(join(folder, name)))).toEqual([]);
    });

    it('uses only scripts of this folder that exist', () => {
      for (const [, used] of text.matchAll(/\$PSScriptRoot '([^']+\.ps1)'/g)) expect(scripts, `${name} uses ${used}`).toContain(used);
    });
  });

  it('the checker itself catches what it is for', () => {
    const problems = (source: string, bom = true) => checkPowerShell(Buffer.concat([Buffer.from(bom ? '\uFEFF' : ''), Buffer.from(source)]));
    expect(problems('if ($a) { Write-Output "x"')).toEqual([{ line: 1, message: "'{' is never closed" }]);
    expect(problems('throw "No account $UserName: run it"')[0]?.message).toMatch(/\$UserName:/);
    expect(problems('$x = "$env:ProgramData\\nu-cuoi ${UserName}: ok"')).toEqual([]);
    expect(problems("$s = @'\n  text\n  '@\n")[0]?.message).toMatch(/never closed/);
    expect(problems("$s = @'\ntext (\n'@\n")).toEqual([]);
    expect(problems('# a comment with ( and "\n<# a block with { #>\n$a = 1')).toEqual([]);
    expect(problems("Write-Output 'Nụ cười'", false)[0]?.message).toMatch(/byte-order mark/);
  });
});

describe('the install helper (install-update.ps1)', () => {
  const helper = read('install-update.ps1');

  it('checks with the installed app before it installs, and installs silently as an update', () => {
    const verify = helper.indexOf('--verify-update');
    const install = helper.indexOf("'/S', '--updated'");
    expect(verify).toBeGreaterThan(0);
    expect(install).toBeGreaterThan(verify);
    expect(helper).toMatch(/if \(\$LASTEXITCODE -ne 0\) \{\s*Complete-Update \$false/);
  });

  it('works on its own copy, refusing links and odd names, and empties the inbox whatever happens', () => {
    expect(helper).toMatch(/ReparsePoint/);
    expect(helper).toMatch(/'\^\[A-Za-z0-9\]\[A-Za-z0-9\._\+-\]\*\\\.exe\$'/);
    expect(helper).toMatch(/\} finally \{\s*Get-ChildItem -LiteralPath \$inbox -Force \| Remove-Item/);
  });

  it('marks the install in progress for the kiosk shell, and writes result.json as the kiosk reads it', () => {
    expect(helper).toContain("Join-Path $updates 'installing'");
    expect(read('kiosk-shell.ps1')).toContain("'nu-cuoi\\updates\\installing'");
    expect(helper).toMatch(/\[ordered\]@\{ version = \$script:version; ok = \$ok; message = \$message; at = /);
  });
});
