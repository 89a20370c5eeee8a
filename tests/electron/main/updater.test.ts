/**
 * The kiosk's self-update against a real feed: the server's update plugin on 127.0.0.1 with real
 * releases (blockmaps made by electron-builder), read and downloaded by the real electron-updater
 * (its NSIS and deb updaters, with a Node HTTP client instead of Electron's net), judged by the
 * kiosk's updater. Electron itself is not needed: updater.ts never imports it.
 */
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request, type IncomingMessage, type RequestOptions } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppAdapter } from 'electron-updater/out/AppAdapter';
import { ElectronHttpExecutor } from 'electron-updater/out/electronHttpExecutor';
import { DebUpdater, NsisUpdater, type AppUpdater } from 'electron-updater';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { handOffUpdate, MANIFEST_SIGNATURE_FILE, MANIFEST_TEXT_FILE, REQUEST_FILE } from '../../../electron/main/install-handoff';
import { RatingFlowWatch } from '../../../electron/main/rating-flows';
import { HELPER_GRACE_MS, KioskUpdater, type InstallWindow, type KioskUpdaterOptions } from '../../../electron/main/updater';
import { verifyStagedUpdate } from '../../../electron/main/verify-update';
import { fileSha512, generateReleaseKeyPair, parseReleasePublicKey, signReleaseManifest } from '../../../shared/node/release-signing';
import { deviceFeedPath } from '../../../shared/release';
import { publishRelease, startFeedServer, type BuiltRelease, type FeedTestServer } from '../../server/updates/harness';

/** electron-updater's own HTTP client (downloads, ranges, sha512 checks) over Node's http instead of Electron's net. */
class NodeHttpExecutor extends ElectronHttpExecutor {
  override createRequest(options: RequestOptions, callback: (response: IncomingMessage) => void): ReturnType<ElectronHttpExecutor['createRequest']> {
    return request(options, callback) as unknown as ReturnType<ElectronHttpExecutor['createRequest']>;
  }
  // The feed answers without redirects.
  override addRedirectHandlers(): void {}
}

/** electron-updater's view of the app, as Electron would give it, in a folder of the test's own. */
class TestApp implements AppAdapter {
  readonly name = 'nu-cuoi';
  readonly isPackaged = true;
  constructor(
    readonly version: string,
    private readonly dir: string,
  ) {
    mkdirSync(dir, { recursive: true });
    // What electron-builder writes into resources/ from electron-builder.yml's publish section.
    writeFileSync(this.appUpdateConfigPath, 'provider: generic\nurl: https://nu-cuoi-feed.invalid/\nupdaterCacheDirName: nu-cuoi-updater\n');
  }
  get appUpdateConfigPath() {
    return join(this.dir, 'app-update.yml');
  }
  get userDataPath() {
    return join(this.dir, 'userData');
  }
  get baseCachePath() {
    return join(this.dir, 'cache');
  }
  whenReady() {
    return Promise.resolve();
  }
  relaunch() {}
  quit() {}
  onQuit() {}
}

let server: FeedTestServer;
let v010: BuiltRelease;
let v020: BuiltRelease;
let v020linux: BuiltRelease;
let kiosksDir: string;
const updaters: KioskUpdater[] = [];

beforeAll(async () => {
  server = await startFeedServer();
  v010 = await publishRelease(server, '0.1.0');
  await server.admin.promote('0.1.0');
  v020 = await publishRelease(server, '0.2.0');
  v020linux = await publishRelease(server, '0.2.0', { platform: 'linux' });
  kiosksDir = mkdtempSync(join(tmpdir(), 'nucuoi-kiosks-'));
});
afterEach(() => {
  vi.useRealTimers();
  for (const updater of updaters.splice(0)) updater.stop();
});
afterAll(async () => {
  await server.close();
  rmSync(kiosksDir, { recursive: true, force: true });
});

interface TestKiosk {
  deviceId: string;
  updater: KioskUpdater;
  engine: AppUpdater;
  window: InstallWindow;
  flows: RatingFlowWatch;
  machineDir: string;
  cacheDir: string;
}

/** A kiosk running `version`, enrolled with the test server, with its updater (not started: the test drives it). */
async function kiosk(
  version: string,
  { platform = 'windows', ring, publicKey = server.keys.publicKey, runningInstaller }: { platform?: 'windows' | 'linux'; ring?: 'pilot'; publicKey?: string; runningInstaller?: Buffer } = {},
): Promise<TestKiosk> {
  const deviceId = await server.enrolKiosk();
  if (ring) await server.admin.assignRing({ deviceId }, ring);
  const dir = join(kiosksDir, deviceId);
  const app = new TestApp(version, dir);
  const engine = platform === 'windows' ? new NsisUpdater(null, app) : new DebUpdater(null, app);
  const internals = engine as unknown as { httpExecutor: unknown; _testOnlyOptions: unknown };
  internals.httpExecutor = new NodeHttpExecutor();
  // The NSIS updater as on Windows (its feed file is latest.yml there); a differential download
  // when the running version's installer is in its cache (in test mode electron-updater does not
  // fall back to a full download, so the test says which it expects).
  if (platform === 'windows') internals._testOnlyOptions = { platform: 'win32', isUseDifferentialDownload: runningInstaller !== undefined };
  engine.logger = null;
  const cacheDir = join(app.baseCachePath, 'nu-cuoi-updater');
  if (runningInstaller) {
    // The installer of the running version, which a differential download reuses blocks of.
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(join(cacheDir, 'installer.exe'), runningInstaller);
  }
  const machineDir = join(dir, 'machine');
  const window: InstallWindow = { quietHours: [], ratingFlowOpen: false };
  const flows = new RatingFlowWatch();
  const options: KioskUpdaterOptions = {
    engine,
    currentVersion: version,
    publicKey: parseReleasePublicKey(publicKey),
    feedUrl: async () => `${server.url}${deviceFeedPath(deviceId)}`,
    installWindow: async () => ({ quietHours: window.quietHours, ratingFlowOpen: window.ratingFlowOpen || flows.isOpen(30_000) }),
    handOff: (update) => handOffUpdate({ inboxDir: join(machineDir, 'updates', 'inbox') }, update),
    helperResult: () => null,
    log: (line) => { if (process.env.UPDATER_TEST_LOG) console.log(line); },
  };
  const updater = new KioskUpdater(options);
  updaters.push(updater);
  return { deviceId, updater, engine, window, flows, machineDir, cacheDir };
}

const installerRequests = (name: string) => server.requests.filter((r) => r.path.endsWith(`/${name}`));

describe('offers, with the real electron-updater on the real feed', () => {
  it('a pilot kiosk is offered the new version and downloads it differentially; a kiosk of everyone is not, until IT promotes it', async () => {
    const pilot = await kiosk('0.1.0', { ring: 'pilot', runningInstaller: v010.content });
    const other = await kiosk('0.1.0');
    expect(await pilot.updater.checkNow()).toMatchObject({ phase: 'ready', version: '0.2.0', waitingFor: 'quiet_hours', error: null });
    // Only the changed blocks were fetched, several in one multi-range request.
    const ranged = installerRequests(v020.installerName).filter((r) => r.range?.includes(','));
    expect(ranged.length).toBeGreaterThan(0);
    expect(await other.updater.checkNow()).toMatchObject({ phase: 'idle', version: null });
    await server.admin.promote('0.2.0');
    expect(await other.updater.checkNow()).toMatchObject({ phase: 'ready', version: '0.2.0' });
  });

  it('a Linux kiosk is offered the deb of the same release', async () => {
    const linux = await kiosk('0.1.0', { platform: 'linux', ring: 'pilot' });
    expect(await linux.updater.checkNow()).toMatchObject({ phase: 'ready', version: '0.2.0' });
    expect(installerRequests(v020linux.installerName).length).toBeGreaterThan(0);
  });

  it('pausing stops offers; resuming brings them back', async () => {
    const paused = await kiosk('0.1.0', { ring: 'pilot' });
    await server.admin.setPaused(true);
    try {
      expect(await paused.updater.checkNow()).toMatchObject({ phase: 'idle', error: null });
    } finally {
      await server.admin.setPaused(false);
    }
    expect(await paused.updater.checkNow()).toMatchObject({ phase: 'ready', version: '0.2.0' });
  });

  it('an earlier version is taken as a downgrade only when IT pinned the ring to it', async () => {
    const newer = await kiosk('0.2.0');
    const ahead = await kiosk('0.3.0');
    expect(await ahead.updater.checkNow()).toMatchObject({ phase: 'idle' });
    await server.admin.pin('everyone', '0.1.0');
    try {
      expect(await newer.updater.checkNow()).toMatchObject({ phase: 'ready', version: '0.1.0' });
    } finally {
      await server.admin.pin('everyone', null);
    }
  });

  it('a release whose signature does not match the pinned key is refused before any download, and reported', async () => {
    const otherKey = generateReleaseKeyPair().publicKey;
    const mispinned = await kiosk('0.1.0', { ring: 'pilot', publicKey: otherKey });
    const before = installerRequests(v020.installerName).length;
    expect(await mispinned.updater.checkNow()).toMatchObject({
      phase: 'failed',
      version: '0.2.0',
      error: expect.stringMatching(/signature of 0\.2\.0 does not match the pinned release key/),
    });
    expect(installerRequests(v020.installerName).length).toBe(before);
  });

  it('a served installer that is not the signed one (wrong sha512) is refused and reported, and nothing is handed off', async () => {
    const release = await publishRelease(server, '0.2.1');
    const stored = (await server.db.selectFrom('releases').select('folder').where('version', '=', '0.2.1').executeTakeFirstOrThrow()).folder;
    const onDisk = join(server.releasesDir, stored, release.installerName);
    const bytes = readFileSync(onDisk);
    bytes[10] = (bytes[10]! + 1) % 256;
    writeFileSync(onDisk, bytes);
    const victim = await kiosk('0.1.0', { ring: 'pilot' });
    victim.window.quietHours = ['00:00-23:59'];
    const state = await victim.updater.checkNow();
    expect(state).toMatchObject({ phase: 'failed', version: '0.2.1', error: expect.stringMatching(/sha512/i) });
    expect(() => readFileSync(join(victim.machineDir, 'updates', 'inbox', REQUEST_FILE))).toThrow(/ENOENT/);
    await server.db.deleteFrom('release_files').where('version', '=', '0.2.1').execute();
    await server.db.deleteFrom('releases').where('version', '=', '0.2.1').execute();
  });
});

describe('installing (fake timers)', () => {
  /** UTC ms of a Vietnam wall-clock time on 23 November 2026. */
  const vn = (h: number, m: number, s = 0) => Date.UTC(2026, 10, 23, h - 7, m, s);

  it('waits for the quiet hours and for the end of an open rating flow, then hands the verified file to the install helper', async () => {
    const k = await kiosk('0.1.0', { ring: 'pilot' });
    expect(await k.updater.checkNow()).toMatchObject({ phase: 'ready', version: '0.2.0', waitingFor: 'quiet_hours' });

    vi.useFakeTimers({ now: vn(9, 30) });
    k.window.quietHours = ['12:00-13:00'];
    expect(await k.updater.tryInstallNow()).toMatchObject({ phase: 'ready', waitingFor: 'quiet_hours' });
    await vi.advanceTimersByTimeAsync(vn(11, 59, 30) - Date.now());
    expect(k.updater.state).toMatchObject({ phase: 'ready', waitingFor: 'quiet_hours' });
    // A citizen touches the screen just before the quiet hours start…
    k.flows.observeInput();
    await vi.advanceTimersByTimeAsync(vn(12, 0, 30) - Date.now());
    expect(k.updater.state).toMatchObject({ phase: 'ready', waitingFor: 'rating_flow' });
    // …and submits a rating, whose details stay open.
    k.flows.observeCall('submitRating', { flowId: 'f' }, { ok: true, value: { id: 'r1', seq: 1, createdAt: Date.now() } });
    await vi.advanceTimersByTimeAsync(3 * 60_000);
    expect(k.updater.state).toMatchObject({ phase: 'ready', waitingFor: 'rating_flow' });
    k.flows.observeCall('finishRating', { id: 'r1' }, { ok: true, value: { id: 'r1', seq: 1, createdAt: Date.now() } });
    await vi.advanceTimersByTimeAsync(2 * 60_000);
    expect(k.updater.state).toMatchObject({ phase: 'installing', version: '0.2.0' });

    // The inbox holds the verified installer and what the helper needs to check it again.
    const inbox = join(k.machineDir, 'updates', 'inbox');
    expect(readFileSync(join(inbox, REQUEST_FILE), 'utf8')).toBe(`file=${v020.installerName}\nversion=0.2.0\n`);
    expect(createHash('sha512').update(readFileSync(join(inbox, v020.installerName))).digest('base64')).toBe(v020.manifest.files[0]!.sha512);
    expect(readFileSync(join(inbox, MANIFEST_TEXT_FILE), 'utf8')).toMatch(/^nu-cuoi release v1\nversion 0\.2\.0\n/);
    expect(readFileSync(join(inbox, MANIFEST_SIGNATURE_FILE), 'utf8').trim()).toBe(v020.signature);
    vi.useRealTimers();
    expect(await verifyStagedUpdate(inbox, parseReleasePublicKey(server.keys.publicKey))).toEqual({ ok: true, version: '0.2.0', file: v020.installerName });
  });
});

describe('states, with a stand-in for electron-updater', () => {
  const keys = generateReleaseKeyPair();
  const signed = async (version: string, bytes: Buffer) => {
    const path = join(kiosksDir, `stand-in-${version}-${bytes[0]}.exe`);
    writeFileSync(path, bytes);
    const { sha512, size } = await fileSha512(path);
    const manifest = { version, files: [{ url: `nu-cuoi-setup-${version}-x64.exe`, sha512, size }] };
    return { path, info: { ...manifest, path: manifest.files[0]!.url, sha512, releaseDate: 'x', nuCuoiSignature: signReleaseManifest(manifest, keys.privateKeyPem) } };
  };

  /** Answers checkForUpdates as electron-updater does: asks isUserWithinRollout, then downloads. */
  function standIn(answer: () => Promise<{ info: Record<string, unknown>; download: string } | Error>) {
    const engine = Object.assign(new EventEmitter(), {
      autoDownload: false,
      autoInstallOnAppQuit: true,
      allowDowngrade: false,
      disableWebInstaller: false,
      isUserWithinRollout: (_info: unknown): boolean | Promise<boolean> => true,
      setFeedURL: vi.fn(),
      checkForUpdates: vi.fn(async () => {
        const next = await answer();
        if (next instanceof Error) throw next;
        const available = await engine.isUserWithinRollout(next.info);
        return { isUpdateAvailable: available, updateInfo: next.info, downloadPromise: available ? Promise.resolve([next.download]) : null };
      }),
    });
    return engine;
  }

  function updaterWith(engine: ReturnType<typeof standIn>, overrides: Partial<KioskUpdaterOptions> = {}) {
    const handedOff: unknown[] = [];
    const updater = new KioskUpdater({
      engine: engine as unknown as KioskUpdaterOptions['engine'],
      currentVersion: '0.1.0',
      publicKey: parseReleasePublicKey(keys.publicKey),
      feedUrl: async () => 'http://127.0.0.1:9/updates/v1/devices/d/',
      installWindow: async () => ({ quietHours: ['00:00-23:59'], ratingFlowOpen: false }),
      handOff: (update) => void handedOff.push(update),
      helperResult: () => null,
      log: () => {},
      ...overrides,
    });
    updaters.push(updater);
    return { updater, handedOff };
  }

  it('never lets electron-updater install on quit, and leaves downgrades to the policy', () => {
    const engine = standIn(async () => new Error('unused'));
    updaterWith(engine);
    expect(engine).toMatchObject({ autoInstallOnAppQuit: false, allowDowngrade: true, autoDownload: true, disableWebInstaller: true });
  });

  it('leaves the Authenticode check to the install helper (electron-updater’s would start PowerShell)', async () => {
    const nsis = await kiosk('0.1.0');
    await expect((nsis.engine as unknown as { verifyUpdateCodeSignature: (names: string[], file: string) => Promise<string | null> }).verifyUpdateCodeSignature(['Tỉnh Bắc Giang'], 'x.exe')).resolves.toBeNull();
  });

  it('without a pinned key reports why and never reads the feed', async () => {
    const engine = standIn(async () => new Error('unused'));
    const { updater } = updaterWith(engine, { publicKey: null, keyProblem: 'provisioning file refused: updatePublicKey: missing' });
    expect(updater.state).toMatchObject({ phase: 'failed', error: 'provisioning file refused: updatePublicKey: missing' });
    await updater.checkNow();
    expect(engine.checkForUpdates).not.toHaveBeenCalled();
  });

  it('is idle while the kiosk is not enrolled, and when the feed offers nothing (404)', async () => {
    const engine = standIn(async () => Object.assign(new Error('Cannot find channel "latest.yml"'), { code: 'ERR_UPDATER_CHANNEL_FILE_NOT_FOUND' }));
    const notEnrolled = updaterWith(engine, { feedUrl: async () => null });
    expect(await notEnrolled.updater.checkNow()).toMatchObject({ phase: 'idle' });
    expect(engine.checkForUpdates).not.toHaveBeenCalled();
    expect(await updaterWith(engine).updater.checkNow()).toMatchObject({ phase: 'idle', error: null });
  });

  it('reports a network failure as failed, with the reason', async () => {
    const engine = standIn(async () => new Error('net::ERR_CONNECTION_REFUSED\n  at stack'));
    expect(await updaterWith(engine).updater.checkNow()).toMatchObject({ phase: 'failed', error: 'net::ERR_CONNECTION_REFUSED' });
  });

  it('refuses a downloaded file that is not the one the signature covers', async () => {
    const offer = await signed('0.2.0', Buffer.alloc(1000, 1));
    const other = await signed('0.2.0', Buffer.alloc(1000, 2));
    const engine = standIn(async () => ({ info: offer.info, download: other.path }));
    const { updater, handedOff } = updaterWith(engine);
    expect(await updater.checkNow()).toMatchObject({ phase: 'failed', version: '0.2.0', error: expect.stringMatching(/not the signed release/) });
    expect(handedOff).toEqual([]);
  });

  it('reports a hand-off that fails', async () => {
    const offer = await signed('0.2.0', Buffer.alloc(1000, 1));
    const engine = standIn(async () => ({ info: offer.info, download: offer.path }));
    const { updater } = updaterWith(engine, {
      handOff: () => {
        throw new Error('EACCES: permission denied, open /var/lib/nu-cuoi/updates/inbox/request');
      },
    });
    expect(await updater.checkNow()).toMatchObject({ phase: 'failed', error: expect.stringMatching(/could not hand the update to the install helper: EACCES/) });
  });

  it('says installed after the helper installed the running version, and failed when it refused one', () => {
    const engine = standIn(async () => new Error('unused'));
    const installed = updaterWith(engine, { helperResult: () => ({ version: '0.1.0', ok: true, message: 'installed', at: '2026-11-23T05:10:00Z' }) });
    expect(installed.updater.state).toEqual({ phase: 'installed', version: '0.1.0', error: null, since: Date.parse('2026-11-23T05:10:00Z') });
    const refused = updaterWith(engine, { helperResult: () => ({ version: '0.2.0', ok: false, message: 'signature does not match', at: '2026-11-23T05:10:00Z' }) });
    expect(refused.updater.state).toMatchObject({ phase: 'failed', version: '0.2.0', error: 'the install helper refused it: signature does not match' });
  });

  it('while installing, reports the helper’s refusal, or its silence after a grace period', async () => {
    const offer = await signed('0.2.0', Buffer.alloc(1000, 1));
    let result: ReturnType<KioskUpdaterOptions['helperResult']> = null;
    const engine = standIn(async () => ({ info: offer.info, download: offer.path }));
    const { updater } = updaterWith(engine, { helperResult: () => result });
    expect(await updater.checkNow()).toMatchObject({ phase: 'installing', version: '0.2.0' });
    result = { version: '0.2.0', ok: false, message: 'installer exited with 2', at: '2026-11-23T05:10:00Z' };
    expect(await updater.checkNow()).toMatchObject({ phase: 'failed', error: 'the install helper refused it: installer exited with 2' });

    vi.useFakeTimers({ now: Date.UTC(2026, 10, 23, 5) });
    const silent = updaterWith(standIn(async () => ({ info: offer.info, download: offer.path })));
    expect(await silent.updater.checkNow()).toMatchObject({ phase: 'installing' });
    vi.setSystemTime(Date.now() + HELPER_GRACE_MS + 1);
    expect(await silent.updater.checkNow()).toMatchObject({ phase: 'failed', error: expect.stringMatching(/did not install it/) });
  });

  it('reads the feed a while after start, then every hour', async () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 10, 23, 5) });
    const engine = standIn(async () => Object.assign(new Error('none'), { code: 'ERR_UPDATER_CHANNEL_FILE_NOT_FOUND' }));
    const { updater } = updaterWith(engine, { firstCheckDelayMs: 120_000, checkIntervalMs: 3_600_000 });
    updater.start();
    await vi.advanceTimersByTimeAsync(119_000);
    expect(engine.checkForUpdates).toHaveBeenCalledTimes(0);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(engine.checkForUpdates).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(engine.checkForUpdates).toHaveBeenCalledTimes(2);
    updater.stop();
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(engine.checkForUpdates).toHaveBeenCalledTimes(2);
  });
});
