/**
 * The admin CLI's release commands (`npm run admin -- release-…`, docs/updates.md): the province's
 * release key, uploads, promotion, the kill switch, pins and rings, and the kiosks' provisioning
 * files that pin the key. They run on the database directly, or through the running server's
 * loopback route when it holds PGlite's folder.
 */
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { generateReleaseKeyPair, releasePublicKeyOf, signReleaseManifest } from '../../shared/node/release-signing';
import { RELEASE_RINGS, ReleaseRingSchema, type ReleaseRing } from '../../shared/release';
import type { AdminApi } from '../admin-api';
import type { ServerDb } from '../db/connect';
import { HttpError } from '../errors';
import type { ServerNote } from '../server-lock';
import { RELEASE_ADMIN_PATH } from '../updates/feed';
import { MANIFEST_FILE_NAMES, parseManifestText } from '../updates/manifest-file';
import { createReleaseAdmin, type ReleaseAdmin, type UpdateStatus } from '../updates/release-admin';
import { releasesDirFromEnv } from '../updates/releases-dir';
import { PROVISIONING_USAGE, runProvisioningCommand } from './provisioning';

export const RELEASE_USAGE = `  release-key --out <file> [--replace]                  make the province's release key pair: private key to <file>
                                                        (outside the data folder), public key registered and printed
  release-key --key <file> [--replace]                  register the public key of an existing private key
  release-upload <folder> --key <file>                  sign and upload the release electron-builder wrote in <folder>
  releases [--json]                                     key, pause, releases, what each ring is offered, kiosks' updaters
  release-promote <version>                             offer a release to everyone (the pilot ring has it already)
  release-pause | release-resume                        stop every update offer at once, or start again
  release-pin --ring <pilot|everyone> <version>         offer that ring this version, even an older one (rollback)
  release-unpin --ring <pilot|everyone>                 back to the newest release for that ring
  release-ring (--unit <id> | --device <id>) <pilot|everyone|inherit>   put a unit (and those under it) or a kiosk in a ring
${PROVISIONING_USAGE}`;

const COMMANDS = new Set([
  'release-key',
  'release-upload',
  'releases',
  'release-promote',
  'release-pause',
  'release-resume',
  'release-pin',
  'release-unpin',
  'release-ring',
  'provisioning-file',
]);

export function isReleaseCommand(command: string): boolean {
  return COMMANDS.has(command);
}

class ReleaseUsageError extends Error {}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i === -1) return undefined;
  const value = args[i + 1];
  if (value === undefined || value.startsWith('--')) throw new ReleaseUsageError(`${name} needs a value`);
  return value;
}

/** The words of `args` that are neither options nor their values. */
function positional(args: string[], optionsWithValues: string[]): string[] {
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (optionsWithValues.includes(args[i]!)) i++;
    else if (!args[i]!.startsWith('--')) words.push(args[i]!);
  }
  return words;
}

function ringArgument(value: string | undefined, what: string): ReleaseRing {
  const parsed = ReleaseRingSchema.safeParse(value);
  if (!parsed.success) throw new ReleaseUsageError(`${what} must be ${RELEASE_RINGS.join(' or ')}`);
  return parsed.data;
}

/** ReleaseAdmin through the running server's loopback route. */
function remoteReleaseAdmin(note: ServerNote): ReleaseAdmin {
  const call = async (method: string, ...args: unknown[]) => {
    const response = await fetch(`${note.url}${RELEASE_ADMIN_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${note.adminToken}` },
      body: JSON.stringify({ method, args }),
    });
    const json = (await response.json()) as { result?: unknown; error?: string; message?: string };
    if (response.status === 404 && json.error === 'not_found') {
      throw new HttpError(404, 'no_update_feed', 'the running server has no update feed (server/updates is not registered on it)');
    }
    if (!response.ok) throw new HttpError(response.status, json.error ?? 'error', json.message ?? `HTTP ${response.status}`);
    return json.result as never;
  };
  return {
    registerKey: (publicKey, replace) => call('registerKey', publicKey, replace),
    upload: (input) => call('upload', { manifestPath: input.manifestPath, signature: input.signature ?? null }),
    promote: (version) => call('promote', version),
    setPaused: (paused) => call('setPaused', paused),
    pin: (ring, version) => call('pin', ring, version),
    assignRing: (target, ring) => call('assignRing', target, ring),
    status: () => call('status'),
  };
}

function isInside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

function readPrivateKey(path: string): { pem: string; publicKey: string } {
  if (!existsSync(path)) throw new ReleaseUsageError(`no key file ${path}`);
  const pem = readFileSync(path, 'utf8');
  try {
    return { pem, publicKey: releasePublicKeyOf(pem) };
  } catch (error) {
    throw new ReleaseUsageError(`${path} is not the province's release key: ${(error as Error).message}`);
  }
}

function statusText(status: UpdateStatus): string {
  const lines = [
    `release key: ${status.publicKey ?? 'none registered (npm run admin -- release-key --out <file>)'}`,
    `updates: ${status.paused ? 'PAUSED (npm run admin -- release-resume)' : 'on'}`,
    '',
    'releases:',
    ...(status.releases.length === 0
      ? ['  none']
      : status.releases.map(
          (r) =>
            `  ${r.version}  ${r.platform}  uploaded ${new Date(r.uploadedAt).toISOString()}  ${r.promotedAt === null ? 'pilot only' : 'promoted'}  ${r.files.map((f) => f.name).join(', ')}`,
        )),
    '',
    'rings:',
    ...status.rings.map((ring) => {
      const offered = Object.entries(ring.offered)
        .map(([platform, offer]) => `${platform} ${offer ? `${offer.version}${offer.pinned ? ' (pinned)' : ''}` : '-'}`)
        .join(', ');
      const members = [...ring.units.map((u) => `unit ${u}`), ...ring.devices.map((d) => `kiosk ${d}`)];
      return `  ${ring.ring}: ${offered}${ring.pinnedVersion ? `; pinned to ${ring.pinnedVersion}` : ''}${members.length ? `; set for ${members.join(', ')}` : ''}`;
    }),
    '',
    'kiosks:',
    ...(status.kiosks.length === 0
      ? ['  none enrolled']
      : status.kiosks.map((k) => {
          const u = k.updater;
          const state = u
            ? `${u.phase}${u.version ? ` ${u.version}` : ''}${u.waitingFor ? ` (waiting for ${u.waitingFor.replace('_', ' ')})` : ''}${u.error ? `: ${u.error}` : ''}`
            : 'no updater state reported';
          return `  ${k.deviceId}  ${k.name}  ${k.unitId}  runs ${k.appVersion}  ${state}`;
        })),
  ];
  return lines.join('\n');
}

/**
 * Runs one release command; answers the exit code. HttpErrors (a refusal by the server's rules)
 * are thrown for admin.ts to print.
 */
export async function runReleaseCommand(
  command: string,
  args: string[],
  target: { db: ServerDb } | { server: ServerNote },
  serverAdmin: Pick<AdminApi, 'createEnrollmentCode'>,
): Promise<number> {
  const admin = 'server' in target ? remoteReleaseAdmin(target.server) : createReleaseAdmin(target.db, releasesDirFromEnv(), Date.now);
  if (command === 'provisioning-file') {
    return runProvisioningCommand(args, {
      createEnrollmentCode: (input) => serverAdmin.createEnrollmentCode(input),
      releaseKey: async () => (await admin.status()).publicKey,
      now: Date.now(),
    });
  }
  try {
    switch (command) {
      case 'release-key': {
        const out = option(args, '--out');
        const keyFile = option(args, '--key');
        const replace = args.includes('--replace');
        if ((out === undefined) === (keyFile === undefined)) throw new ReleaseUsageError('release-key needs --out <file> (a new key) or --key <file> (an existing one)');
        if (keyFile !== undefined) {
          const { publicKey } = readPrivateKey(resolve(keyFile));
          await admin.registerKey(publicKey, replace);
          console.log(publicKey);
          console.error('registered with the server; pin this public key in the kiosks\' provisioning files (updatePublicKey)');
          return 0;
        }
        const path = resolve(out!);
        const dataFolders = [resolve(process.env.DATA_DIR || './.server-data'), releasesDirFromEnv()];
        if (dataFolders.some((folder) => isInside(folder, path))) {
          throw new ReleaseUsageError(`${path} is inside the server's data folder: keep the private key elsewhere (a USB key, the signing machine)`);
        }
        if (existsSync(path)) throw new ReleaseUsageError(`${path} exists: a key is never overwritten`);
        const keys = generateReleaseKeyPair();
        // Written before it is registered: the server never holds a key whose private part was lost.
        writeFileSync(path, keys.privateKeyPem, { mode: 0o600, flag: 'wx' });
        try {
          await admin.registerKey(keys.publicKey, replace);
        } catch (error) {
          rmSync(path, { force: true });
          throw error;
        }
        console.log(keys.publicKey);
        console.error(`private key written to ${path} (mode 600): keep it safe and out of the data folder, it signs every release`);
        console.error('public key registered with the server; pin it in the kiosks\' provisioning files (updatePublicKey)');
        return 0;
      }
      case 'release-upload': {
        const keyFile = option(args, '--key');
        const [source] = positional(args, ['--key']);
        if (!source || !keyFile) throw new ReleaseUsageError('release-upload needs a folder (or its latest.yml) and --key <private key file>');
        const key = readPrivateKey(resolve(keyFile));
        const sourcePath = resolve(source);
        if (!existsSync(sourcePath)) throw new ReleaseUsageError(`no folder or file ${sourcePath}`);
        const manifests = statSync(sourcePath).isDirectory()
          ? Object.values(MANIFEST_FILE_NAMES).map((name) => join(sourcePath, name)).filter((path) => existsSync(path))
          : [sourcePath];
        if (manifests.length === 0) throw new ReleaseUsageError(`${sourcePath} has neither latest.yml nor latest-linux.yml: is it electron-builder's release/ folder?`);
        for (const manifestPath of manifests) {
          const { manifest } = parseManifestText(readFileSync(manifestPath, 'utf8'), manifestPath.split(/[\\/]/).pop()!);
          const summary = await admin.upload({ manifestPath, signature: signReleaseManifest(manifest, key.pem) });
          console.log(`uploaded ${summary.version} for ${summary.platform}: ${summary.files.map((f) => f.name).join(', ')}`);
        }
        console.error('offered to the pilot ring now; npm run admin -- release-promote <version> offers it to everyone');
        return 0;
      }
      case 'releases': {
        const status = await admin.status();
        console.log(args.includes('--json') ? JSON.stringify(status, null, 2) : statusText(status));
        return 0;
      }
      case 'release-promote': {
        const [version] = positional(args, []);
        if (!version) throw new ReleaseUsageError('release-promote needs a version');
        await admin.promote(version);
        console.log(`${version} is offered to everyone`);
        return 0;
      }
      case 'release-pause':
      case 'release-resume': {
        const paused = command === 'release-pause';
        await admin.setPaused(paused);
        console.log(paused ? 'updates paused: no kiosk is offered a release until release-resume' : 'updates on');
        return 0;
      }
      case 'release-pin':
      case 'release-unpin': {
        const ring = ringArgument(option(args, '--ring'), '--ring');
        const version = command === 'release-pin' ? positional(args, ['--ring'])[0] : null;
        if (command === 'release-pin' && !version) throw new ReleaseUsageError('release-pin needs --ring <ring> and a version');
        await admin.pin(ring, version ?? null);
        console.log(version ? `the ${ring} ring is offered ${version} (pinned)` : `the ${ring} ring is offered the newest release again`);
        return 0;
      }
      case 'release-ring': {
        const unitId = option(args, '--unit');
        const deviceId = option(args, '--device');
        const [ringText] = positional(args, ['--unit', '--device']);
        if ((unitId === undefined) === (deviceId === undefined) || !ringText) {
          throw new ReleaseUsageError('release-ring needs --unit <id> or --device <id>, and pilot, everyone or inherit');
        }
        const ring = ringText === 'inherit' ? null : ringArgument(ringText, 'the ring');
        await admin.assignRing(unitId !== undefined ? { unitId } : { deviceId: deviceId! }, ring);
        console.log(`${unitId !== undefined ? `unit ${unitId}` : `kiosk ${deviceId}`}: ${ring ?? 'ring inherited from its unit'}`);
        return 0;
      }
      default:
        throw new ReleaseUsageError(`unknown command ${command}`);
    }
  } catch (error) {
    if (error instanceof ReleaseUsageError) {
      console.error(`${error.message}\n\nrelease commands:\n${RELEASE_USAGE}`);
      return 2;
    }
    throw error;
  }
}
