import { describe, expect, it } from 'vitest';
import { compareVersions, parseReleaseSigningText, ReleaseManifestSchema, releaseSigningText, ReleaseVersionSchema } from '../../shared/release';

describe('release versions', () => {
  it('orders versions as semver does: numbers by value, a pre-release before its release', () => {
    const sorted = ['0.1.0', '0.1.1', '0.2.0-alpha', '0.2.0-alpha.1', '0.2.0-alpha.beta', '0.2.0-beta.2', '0.2.0-beta.11', '0.2.0-rc.1', '0.2.0', '0.10.0', '1.0.0'];
    const shuffled = [...sorted].reverse();
    expect(shuffled.sort(compareVersions)).toEqual(sorted);
    expect(compareVersions('1.2.3', '1.2.3')).toBe(0);
    expect(compareVersions('1.2.3+build.7', '1.2.3')).toBe(0);
  });

  it('refuses what is not a version', () => {
    for (const bad of ['1.2', 'v1.2.3', '01.2.3', '1.2.3-', '1.2.3 ', '', '1.2.3/../x']) {
      expect(ReleaseVersionSchema.safeParse(bad).success, bad).toBe(false);
    }
    expect(() => compareVersions('1.2', '1.2.3')).toThrow(/not a semantic version/);
  });
});

describe('release manifest', () => {
  const sha512 = `${'A'.repeat(86)}==`;

  it('signs one fact per line, in the order of the files', () => {
    const manifest = ReleaseManifestSchema.parse({
      version: '0.2.0',
      files: [{ url: 'nu-cuoi-setup-0.2.0-x64.exe', sha512, size: 1234 }],
    });
    expect(releaseSigningText(manifest)).toBe(`nu-cuoi release v1\nversion 0.2.0\nfile nu-cuoi-setup-0.2.0-x64.exe sha512 ${sha512} size 1234\n`);
  });

  it('refuses file names that could leave the release folder, and sha512s that are not one', () => {
    for (const url of ['../etc/passwd', 'a/b.exe', 'a\\b.exe', '.hidden', 'x y.exe', '']) {
      expect(ReleaseManifestSchema.safeParse({ version: '0.2.0', files: [{ url, sha512, size: 1 }] }).success, url).toBe(false);
    }
    expect(ReleaseManifestSchema.safeParse({ version: '0.2.0', files: [{ url: 'a.exe', sha512: 'abc', size: 1 }] }).success).toBe(false);
    expect(ReleaseManifestSchema.safeParse({ version: '0.2.0', files: [] }).success).toBe(false);
  });
});

describe('release signing text read back', () => {
  const sha512 = `${'B'.repeat(86)}==`;
  const manifest = { version: '1.2.0', files: [{ url: 'a.deb', sha512, size: 10 }, { url: 'a.AppImage', sha512, size: 20 }] };

  it('gives back exactly the manifest it states', () => {
    expect(parseReleaseSigningText(releaseSigningText(manifest))).toEqual(manifest);
  });

  it('refuses any text that is not exactly one releaseSigningText makes', () => {
    const text = releaseSigningText(manifest);
    for (const bad of [text.trimEnd(), `${text}\n`, text.replace('size 10', 'size 010'), text.replace('version 1.2.0', 'version  1.2.0'), text.replace('\n', '\r\n'), `x${text}`, '']) {
      expect(parseReleaseSigningText(bad), JSON.stringify(bad)).toBeNull();
    }
  });
});
