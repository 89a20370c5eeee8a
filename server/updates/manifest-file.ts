/**
 * electron-builder's update manifests: `latest.yml` (Windows) and `latest-linux.yml` (Linux), as
 * written next to the installers on the build machine, read here when IT uploads a release and
 * written back, per ring, into the feed.
 */
import { dump, JSON_SCHEMA, load } from 'js-yaml';
import { FEED_PINNED_FIELD, FEED_SIGNATURE_FIELD, ReleaseManifestSchema, type ReleaseManifest } from '../../shared/release';
import { HttpError } from '../errors';
import { describeIssues } from '../roster';

export const RELEASE_PLATFORMS = ['windows', 'linux'] as const;
export type ReleasePlatform = (typeof RELEASE_PLATFORMS)[number];

/** The manifest's file name on the build machine and in the feed, per platform (electron-updater's channel file). */
export const MANIFEST_FILE_NAMES: Readonly<Record<ReleasePlatform, string>> = { windows: 'latest.yml', linux: 'latest-linux.yml' };

/** A manifest larger than this is not electron-builder's. */
export const MAX_MANIFEST_BYTES = 64 * 1024;

export function platformOfManifestName(fileName: string): ReleasePlatform | null {
  const entry = Object.entries(MANIFEST_FILE_NAMES).find(([, name]) => name === fileName);
  return entry ? (entry[0] as ReleasePlatform) : null;
}

export interface ParsedManifest {
  /** What the signature covers. */
  manifest: ReleaseManifest;
  /** Everything latest.yml said (path, sha512, releaseDate, …): served back as it was. */
  document: Record<string, unknown>;
}

/** Parses a manifest's text; a clear 400 when it is not one. */
export function parseManifestText(text: string, fileName: string): ParsedManifest {
  if (Buffer.byteLength(text) > MAX_MANIFEST_BYTES) throw new HttpError(400, 'invalid_manifest', `${fileName} is larger than ${MAX_MANIFEST_BYTES} bytes`);
  let document: unknown;
  try {
    // JSON_SCHEMA: no dates or other YAML types turn into objects; electron-builder quotes what needs it.
    document = load(text, { schema: JSON_SCHEMA, filename: fileName });
  } catch (error) {
    throw new HttpError(400, 'invalid_manifest', `${fileName} is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new HttpError(400, 'invalid_manifest', `${fileName} is not an update manifest (a YAML mapping with version and files)`);
  }
  const parsed = ReleaseManifestSchema.safeParse(document);
  if (!parsed.success) throw new HttpError(400, 'invalid_manifest', `${fileName}: ${describeIssues(parsed.error).slice(0, 5).join('; ')}`);
  const names = parsed.data.files.map((file) => file.url);
  if (new Set(names).size !== names.length) throw new HttpError(400, 'invalid_manifest', `${fileName} names a file twice`);
  const { [FEED_SIGNATURE_FIELD]: _signature, [FEED_PINNED_FIELD]: _pinned, ...rest } = document as Record<string, unknown>;
  // Only what was signed is trusted: the files as the manifest lists them, version included.
  return { manifest: { version: parsed.data.version, files: parsed.data.files.map(({ url, sha512, size }) => ({ url, sha512, size })) }, document: rest };
}

/** The manifest a ring's feed serves: the uploaded one, its signature, and whether IT pinned the ring to it. */
export function composeFeedManifest(document: Record<string, unknown>, signature: string, pinned: boolean): string {
  return dump({ ...document, [FEED_SIGNATURE_FIELD]: signature, ...(pinned ? { [FEED_PINNED_FIELD]: true } : {}) }, { lineWidth: -1, noRefs: true });
}
