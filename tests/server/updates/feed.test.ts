/**
 * The update feed as electron-updater and IT see it: rings, promotion, the kill switch, pins,
 * manifests signed and composed per ring, installers with ETags and (multi-)range requests.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordUpdaterState } from '../../../server/updates/updater-state';
import { releaseSignatureMatches } from '../../../shared/node/release-signing';
import { deviceFeedPath, ringFeedPath } from '../../../shared/release';
import { ADMIN_TOKEN, buildRelease, generateOtherKeys, publishRelease, startFeedServer, type BuiltRelease, type FeedTestServer } from './harness';

let server: FeedTestServer;
let v010: BuiltRelease;
let v020: BuiltRelease;
let pilotKiosk: string;
let otherKiosk: string;
/** What an upload got before the province registered its key (one server start saved: PGlite starts slowly). */
let uploadWithoutKey: unknown;

beforeAll(async () => {
  server = await startFeedServer({ registerKey: false });
  const early = await buildRelease(server.workDir, '0.0.9', server.keys.privateKeyPem);
  uploadWithoutKey = await server.admin.upload({ manifestPath: early.manifestPath, signature: early.signature }).catch((error: unknown) => error);
  await server.admin.registerKey(server.keys.publicKey, false);
  v010 = await publishRelease(server, '0.1.0');
  await server.admin.promote('0.1.0');
  v020 = await publishRelease(server, '0.2.0');
  pilotKiosk = await server.enrolKiosk();
  otherKiosk = await server.enrolKiosk();
  await server.admin.assignRing({ deviceId: pilotKiosk }, 'pilot');
});
afterAll(() => server.close());

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${server.url}${path}`, { headers });

async function offered(deviceId: string): Promise<{ status: number; version?: string; pinned?: boolean; body: Record<string, unknown> }> {
  const response = await get(`${deviceFeedPath(deviceId)}latest.yml?noCache=1`);
  const text = await response.text();
  if (response.status !== 200) return { status: response.status, body: JSON.parse(text) as Record<string, unknown> };
  const body = load(text) as Record<string, unknown>;
  return { status: 200, version: body.version as string, pinned: body.nuCuoiPinned as boolean | undefined, body };
}

describe('rings and promotion', () => {
  it('a pilot kiosk is offered the new version; the others are not until IT promotes it', async () => {
    expect((await offered(pilotKiosk)).version).toBe('0.2.0');
    expect((await offered(otherKiosk)).version).toBe('0.1.0');
    await server.admin.promote('0.2.0');
    expect((await offered(otherKiosk)).version).toBe('0.2.0');
  });

  it('a unit’s ring reaches the kiosks of the units under it, and a kiosk’s own ring wins over its unit’s', async () => {
    const v030 = await publishRelease(server, '0.3.0');
    const communeKiosk = await server.enrolKiosk({ unitId: 'bg-ln-phuongson' });
    expect((await offered(communeKiosk)).version).toBe('0.2.0');
    await server.admin.assignRing({ unitId: 'bg-ln-motcua' }, 'pilot');
    expect((await offered(communeKiosk)).version).toBe(v030.manifest.version);
    await server.admin.assignRing({ deviceId: communeKiosk }, 'everyone');
    expect((await offered(communeKiosk)).version).toBe('0.2.0');
    await server.admin.assignRing({ unitId: 'bg-ln-motcua' }, null);
    await server.admin.assignRing({ deviceId: communeKiosk }, null);
  });

  it('the feed of a ring is there for IT too', async () => {
    const response = await get(`${ringFeedPath('everyone')}latest.yml`);
    expect(response.status).toBe(200);
    expect((load(await response.text()) as { version: string }).version).toBe('0.2.0');
  });

  it('a revoked or unknown kiosk, an unknown ring and another platform get a clear 404', async () => {
    const revoked = await server.enrolKiosk({ revoked: true });
    for (const path of [`${deviceFeedPath(revoked)}latest.yml`, `${deviceFeedPath('no-such-kiosk')}latest.yml`]) {
      const response = await get(path);
      expect(response.status).toBe(404);
      expect(((await response.json()) as { error: string }).error).toBe('unknown_device');
    }
    const ring = await get('/updates/v1/rings/beta/latest.yml');
    expect(ring.status).toBe(404);
    expect(((await ring.json()) as { message: string }).message).toMatch(/pilot and everyone/);
    const linux = await get(`${deviceFeedPath(pilotKiosk)}latest-linux.yml`);
    expect(linux.status).toBe(404);
    expect(((await linux.json()) as { error: string }).error).toBe('no_release');
  });
});

describe('the kill switch and pins', () => {
  it('pausing stops every offer, and resuming brings them back', async () => {
    await server.admin.setPaused(true);
    for (const kiosk of [pilotKiosk, otherKiosk]) {
      const answer = await offered(kiosk);
      expect(answer.status).toBe(404);
      expect(answer.body.error).toBe('updates_paused');
    }
    expect((await server.admin.status()).paused).toBe(true);
    await server.admin.setPaused(false);
    expect((await offered(otherKiosk)).status).toBe(200);
  });

  it('a ring pinned to an earlier version is offered it, marked as pinned; unpinning goes back to the newest', async () => {
    await server.admin.pin('everyone', '0.1.0');
    const pinned = await offered(otherKiosk);
    expect(pinned).toMatchObject({ version: '0.1.0', pinned: true });
    expect((await offered(pilotKiosk)).pinned).toBeUndefined();
    await server.admin.pin('everyone', null);
    expect(await offered(otherKiosk)).toMatchObject({ version: '0.2.0', pinned: undefined });
  });

  it('pinning to a version that does not exist is refused and changes nothing', async () => {
    await expect(server.admin.pin('everyone', '9.9.9')).rejects.toMatchObject({ statusCode: 404, code: 'unknown_version' });
    await expect(server.admin.promote('9.9.9')).rejects.toMatchObject({ statusCode: 404, code: 'unknown_version' });
    expect((await offered(otherKiosk)).version).toBe('0.2.0');
    const status = await server.admin.status();
    expect(status.rings.find((r) => r.ring === 'everyone')?.pinnedVersion).toBeNull();
  });
});

describe('the manifest of a ring', () => {
  it('is latest.yml as uploaded with the province’s signature, which a kiosk can check with the pinned key', async () => {
    const answer = await offered(otherKiosk);
    const files = answer.body.files as { url: string; sha512: string; size: number }[];
    expect(files.map(({ url, sha512, size }) => ({ url, sha512, size }))).toEqual(v020.manifest.files);
    expect(answer.body.releaseDate).toBe('2026-11-20T09:00:00.000Z');
    expect(releaseSignatureMatches({ version: answer.version!, files: v020.manifest.files }, answer.body.nuCuoiSignature, server.keys.publicKey)).toBe(true);
  });

  it('has a content type, an ETag that answers 304, and may not be cached without asking', async () => {
    const path = `${deviceFeedPath(otherKiosk)}latest.yml`;
    const first = await get(path);
    expect(first.headers.get('content-type')).toMatch(/^application\/yaml/);
    expect(first.headers.get('cache-control')).toBe('no-cache');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect((await get(path, { 'if-none-match': etag })).status).toBe(304);
    await server.admin.pin('everyone', '0.1.0');
    expect((await get(path, { 'if-none-match': etag })).status).toBe(200);
    await server.admin.pin('everyone', null);
  });
});

describe('installers and blockmaps', () => {
  const installerPath = () => `${deviceFeedPath(otherKiosk)}${v020.installerName}`;

  it('are served whole with their content type, size, ETag and Accept-Ranges, and cached for good', async () => {
    const response = await get(installerPath());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.microsoft.portable-executable');
    expect(response.headers.get('accept-ranges')).toBe('bytes');
    expect(response.headers.get('cache-control')).toMatch(/immutable/);
    expect(Number(response.headers.get('content-length'))).toBe(v020.content.length);
    expect(Buffer.from(await response.arrayBuffer()).equals(v020.content)).toBe(true);
    const etag = response.headers.get('etag')!;
    expect((await get(installerPath(), { 'if-none-match': etag })).status).toBe(304);
    const blockmap = await get(`${installerPath()}.blockmap`);
    expect(blockmap.status).toBe(200);
    expect(blockmap.headers.get('content-type')).toBe('application/octet-stream');
    expect(Buffer.from(await blockmap.arrayBuffer()).equals(readFileSync(`${v020.installerPath}.blockmap`))).toBe(true);
  });

  it('answer a range with 206 and exactly those bytes, and a suffix range with the last bytes', async () => {
    const one = await get(installerPath(), { range: 'bytes=100-199' });
    expect(one.status).toBe(206);
    expect(one.headers.get('content-range')).toBe(`bytes 100-199/${v020.content.length}`);
    expect(Buffer.from(await one.arrayBuffer()).equals(v020.content.subarray(100, 200))).toBe(true);
    const suffix = await get(installerPath(), { range: 'bytes=-10' });
    expect(suffix.status).toBe(206);
    expect(Buffer.from(await suffix.arrayBuffer()).equals(v020.content.subarray(-10))).toBe(true);
    const open = await get(installerPath(), { range: `bytes=${v020.content.length - 5}-` });
    expect(Buffer.from(await open.arrayBuffer()).equals(v020.content.subarray(-5))).toBe(true);
  });

  it('answer several ranges with 206 multipart/byteranges, each part with its Content-Range and bytes', async () => {
    const ranges = [
      [0, 9],
      [1000, 1999],
      [300_000, 300_499],
      [v020.content.length - 3, v020.content.length - 1],
    ] as const;
    const response = await get(installerPath(), { range: `bytes=${ranges.map(([a, b]) => `${a}-${b}`).join(', ')}` });
    expect(response.status).toBe(206);
    const boundary = /^multipart\/byteranges; boundary=(\S+)$/.exec(response.headers.get('content-type') ?? '')?.[1];
    expect(boundary).toBeTruthy();
    const body = Buffer.from(await response.arrayBuffer());
    expect(Number(response.headers.get('content-length'))).toBe(body.length);
    const parts = splitMultipart(body, boundary!);
    expect(parts).toHaveLength(ranges.length);
    for (const [index, [start, end]] of ranges.entries()) {
      expect(parts[index]!.headers['content-range']).toBe(`bytes ${start}-${end}/${v020.content.length}`);
      expect(parts[index]!.headers['content-type']).toBe('application/vnd.microsoft.portable-executable');
      expect(parts[index]!.data.equals(v020.content.subarray(start, end + 1))).toBe(true);
    }
  });

  it('answer 416 to ranges past the end, and the whole file when If-Range names another version of it', async () => {
    const past = await get(installerPath(), { range: `bytes=${v020.content.length}-` });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${v020.content.length}`);
    const stale = await get(installerPath(), { range: 'bytes=0-9', 'if-range': '"another-version"' });
    expect(stale.status).toBe(200);
    expect(Number(stale.headers.get('content-length'))).toBe(v020.content.length);
  });

  it('any release’s files are in every feed (a differential download reads the running version’s blockmap)', async () => {
    const old = await get(`${deviceFeedPath(pilotKiosk)}${v010.installerName}.blockmap`);
    expect(old.status).toBe(200);
  });

  it('unknown names and names that try to leave the folder are 404', async () => {
    for (const name of ['nu-cuoi-setup-9.9.9-x64.exe', '..%2F..%2Fetc%2Fpasswd', '%2E%2E', '.incoming-x', 'latest-mac.yml']) {
      expect((await get(`${deviceFeedPath(otherKiosk)}${name}`)).status, name).toBe(404);
    }
  });
});

describe('uploads', () => {
  const releaseFolders = () => readdirSync(server.releasesDir).sort();

  it('a manifest signed with another key, without a signature, or a file that is not what it says is refused, and nothing is stored', async () => {
    const before = releaseFolders();
    const other = generateOtherKeys();
    const signedElsewhere = await buildRelease(server.workDir, '0.4.0', other.privateKeyPem);
    await expect(server.admin.upload({ manifestPath: signedElsewhere.manifestPath, signature: signedElsewhere.signature })).rejects.toMatchObject({
      statusCode: 400,
      code: 'bad_signature',
    });
    await expect(server.admin.upload({ manifestPath: signedElsewhere.manifestPath, signature: null })).rejects.toMatchObject({ statusCode: 400, code: 'missing_signature' });

    const tampered = await buildRelease(server.workDir, '0.4.0', server.keys.privateKeyPem);
    const bytes = Buffer.from(tampered.content);
    bytes[1234] = (bytes[1234]! + 1) % 256;
    writeFileSync(tampered.installerPath, bytes);
    await expect(server.admin.upload({ manifestPath: tampered.manifestPath, signature: tampered.signature })).rejects.toMatchObject({
      statusCode: 400,
      code: 'file_mismatch',
      message: expect.stringMatching(/sha512 differs/),
    });
    writeFileSync(tampered.installerPath, Buffer.concat([tampered.content, Buffer.from('x')]));
    await expect(server.admin.upload({ manifestPath: tampered.manifestPath, signature: tampered.signature })).rejects.toMatchObject({ code: 'file_mismatch' });

    expect(releaseFolders()).toEqual(before);
    expect((await server.admin.status()).releases.map((r) => r.version)).not.toContain('0.4.0');
    expect((await offered(pilotKiosk)).version).not.toBe('0.4.0');
  });

  it('a manifest that is not one, a release already there, or a missing installer is refused clearly', async () => {
    const release = await buildRelease(server.workDir, '0.5.0', server.keys.privateKeyPem);
    writeFileSync(release.manifestPath, 'version: [unclosed');
    await expect(server.admin.upload({ manifestPath: release.manifestPath, signature: release.signature })).rejects.toMatchObject({ code: 'invalid_manifest' });
    writeFileSync(release.manifestPath, 'version: 0.5.0\nfiles: []\n');
    await expect(server.admin.upload({ manifestPath: release.manifestPath, signature: release.signature })).rejects.toMatchObject({ code: 'invalid_manifest' });
    const again = await buildRelease(server.workDir, '0.2.0', server.keys.privateKeyPem);
    await expect(server.admin.upload({ manifestPath: again.manifestPath, signature: again.signature })).rejects.toMatchObject({ statusCode: 409, code: 'release_exists' });
    const missing = await buildRelease(server.workDir, '0.6.0', server.keys.privateKeyPem);
    const { rmSync } = await import('node:fs');
    rmSync(missing.installerPath);
    await expect(server.admin.upload({ manifestPath: missing.manifestPath, signature: missing.signature })).rejects.toMatchObject({ code: 'file_missing' });
  });

  it('through the running server’s admin route: the same clear 4xx, and only from loopback with the admin token', async () => {
    const other = generateOtherKeys();
    const release = await buildRelease(server.workDir, '0.7.0', other.privateKeyPem);
    const call = (body: unknown, token = ADMIN_TOKEN) =>
      fetch(`${server.url}/admin/v1/releases`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
    const refused = await call({ method: 'upload', args: [{ manifestPath: release.manifestPath, signature: release.signature }] });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: 'bad_signature', message: expect.stringMatching(/does not match the province's release key/) });
    expect((await call({ method: 'status', args: [] }, 'wrong-token')).status).toBe(403);
    expect((await call({ method: 'pin', args: ['everyone', '9.9.9'] })).status).toBe(404);
    expect((await call({ method: 'pin', args: ['beta', '0.1.0'] })).status).toBe(400);
    const status = await call({ method: 'status', args: [] });
    expect(status.status).toBe(200);
    expect(((await status.json()) as { result: { publicKey: string } }).result.publicKey).toBe(server.keys.publicKey);
  });

  it('no upload is accepted before the province registered its key; a second key needs --replace', async () => {
    expect(uploadWithoutKey).toMatchObject({ statusCode: 409, code: 'no_release_key', message: expect.stringMatching(/release-key/) });
    await expect(server.admin.registerKey('not-a-key', false)).rejects.toMatchObject({ code: 'invalid_key' });
    await server.admin.registerKey(server.keys.publicKey, false);
    await expect(server.admin.registerKey(generateOtherKeys().publicKey, false)).rejects.toMatchObject({ statusCode: 409, code: 'key_in_force' });
    expect((await server.admin.status()).publicKey).toBe(server.keys.publicKey);
  });
});

describe('updater states reported by kiosks', () => {
  it('are kept per kiosk for the fleet page, and a state that is not one is refused', async () => {
    const state = { phase: 'ready' as const, version: '0.2.0', waitingFor: 'quiet_hours' as const, error: null, since: server.clock.now };
    await recordUpdaterState(server.db, pilotKiosk, state, server.clock.now);
    const kiosks = (await server.admin.status()).kiosks;
    expect(kiosks.find((k) => k.deviceId === pilotKiosk)).toMatchObject({ updater: state, reportedAt: server.clock.now });
    expect(kiosks.find((k) => k.deviceId === otherKiosk)).toMatchObject({ updater: null, reportedAt: null });
    await expect(recordUpdaterState(server.db, otherKiosk, { ...state, phase: 'exploded' } as never, server.clock.now)).rejects.toThrow();
    expect((await server.admin.status()).kiosks.find((k) => k.deviceId === otherKiosk)?.updater).toBeNull();
  });
});

/** Splits a multipart/byteranges body into its parts (headers lower-cased). */
function splitMultipart(body: Buffer, boundary: string): { headers: Record<string, string>; data: Buffer }[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: { headers: Record<string, string>; data: Buffer }[] = [];
  let at = body.indexOf(delimiter);
  expect(at).toBe(0);
  while (at !== -1) {
    const afterDelimiter = at + delimiter.length;
    if (body.subarray(afterDelimiter, afterDelimiter + 2).toString() === '--') break;
    const headerEnd = body.indexOf('\r\n\r\n', afterDelimiter);
    const headers = Object.fromEntries(
      body
        .subarray(afterDelimiter + 2, headerEnd)
        .toString()
        .split('\r\n')
        .map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]),
    );
    const next = body.indexOf(Buffer.from(`\r\n--${boundary}`), headerEnd);
    parts.push({ headers, data: body.subarray(headerEnd + 4, next) });
    at = next + 2;
  }
  return parts;
}
