/**
 * Releases on the provincial server: the province's public release key, and each uploaded release
 * (an installer or two, their blockmaps, and the signed manifest) kept as files under the releases
 * folder and as rows in the database. An upload is checked completely before anything is kept:
 * a missing or wrong signature, or a file that is not what the manifest says, stores nothing.
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { fileSha512, parseReleasePublicKey, releaseSignatureMatches } from '../../shared/node/release-signing';
import type { ReleaseManifest } from '../../shared/release';
import type { ServerDb } from '../db/connect';
import { HttpError } from '../errors';
import { parseManifestText, platformOfManifestName, type ReleasePlatform } from './manifest-file';

export const BLOCKMAP_SUFFIX = '.blockmap';

export interface StoredRelease {
  version: string;
  platform: ReleasePlatform;
  manifest: ReleaseManifest;
  /** latest.yml as uploaded (as an object). */
  document: Record<string, unknown>;
  signature: string;
  folder: string;
  uploadedAt: number;
}

export interface ReleaseFileRow {
  name: string;
  version: string;
  platform: string;
  size: number;
  sha512: string;
}

export interface UploadInput {
  /** Path of latest.yml (Windows) or latest-linux.yml (Linux) on this machine; its files are in the same folder. */
  manifestPath: string;
  /** base64 Ed25519 signature of the manifest (release-upload makes it with the province's private key). */
  signature: string | null | undefined;
}

/** The key in force, or null before IT registered one. */
export async function releaseKeyInForce(db: ServerDb): Promise<string | null> {
  const row = await db.selectFrom('release_keys').select('public_key').where('retired_at', 'is', null).executeTakeFirst();
  return row?.public_key ?? null;
}

/**
 * Registers the province's public key. Replacing a key in force retires it: releases signed with it
 * stay, but kiosks that pinned it refuse releases signed with the new one until re-provisioned.
 */
export async function registerReleaseKey(db: ServerDb, publicKey: string, options: { replace: boolean; now: number }): Promise<void> {
  const key = publicKey.trim();
  if (!parseReleasePublicKey(key)) throw new HttpError(400, 'invalid_key', 'not an Ed25519 public key (the text `npm run admin -- release-key` prints)');
  await db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('release_keys').select('public_key').where('retired_at', 'is', null).executeTakeFirst();
    if (current?.public_key === key) return;
    if (current && !options.replace) {
      throw new HttpError(409, 'key_in_force', 'a release key is already registered; kiosks pinned it. Use --replace only when every kiosk is re-provisioned with the new key');
    }
    if (current) await trx.updateTable('release_keys').set({ retired_at: options.now }).where('public_key', '=', current.public_key).execute();
    const known = await trx.selectFrom('release_keys').select('public_key').where('public_key', '=', key).executeTakeFirst();
    if (known) await trx.updateTable('release_keys').set({ retired_at: null }).where('public_key', '=', key).execute();
    else await trx.insertInto('release_keys').values({ public_key: key, registered_at: options.now, retired_at: null }).execute();
  });
}

function checkBlockmap(path: string, name: string): void {
  try {
    const blockmap = JSON.parse(gunzipSync(readFileSync(path)).toString('utf8')) as { files?: unknown };
    if (!Array.isArray(blockmap.files)) throw new Error('no files');
  } catch {
    throw new HttpError(400, 'file_mismatch', `${name} is not an electron-builder blockmap (gzip JSON)`);
  }
}

/**
 * Checks and stores a release: the signature against the key in force, each installer against
 * the manifest (size and sha512, on the copy that is kept), each blockmap's form. On any failure
 * nothing is kept, and the error says what was wrong.
 */
export async function uploadRelease(db: ServerDb, releasesDir: string, input: UploadInput, now: number): Promise<StoredRelease> {
  const manifestName = basename(input.manifestPath);
  const platform = platformOfManifestName(manifestName);
  if (!platform) throw new HttpError(400, 'invalid_manifest', `${manifestName}: the manifest is latest.yml (Windows) or latest-linux.yml (Linux)`);
  if (!existsSync(input.manifestPath)) throw new HttpError(404, 'not_found', `no file ${input.manifestPath}`);
  const { manifest, document } = parseManifestText(readFileSync(input.manifestPath, 'utf8'), manifestName);

  const publicKey = await releaseKeyInForce(db);
  if (!publicKey) throw new HttpError(409, 'no_release_key', 'no release key is registered yet: npm run admin -- release-key');
  if (!input.signature) throw new HttpError(400, 'missing_signature', `${manifestName} of ${manifest.version} is not signed; release-upload signs it with the province's key`);
  if (!releaseSignatureMatches(manifest, input.signature, publicKey)) {
    throw new HttpError(400, 'bad_signature', `the signature of ${manifest.version} does not match the province's release key (signed with another key, or the manifest changed)`);
  }

  const existing = await db.selectFrom('releases').select('version').where('version', '=', manifest.version).where('platform', '=', platform).executeTakeFirst();
  if (existing) throw new HttpError(409, 'release_exists', `${manifest.version} for ${platform} is already on the server`);

  const sourceDir = dirname(input.manifestPath);
  const names = manifest.files.flatMap((file) => {
    const blockmap = `${file.url}${BLOCKMAP_SUFFIX}`;
    return existsSync(join(sourceDir, blockmap)) ? [file.url, blockmap] : [file.url];
  });
  const taken = await db.selectFrom('release_files').select(['name', 'version']).where('name', 'in', names).executeTakeFirst();
  if (taken) throw new HttpError(409, 'release_exists', `a file named ${taken.name} belongs to release ${taken.version} already`);

  mkdirSync(releasesDir, { recursive: true });
  // A folder of its own per upload: two uploads of one version never touch each other's files;
  // the database decides which one is kept.
  const uploadId = randomBytes(6).toString('hex');
  const folder = `${manifest.version}-${platform}-${uploadId}`;
  const incoming = join(releasesDir, `.incoming-${uploadId}`);
  mkdirSync(incoming);
  try {
    const rows: ReleaseFileRow[] = [];
    for (const file of manifest.files) {
      const source = join(sourceDir, file.url);
      if (!existsSync(source) || !statSync(source).isFile()) throw new HttpError(400, 'file_missing', `${file.url}, named by ${manifestName}, is not next to it`);
      const kept = join(incoming, file.url);
      copyFileSync(source, kept);
      // The copy is what will be served: that is what must match.
      const actual = await fileSha512(kept);
      if (actual.size !== file.size) throw new HttpError(400, 'file_mismatch', `${file.url} has ${actual.size} bytes; ${manifestName} says ${file.size}`);
      if (actual.sha512 !== file.sha512) throw new HttpError(400, 'file_mismatch', `${file.url} is not the file ${manifestName} describes (its sha512 differs)`);
      rows.push({ name: file.url, version: manifest.version, platform, size: actual.size, sha512: actual.sha512 });
      const blockmap = `${file.url}${BLOCKMAP_SUFFIX}`;
      if (names.includes(blockmap)) {
        copyFileSync(join(sourceDir, blockmap), join(incoming, blockmap));
        checkBlockmap(join(incoming, blockmap), blockmap);
        const map = await fileSha512(join(incoming, blockmap));
        rows.push({ name: blockmap, version: manifest.version, platform, size: map.size, sha512: map.sha512 });
      }
    }
    const target = join(releasesDir, folder);
    renameSync(incoming, target);
    try {
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('releases')
          .values({
            version: manifest.version,
            platform,
            manifest: JSON.stringify(document),
            signature: input.signature!,
            public_key: publicKey,
            folder,
            uploaded_at: now,
          })
          .execute();
        await trx.insertInto('release_files').values(rows).execute();
      });
    } catch (error) {
      rmSync(target, { recursive: true, force: true });
      if ((error as { code?: string }).code === '23505') throw new HttpError(409, 'release_exists', `${manifest.version} for ${platform} is already on the server`);
      throw error;
    }
    return { version: manifest.version, platform, manifest, document, signature: input.signature, folder, uploadedAt: now };
  } finally {
    rmSync(incoming, { recursive: true, force: true });
  }
}

function toStoredRelease(row: {
  version: string;
  platform: 'windows' | 'linux';
  manifest: string;
  signature: string;
  folder: string;
  uploaded_at: number;
}): StoredRelease {
  const document = JSON.parse(row.manifest) as Record<string, unknown>;
  const { manifest } = parseManifestText(JSON.stringify(document), row.platform === 'windows' ? 'latest.yml' : 'latest-linux.yml');
  return { version: row.version, platform: row.platform, manifest, document, signature: row.signature, folder: row.folder, uploadedAt: row.uploaded_at };
}

export async function findRelease(db: ServerDb, version: string, platform: ReleasePlatform): Promise<StoredRelease | null> {
  const row = await db.selectFrom('releases').selectAll().where('version', '=', version).where('platform', '=', platform).executeTakeFirst();
  return row ? toStoredRelease(row) : null;
}

export async function listReleases(db: ServerDb): Promise<StoredRelease[]> {
  const rows = await db.selectFrom('releases').selectAll().orderBy('uploaded_at').execute();
  return rows.map(toStoredRelease);
}

/** A stored release file by name, and where it is on disk. */
export async function findReleaseFile(db: ServerDb, releasesDir: string, name: string): Promise<(ReleaseFileRow & { path: string }) | null> {
  const row = await db
    .selectFrom('release_files')
    .innerJoin('releases', (join) => join.onRef('releases.version', '=', 'release_files.version').onRef('releases.platform', '=', 'release_files.platform'))
    .select(['release_files.name', 'release_files.version', 'release_files.platform', 'release_files.size', 'release_files.sha512', 'releases.folder'])
    .where('release_files.name', '=', name)
    .executeTakeFirst();
  return row ? { name: row.name, version: row.version, platform: row.platform, size: row.size, sha512: row.sha512, path: join(releasesDir, row.folder, row.name) } : null;
}
