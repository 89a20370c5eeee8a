/**
 * The deployment guide (docs/deploy.vi.md, and its English twin docs/deploy.en.md) names only
 * commands and scripts the repository has: every `npm run …`, every admin command, every lockdown
 * script; and the two stay twins.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isReleaseCommand } from '../../server/admin/releases';

const root = join(__dirname, '..', '..');
const GUIDES = ['docs/deploy.vi.md', 'docs/deploy.en.md'];
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
const adminSource = read('server/admin-cli.ts');

describe.each(GUIDES)('%s', (guide) => {
  const text = read(guide);

  it('names only npm scripts that package.json has', () => {
    const named = [...text.matchAll(/npm run ([a-z][a-z0-9:-]*)/g)].map((m) => m[1]!);
    expect(named.length).toBeGreaterThan(5);
    for (const script of new Set(named)) expect(pkg.scripts, `npm run ${script}`).toHaveProperty(script);
  });

  it('names only admin commands the admin command line has', () => {
    const commands = [...text.matchAll(/npm run admin -- ([a-z][a-z-]*)/g)].map((m) => m[1]!);
    expect(commands).toEqual(expect.arrayContaining(['release-key', 'release-upload', 'releases', 'release-promote', 'release-pin', 'provisioning-file', 'devices']));
    for (const command of new Set(commands)) {
      expect(isReleaseCommand(command) || adminSource.includes(`case '${command}':`), `npm run admin -- ${command}`).toBe(true);
    }
  });

  it('names only scripts that exist in deploy/', () => {
    for (const [, name] of text.matchAll(/\b([A-Za-z-]+\.ps1)\b/g)) expect(existsSync(join(root, 'deploy/windows', name!)), name).toBe(true);
    for (const [, name] of text.matchAll(/\b((?:un)?install-kiosk\.sh|nu-cuoi-update-helper|nu-cuoi-kiosk\.service|nu-cuoi-update\.(?:path|service))\b/g)) {
      expect(existsSync(join(root, 'deploy/linux', name!)), name).toBe(true);
    }
  });

  it('has the seven sections: the server, building, Windows, enrolment at scale, Linux, updates and rollbacks, errors', () => {
    expect([...text.matchAll(/^## \d\. /gm)]).toHaveLength(7);
  });
});

describe('the two guides', () => {
  it('are twins: the same sections, commands and scripts', () => {
    const [vi, en] = GUIDES.map(read) as [string, string];
    const commands = (text: string) => [...text.matchAll(/npm run [a-z][a-z0-9:-]*(?: -- [a-z-]+)?/g)].map((m) => m[0]).sort();
    expect(commands(vi)).toEqual(commands(en));
    const scripts = (text: string) => [...new Set([...text.matchAll(/\b[A-Za-z-]+\.(?:ps1|sh)\b/g)].map((m) => m[0]))].sort();
    expect(scripts(vi)).toEqual(scripts(en));
    const fences = (text: string) => [...text.matchAll(/^```[\s\S]*?^```/gm)].map((m) => m[0].replace(/#.*$/gm, ''));
    expect(fences(vi)).toHaveLength(fences(en).length);
  });

  it('the Vietnamese one is written in Vietnamese first', () => {
    const vi = read('docs/deploy.vi.md');
    expect(vi.split('\n')[0]).toBe('# Hướng dẫn triển khai máy kiosk Nụ cười');
    expect((vi.match(/[ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ]/gi) ?? []).length).toBeGreaterThan(1000);
  });
});
