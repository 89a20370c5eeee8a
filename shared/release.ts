/**
 * Kiosk releases as the provincial server and the kiosk both see them (docs/updates.md): the
 * rings, the manifest of a release (what electron-builder writes in latest.yml), the text the
 * province signs for it, and the version order. Signing itself needs Node: shared/node/release-signing.ts.
 */
import { z } from 'zod';

/** A kiosk is in one ring: a release reaches `pilot` first and `everyone` once IT promotes it. */
export const RELEASE_RINGS = ['pilot', 'everyone'] as const;
export const ReleaseRingSchema = z.enum(RELEASE_RINGS);
export type ReleaseRing = z.output<typeof ReleaseRingSchema>;

/** The update feed's path prefix on the provincial server. */
export const UPDATES_PREFIX = '/updates/v1';

/** The feed electron-updater reads for one kiosk: the feed of that kiosk's ring, chosen by the server. */
export function deviceFeedPath(deviceId: string): string {
  return `${UPDATES_PREFIX}/devices/${encodeURIComponent(deviceId)}/`;
}

/** The feed of a ring, for IT's scripts and checks. */
export function ringFeedPath(ring: ReleaseRing): string {
  return `${UPDATES_PREFIX}/rings/${ring}/`;
}

/**
 * Fields the server adds to the latest.yml it composes for a ring. electron-updater keeps unknown
 * fields of latest.yml in its UpdateInfo, so the kiosk reads them there.
 */
export const FEED_SIGNATURE_FIELD = 'nuCuoiSignature';
/** True when IT pinned the ring to this version: the only case where the kiosk accepts an older one. */
export const FEED_PINNED_FIELD = 'nuCuoiPinned';

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

/** A release version: semver, as package.json's "version" and electron-updater want it. */
export const ReleaseVersionSchema = z.string().max(64).regex(SEMVER, 'must be a semantic version such as 1.4.0 or 1.5.0-beta.1');

/**
 * Semver precedence: negative when a < b, 0 when equal, positive when a > b (build metadata is
 * ignored; a pre-release comes before its release). Both must be valid versions.
 */
export function compareVersions(a: string, b: string): number {
  const parse = (version: string) => {
    const match = SEMVER.exec(version);
    if (!match) throw new Error(`not a semantic version: ${version}`);
    return { core: [Number(match[1]), Number(match[2]), Number(match[3])], pre: match[4] ? match[4].split('.') : [] };
  };
  const left = parse(a);
  const right = parse(b);
  for (let i = 0; i < 3; i++) {
    const difference = left.core[i]! - right.core[i]!;
    if (difference !== 0) return Math.sign(difference);
  }
  // A release outranks its own pre-releases.
  if (left.pre.length === 0 || right.pre.length === 0) return Math.sign(right.pre.length) - Math.sign(left.pre.length);
  for (let i = 0; i < Math.max(left.pre.length, right.pre.length); i++) {
    const x = left.pre[i];
    const y = right.pre[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const xNumeric = /^\d+$/.test(x);
    const yNumeric = /^\d+$/.test(y);
    if (xNumeric && yNumeric) {
      if (Number(x) !== Number(y)) return Math.sign(Number(x) - Number(y));
    } else if (xNumeric !== yNumeric) {
      return xNumeric ? -1 : 1;
    } else if (x !== y) {
      return x < y ? -1 : 1;
    }
  }
  return 0;
}

/** A file name of a release: no folders, no "..", so it can never name a path outside the release. */
export const ReleaseFileNameSchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._+-]*$/, 'must be a plain file name (letters, digits, dot, dash, plus, underscore)');

/** electron-builder's sha512: base64 of the 64 bytes. */
export const Sha512Base64Schema = z.string().regex(/^[A-Za-z0-9+/]{86}==$/, 'must be a base64 sha512');

export const ReleaseFileSchema = z.object({
  url: ReleaseFileNameSchema,
  sha512: Sha512Base64Schema,
  size: z.number().int().min(1).max(4 * 1024 ** 3),
});
export type ReleaseFile = z.output<typeof ReleaseFileSchema>;

/** What a release's signature covers: its version and, for each file, its name, sha512 and size. */
export const ReleaseManifestSchema = z.object({
  version: ReleaseVersionSchema,
  files: z.array(ReleaseFileSchema).min(1).max(8),
});
export type ReleaseManifest = z.output<typeof ReleaseManifestSchema>;

export const RELEASE_SIGNING_HEADER = 'nu-cuoi release v1';

/**
 * The text the province signs for a release, one fact per line, so that a shell script can check
 * it too (deploy/linux/nu-cuoi-update-helper):
 *
 *   nu-cuoi release v1
 *   version 1.4.0
 *   file nu-cuoi-setup-1.4.0-x64.exe sha512 <base64> size 93489152
 */
export function releaseSigningText(manifest: ReleaseManifest): string {
  const lines = [RELEASE_SIGNING_HEADER, `version ${manifest.version}`];
  for (const file of manifest.files) lines.push(`file ${file.url} sha512 ${file.sha512} size ${file.size}`);
  return `${lines.join('\n')}\n`;
}

/**
 * The manifest a signing text states, or null when the text is not exactly one that
 * releaseSigningText makes (so a checked signature of the text is a signature of this manifest).
 */
export function parseReleaseSigningText(text: string): ReleaseManifest | null {
  const lines = text.split('\n');
  if (lines.pop() !== '' || lines[0] !== RELEASE_SIGNING_HEADER) return null;
  const version = /^version (\S+)$/.exec(lines[1] ?? '')?.[1];
  const files = lines.slice(2).map((line) => {
    const match = /^file (\S+) sha512 (\S+) size (\d+)$/.exec(line);
    return match ? { url: match[1], sha512: match[2], size: Number(match[3]) } : null;
  });
  if (files.some((file) => file === null)) return null;
  const parsed = ReleaseManifestSchema.safeParse({ version, files });
  if (!parsed.success || releaseSigningText(parsed.data) !== text) return null;
  return parsed.data;
}
