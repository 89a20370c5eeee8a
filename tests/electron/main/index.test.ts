/**
 * The main entry, with 'electron' replaced by a fake: each test imports electron/main/index.ts
 * afresh and drives the events Electron would fire.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { generateReleaseKeyPair } from '../../../shared/node/release-signing';
import { ipcChannel, KIOSK_METHOD_NAMES } from '../../../shared/contract';
import { RENDERER_CSP } from '../../../shared/csp';
import { uuidv7 } from '../../../shared/uuid';
import type { FakeUtilityProcess, FakeWebContents } from './fake-electron';

const fake = await vi.hoisted(async () => (await import('./fake-electron')).createFakeElectron());
vi.mock('electron', () => fake.module);
vi.mock('electron-updater', () => fake.updaterModule);

const savedDataDir = process.env.KIOSK_DATA_DIR;
const savedDemo = process.env.KIOSK_DEMO;
const savedMachineDir = process.env.NUCUOI_MACHINE_DIR;
/** The machine folders of every test (no test reads this machine's /etc/nu-cuoi). */
const machineDir = mkdtempSync(join(tmpdir(), 'nucuoi-main-machine-'));

async function startMain(options: { packaged?: boolean; gotLock?: boolean; ready?: boolean } = {}) {
  fake.reset(options);
  vi.resetModules();
  await import('../../../electron/main/index');
  if (options.ready !== false) await fake.emitReady();
}

beforeEach(() => {
  delete process.env.KIOSK_DATA_DIR;
  delete process.env.KIOSK_DEMO;
  rmSync(machineDir, { recursive: true, force: true });
  mkdirSync(machineDir);
  process.env.NUCUOI_MACHINE_DIR = machineDir;
  vi.spyOn(console, 'error').mockImplementation(() => {});
  vi.spyOn(console, 'log').mockImplementation(() => {});
});

afterEach(() => {
  // Stops the test's main, its updater and its core: a core left running restarts its child when
  // the next test resets the fakes, and that child — the next test's fake.core — would be told
  // this main's updater state (seen on a loaded machine).
  fake.app.emit('window-all-closed');
  vi.useRealTimers();
  vi.restoreAllMocks();
  if (savedDataDir === undefined) delete process.env.KIOSK_DATA_DIR;
  else process.env.KIOSK_DATA_DIR = savedDataDir;
  if (savedDemo === undefined) delete process.env.KIOSK_DEMO;
  else process.env.KIOSK_DEMO = savedDemo;
  if (savedMachineDir === undefined) delete process.env.NUCUOI_MACHINE_DIR;
  else process.env.NUCUOI_MACHINE_DIR = savedMachineDir;
});

afterAll(() => rmSync(machineDir, { recursive: true, force: true }));

/** The handler main registered with ipcMain.handle for a channel. */
function ipcHandler(channel: string) {
  const call = fake.ipcMain.handle.mock.calls.find(([name]) => name === channel) as
    | [string, (event: unknown, payload: unknown) => Promise<unknown>]
    | undefined;
  if (!call) throw new Error(`no IPC handler on ${channel}`);
  return call[1];
}

function ipcEvent(sender: FakeWebContents, url = 'app://kiosk/index.html', parent: object | null = null) {
  return { sender, senderFrame: { url, parent } };
}

describe('single instance', () => {
  it('a second instance quits without opening a window, starting a core or keeping the display awake', async () => {
    await startMain({ gotLock: false });
    expect(fake.app.requestSingleInstanceLock).toHaveBeenCalledTimes(1);
    expect(fake.app.quit).toHaveBeenCalled();
    expect(fake.state.windows).toHaveLength(0);
    expect(fake.utilityProcess.fork).not.toHaveBeenCalled();
    expect(fake.ipcMain.handle).not.toHaveBeenCalled();
    expect(fake.powerSaveBlocker.start).not.toHaveBeenCalled();
  });

  it('the first instance brings its window back when a second one is started', async () => {
    await startMain();
    fake.window.minimized = true;
    fake.app.emit('second-instance', {}, ['nu-cuoi'], '/');
    expect(fake.window.restore).toHaveBeenCalled();
    expect(fake.window.focus).toHaveBeenCalled();
    expect(fake.state.windows).toHaveLength(1);
  });
});

describe('app:// protocol', () => {
  it('registers app:// as privileged before ready, and handles it only once ready', async () => {
    await startMain({ ready: false });
    expect(fake.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }),
    ]);
    expect(fake.protocol.handle).not.toHaveBeenCalled();
    await fake.emitReady();
    expect(fake.timeline.indexOf('registerSchemesAsPrivileged')).toBeLessThan(fake.timeline.indexOf('ready'));
    expect(fake.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
  });

  it('loads the renderer from app://kiosk/index.html, never from file://', async () => {
    await startMain();
    expect(fake.window.loadURL).toHaveBeenCalledExactlyOnceWith('app://kiosk/index.html');
    expect(fake.window.loadFile).not.toHaveBeenCalled();
    expect(fake.timeline.indexOf('protocol.handle')).toBeLessThan(fake.timeline.indexOf('loadURL app://kiosk/index.html'));
  });

  it('serves the renderer folder with the CSP and refuses to leave it', async () => {
    await startMain();
    const handle = fake.protocol.handle.mock.calls[0]?.[1];
    if (!handle) throw new Error('app:// not handled');
    // Under test, main's dist folder is the repository, so its renderer folder has the source index.html.
    const entry = await handle({ url: 'app://kiosk/index.html' });
    expect(entry.status).toBe(200);
    expect(entry.headers.get('content-security-policy')).toBe(RENDERER_CSP);
    expect((await handle({ url: 'app://kiosk/%2e%2e/package.json' })).status).toBe(404);
    expect((await handle({ url: 'app://elsewhere/index.html' })).status).toBe(404);
  });
});

describe('the kiosk window', () => {
  it('in production: kiosk, fullscreen, isolated, sandboxed, no Node, no DevTools', async () => {
    await startMain({ packaged: true });
    const { options } = fake.window;
    expect(options).toMatchObject({ kiosk: true, fullscreen: true, show: false });
    expect(options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      devTools: false,
      preload: expect.stringMatching(/electron[/\\]preload[/\\]index\.cjs$/),
    });
  });

  it('in development: a normal window with DevTools, still isolated and sandboxed', async () => {
    await startMain({ packaged: false });
    expect(fake.window.options).toMatchObject({ kiosk: false, fullscreen: false });
    expect(fake.window.options.webPreferences).toMatchObject({ devTools: true, contextIsolation: true, sandbox: true, nodeIntegration: false });
  });

  it('is shown once ready to show', async () => {
    await startMain();
    expect(fake.window.show).not.toHaveBeenCalled();
    fake.window.emit('ready-to-show');
    expect(fake.window.show).toHaveBeenCalledTimes(1);
  });

  it('reloads when its renderer process is gone (crash, kill, out of memory)', async () => {
    await startMain();
    fake.window.webContents.fire('render-process-gone', { reason: 'crashed', exitCode: 1 });
    expect(fake.window.reload).toHaveBeenCalledTimes(1);
    fake.window.webContents.fire('render-process-gone', { reason: 'oom', exitCode: 1 });
    expect(fake.window.reload).toHaveBeenCalledTimes(2);
  });

  it('does not touch a window that is already destroyed', async () => {
    await startMain();
    fake.window.destroyed = true;
    fake.window.webContents.fire('render-process-gone', { reason: 'killed', exitCode: 9 });
    expect(fake.window.reload).not.toHaveBeenCalled();
  });

  it('restarts a renderer that stays unresponsive (a script stuck in a loop)', async () => {
    vi.useFakeTimers();
    await startMain();
    const { webContents } = fake.window;
    webContents.fire('unresponsive');
    await vi.advanceTimersByTimeAsync(9_999);
    expect(webContents.forcefullyCrashRenderer).not.toHaveBeenCalled();
    webContents.fire('unresponsive'); // reported again: still one restart, on the first report's clock
    await vi.advanceTimersByTimeAsync(1);
    expect(webContents.forcefullyCrashRenderer).toHaveBeenCalledTimes(1);
    expect(fake.window.reload).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(webContents.forcefullyCrashRenderer).toHaveBeenCalledTimes(1);
  });

  it('leaves a renderer alone that answers again within the grace period', async () => {
    vi.useFakeTimers();
    await startMain();
    const { webContents } = fake.window;
    webContents.fire('unresponsive');
    await vi.advanceTimersByTimeAsync(5_000);
    webContents.fire('responsive');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(webContents.forcefullyCrashRenderer).not.toHaveBeenCalled();
    expect(fake.window.reload).not.toHaveBeenCalled();
  });

  it('refuses pinch zoom, zooming and the context menu on the kiosk window', async () => {
    await startMain();
    const { webContents } = fake.window;
    webContents.emit('did-finish-load');
    expect(webContents.setVisualZoomLevelLimits).toHaveBeenCalledWith(1, 1);
    webContents.fire('zoom-changed', 'in');
    expect(webContents.setZoomLevel).toHaveBeenCalledWith(0);
    expect(webContents.fire('context-menu', { x: 1, y: 1 })).toBe(true);
  });

  it('keeps the display awake', async () => {
    await startMain();
    expect(fake.powerSaveBlocker.start).toHaveBeenCalledExactlyOnceWith('prevent-display-sleep');
  });

  it('removes the default menu (and its reload, DevTools, zoom and quit accelerators) in production', async () => {
    await startMain({ packaged: true });
    expect(fake.Menu.setApplicationMenu).toHaveBeenCalledWith(null);
  });

  it('keeps the default menu during development', async () => {
    await startMain({ packaged: false });
    expect(fake.Menu.setApplicationMenu).not.toHaveBeenCalled();
  });

  const key = (key: string, modifiers: Partial<Record<'control' | 'shift' | 'alt' | 'meta', boolean>> = {}) => ({
    type: 'keyDown',
    key,
    control: false,
    shift: false,
    alt: false,
    meta: false,
    ...modifiers,
  });

  it('blocks DevTools, reload and zoom shortcuts in production but lets typing through', async () => {
    await startMain({ packaged: true });
    const contents = fake.window.webContents;
    expect(contents.fire('before-input-event', key('I', { control: true, shift: true }))).toBe(true);
    expect(contents.fire('before-input-event', key('F12'))).toBe(true);
    expect(contents.fire('before-input-event', key('r', { control: true }))).toBe(true);
    expect(contents.fire('before-input-event', key('F5'))).toBe(true);
    expect(contents.fire('before-input-event', key('=', { control: true }))).toBe(true);
    expect(contents.fire('before-input-event', key('a'))).toBe(false);
    expect(contents.fire('before-input-event', key('Đ', { shift: true }))).toBe(false);
    expect(contents.fire('before-input-event', key('Enter'))).toBe(false);
  });

  it('leaves shortcuts alone during development', async () => {
    await startMain({ packaged: false });
    expect(fake.window.webContents.has('before-input-event')).toBe(false);
  });
});

describe('lockdown of every webContents', () => {
  it('the kiosk page cannot navigate, be redirected, open windows or attach webviews', async () => {
    await startMain();
    const contents = fake.window.webContents;
    expect(contents.fire('will-navigate', 'https://example.com/')).toBe(true);
    expect(contents.fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(contents.fire('will-navigate', 'app://kiosk/index.html')).toBe(false);
    expect(contents.fire('will-redirect', 'https://example.com/')).toBe(true);
    expect(contents.fire('will-attach-webview', {}, {})).toBe(true);
    expect(contents.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
  });

  it('any other webContents that appears is locked down the same way', async () => {
    await startMain();
    const { FakeWebContents } = await import('./fake-electron');
    const other = new FakeWebContents();
    fake.app.fire('web-contents-created', other);
    expect(other.fire('will-navigate', 'https://example.com/')).toBe(true);
    expect(other.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
  });

  it('the session denies every permission but the video camera', async () => {
    await startMain();
    const request = fake.defaultSession.setPermissionRequestHandler.mock.calls[0]?.[0] as
      | ((contents: unknown, permission: string, callback: (granted: boolean) => void, details: unknown) => void)
      | undefined;
    expect(request).toBeTypeOf('function');
    const answer = (permission: string, details: unknown) => {
      const callback = vi.fn();
      request?.(null, permission, callback, details);
      return callback.mock.calls[0]?.[0];
    };
    expect(answer('media', { mediaTypes: ['video'] })).toBe(true);
    expect(answer('media', { mediaTypes: ['audio'] })).toBe(false);
    expect(answer('geolocation', {})).toBe(false);
    expect(fake.defaultSession.setPermissionCheckHandler).toHaveBeenCalled();
  });

  it('refuses a bad TLS certificate explicitly', async () => {
    await startMain();
    const callback = vi.fn();
    const prevented = fake.app.fire('certificate-error', {}, 'https://evil.example/', 'net::ERR_CERT_AUTHORITY_INVALID', {}, callback);
    expect(prevented).toBe(true);
    expect(callback).toHaveBeenCalledExactlyOnceWith(false);
  });
});

describe('the core in a utilityProcess', () => {
  it('forks the core bundle with the kiosk data folder (the userData folder by default)', async () => {
    await startMain({ packaged: true });
    expect(fake.utilityProcess.fork).toHaveBeenCalledTimes(1);
    const [modulePath, args, options] = fake.utilityProcess.fork.mock.calls[0] ?? [];
    if (!modulePath || !options) throw new Error('core not forked');
    expect(modulePath.endsWith(join('electron', 'core', 'utility.cjs'))).toBe(true);
    expect(args).toEqual([]);
    expect(options.env.KIOSK_DATA_DIR).toBe('/fake/userData');
    expect(options.env.KIOSK_DEMO).toBe('0');
    expect(options.serviceName).toBeTruthy();
  });

  it('honours KIOSK_DATA_DIR, and seeds demo data during development', async () => {
    process.env.KIOSK_DATA_DIR = '/srv/kiosk-data';
    await startMain({ packaged: false });
    const options = fake.utilityProcess.fork.mock.calls[0]?.[2];
    expect(options?.env.KIOSK_DATA_DIR).toBe('/srv/kiosk-data');
    expect(options?.env.KIOSK_DEMO).toBe('1');
  });

  it('is not started before ready', async () => {
    await startMain({ ready: false });
    expect(fake.utilityProcess.fork).not.toHaveBeenCalled();
    expect(fake.state.windows).toHaveLength(0);
  });

  it('restarts the core after it exits', async () => {
    vi.useFakeTimers();
    await startMain();
    const first = fake.core;
    first.emit('exit', 1);
    expect(fake.utilityProcess.fork).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(500);
    expect(fake.utilityProcess.fork).toHaveBeenCalledTimes(2);
    expect(fake.core).not.toBe(first);
  });

  it('stops the core when the last window closes and the app quits', async () => {
    await startMain();
    const core = fake.core;
    fake.app.emit('window-all-closed');
    expect(core.kill).toHaveBeenCalled();
    expect(fake.app.quit).toHaveBeenCalled();
  });

  it('stops the core on any quit, without restarting it', async () => {
    vi.useFakeTimers();
    await startMain();
    const core = fake.core;
    fake.app.fire('before-quit');
    expect(core.kill).toHaveBeenCalled();
    core.emit('exit', 0);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(fake.utilityProcess.fork).toHaveBeenCalledTimes(1);
  });
});

describe('IPC from the renderer to the core', () => {
  const draft = () => ({ flowId: uuidv7(), scale: 'vn3', score: 3, locale: 'vi' });
  /** The KioskApi calls main relayed (not the self-updater's state, which main sends on its own). */
  const posted = (core: FakeUtilityProcess) =>
    core.postMessage.mock.calls.map(([message]) => message as { id: number; method: string; payload: unknown }).filter((message) => 'method' in message);

  it('handles every KioskApi channel', async () => {
    await startMain();
    const channels = fake.ipcMain.handle.mock.calls.map(([channel]) => channel);
    expect(channels.sort()).toEqual(KIOSK_METHOD_NAMES.map(ipcChannel).sort());
  });

  it('relays a valid call from the kiosk frame to the core and answers with what the core says', async () => {
    await startMain();
    const payload = draft();
    const pending = ipcHandler('kiosk:submitRating')(ipcEvent(fake.window.webContents), payload);
    const [request] = posted(fake.core);
    expect(request).toEqual({ id: expect.any(Number), method: 'submitRating', payload });
    const saved = { ok: true, value: { id: payload.flowId, seq: 1, createdAt: 1 } };
    fake.core.emit('message', { id: request?.id, result: saved });
    await expect(pending).resolves.toEqual(saved);
  });

  it.each([
    ['another webContents', () => ipcEvent({ id: fake.window.webContents.id + 100 } as FakeWebContents)],
    ['a subframe of the kiosk window', () => ipcEvent(fake.window.webContents, 'app://kiosk/index.html', {})],
    ['the kiosk window on a web page', () => ipcEvent(fake.window.webContents, 'https://example.com/')],
  ])('drops a call from %s before it reaches the core', async (_name, event) => {
    await startMain();
    const result = await ipcHandler('kiosk:submitRating')(event(), draft());
    expect(result).toMatchObject({ ok: false, error: { code: 'refused' } });
    expect(posted(fake.core)).toEqual([]);
  });

  it('refuses a malformed payload before it reaches the core', async () => {
    await startMain();
    const result = await ipcHandler('kiosk:submitRating')(ipcEvent(fake.window.webContents), { ...draft(), score: 9 });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(posted(fake.core)).toEqual([]);
  });

  it('a call in flight when the core dies fails as storage_unavailable', async () => {
    await startMain();
    const pending = ipcHandler('kiosk:submitRating')(ipcEvent(fake.window.webContents), draft());
    fake.core.emit('exit', 1);
    await expect(pending).resolves.toMatchObject({ ok: false, error: { code: 'storage_unavailable' } });
  });
});

describe('provisioning and the self-update', () => {
  const keys = generateReleaseKeyPair();
  const provision = (fields: Record<string, unknown> = {}) =>
    writeFileSync(
      join(machineDir, 'provisioning.json'),
      JSON.stringify({ serverUrl: 'https://nucuoi.bacgiang.gov.vn', enrollmentCode: 'K7QM-4XZ2-9RTB', updatePublicKey: keys.publicKey, ...fields }),
    );
  /**
   * Answers the core's calls the way a core would, for the methods the updater asks. Every forked
   * child answers: a core of an earlier test may still be restarted (on its real timer) meanwhile.
   */
  const answerCore = (answers: Record<string, unknown>) => {
    for (const child of fake.state.children) {
      child.postMessage.mockImplementation((message: { id: number; method: string }) => {
        if (message.method in answers) queueMicrotask(() => child.emit('message', { id: message.id, result: { ok: true, value: answers[message.method] } }));
      });
    }
  };

  it('hands the machine provisioning file’s enrolment to the core before the core starts', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'nucuoi-main-data-'));
    try {
      process.env.KIOSK_DATA_DIR = dataDir;
      provision();
      let handedBeforeFork = false;
      fake.reset();
      fake.state.beforeFork = () => {
        handedBeforeFork = existsSync(join(dataDir, 'provisioning.json'));
      };
      vi.resetModules();
      await import('../../../electron/main/index');
      await fake.emitReady();
      expect(handedBeforeFork).toBe(true);
      expect(JSON.parse(readFileSync(join(dataDir, 'provisioning.json'), 'utf8'))).toEqual({
        serverUrl: 'https://nucuoi.bacgiang.gov.vn',
        enrollmentCode: 'K7QM-4XZ2-9RTB',
      });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('in production, reads the feed of the kiosk’s ring on the server it is enrolled with, judging offers with the pinned key', async () => {
    vi.useFakeTimers();
    provision();
    process.env.KIOSK_DATA_DIR = mkdtempSync(join(tmpdir(), 'nucuoi-main-data-'));
    await startMain({ packaged: true });
    expect(fake.autoUpdater).toMatchObject({ autoInstallOnAppQuit: false, allowDowngrade: true, isUserWithinRollout: expect.any(Function) });
    answerCore({ getSyncStatus: { enrolled: true, serverUrl: 'https://nucuoi.bacgiang.gov.vn', serverDeviceId: '019aa7e0-0b5e-7c4d-8a1e-5f3b2c9d0e11' } });
    await vi.advanceTimersByTimeAsync(119_000);
    expect(fake.autoUpdater.checkForUpdates).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1_000);
    // The check asks the core (a few turns of messages) before it reads the feed.
    await vi.waitFor(() => expect(fake.autoUpdater.checkForUpdates).toHaveBeenCalledTimes(1));
    expect(fake.autoUpdater.setFeedURL).toHaveBeenCalledWith({
      provider: 'generic',
      url: 'https://nucuoi.bacgiang.gov.vn/updates/v1/devices/019aa7e0-0b5e-7c4d-8a1e-5f3b2c9d0e11/',
    });
    // An unsigned offer is refused by the hook electron-updater asks.
    expect(await fake.autoUpdater.isUserWithinRollout?.({ version: '0.2.0', files: [{ url: 'a.exe', sha512: `${'A'.repeat(86)}==`, size: 1 }] })).toBe(false);
    rmSync(process.env.KIOSK_DATA_DIR, { recursive: true, force: true });
  });

  it('in production, tells the core the self-updater’s state (for its heartbeat) on a message of its own', async () => {
    vi.useFakeTimers();
    provision();
    process.env.KIOSK_DATA_DIR = mkdtempSync(join(tmpdir(), 'nucuoi-main-data-'));
    try {
      await startMain({ packaged: true });
      expect(fake.core.postMessage).toHaveBeenCalledWith({ type: 'updater-state', state: expect.objectContaining({ phase: 'idle', version: null, error: null }) });
    } finally {
      fake.app.emit('window-all-closed'); // stops this main's updater, whose timers would outlive the test
      rmSync(process.env.KIOSK_DATA_DIR, { recursive: true, force: true });
    }
  });

  it('in development, never updates itself', async () => {
    vi.useFakeTimers();
    provision();
    process.env.KIOSK_DATA_DIR = join(machineDir, 'data');
    await startMain({ packaged: false });
    await vi.advanceTimersByTimeAsync(3 * 3_600_000);
    expect(fake.autoUpdater.isUserWithinRollout).toBeNull();
    expect(fake.autoUpdater.checkForUpdates).not.toHaveBeenCalled();
    expect(fake.core.postMessage).not.toHaveBeenCalledWith(expect.objectContaining({ type: 'updater-state' }));
  });

  it('--verify-update checks a staged update and exits, with no window, no core and no single-instance lock', async () => {
    const saved = process.argv;
    process.argv = [...saved, '--verify-update', join(machineDir, 'nothing-here')];
    try {
      provision();
      await startMain({ ready: false });
      await vi.waitFor(() => expect(fake.app.exit).toHaveBeenCalledWith(1));
      expect(console.log).toHaveBeenCalledWith(expect.stringMatching(/^refused: .*lacks the request/));
      // No lock asked: the branch that makes the core, the window and the IPC never ran.
      expect(fake.app.requestSingleInstanceLock).not.toHaveBeenCalled();
      expect(fake.ipcMain.handle).not.toHaveBeenCalled();
      expect(fake.state.windows).toHaveLength(0);
    } finally {
      process.argv = saved;
    }
  });
});
