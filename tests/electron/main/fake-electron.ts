/**
 * A stand-in for the parts of 'electron' that electron/main/index.ts uses. Tests mock 'electron'
 * with `fake.module` and import the main entry: every handler it registers is captured here, so a
 * test can fire Electron's events and see what main does, without an Electron binary.
 */
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

/** Records listeners, and lets a test fire an event with a preventable event object. */
export class FakeEmitter extends EventEmitter {
  /** Emits with `{preventDefault}` first, as Electron does; true when a listener prevented it. */
  fire(event: string, ...args: unknown[]): boolean {
    const e = { preventDefault: vi.fn() };
    this.emit(event, e, ...args);
    return e.preventDefault.mock.calls.length > 0;
  }
  has(event: string): boolean {
    return this.listenerCount(event) > 0;
  }
}

let nextContentsId = 1;

export class FakeWebContents extends FakeEmitter {
  readonly id = nextContentsId++;
  windowOpenHandler: ((details: { url: string }) => unknown) | null = null;
  readonly forcefullyCrashRenderer = vi.fn();
  readonly setVisualZoomLevelLimits = vi.fn(async () => undefined);
  readonly setZoomLevel = vi.fn();
  setWindowOpenHandler(handler: (details: { url: string }) => unknown) {
    this.windowOpenHandler = handler;
  }
}

export class FakeUtilityProcess extends FakeEmitter {
  readonly postMessage = vi.fn();
  readonly kill = vi.fn(() => true);
}

export function createFakeElectron() {
  /** What happened, in order: lets a test check that something ran before 'ready'. */
  const timeline: string[] = [];
  const state = {
    packaged: true,
    gotLock: true,
    resolveReady: () => {},
    ready: Promise.resolve(),
    windows: [] as FakeBrowserWindow[],
    children: [] as FakeUtilityProcess[],
    /** Runs just before each utility process is forked (lets a test see what was on disk then). */
    beforeFork: null as (() => void) | null,
  };

  class FakeBrowserWindow extends FakeEmitter {
    readonly webContents = new FakeWebContents();
    readonly loadURL = vi.fn(async (url: string) => void timeline.push(`loadURL ${url}`));
    readonly loadFile = vi.fn(async () => undefined);
    readonly show = vi.fn();
    readonly reload = vi.fn();
    readonly focus = vi.fn();
    readonly restore = vi.fn();
    minimized = false;
    destroyed = false;
    constructor(readonly options: Record<string, unknown>) {
      super();
      timeline.push('new BrowserWindow');
      state.windows.push(this);
      // Electron emits this for every webContents, the window's own included.
      app.emit('web-contents-created', { preventDefault: vi.fn() }, this.webContents);
    }
    isMinimized() {
      return this.minimized;
    }
    isDestroyed() {
      return this.destroyed;
    }
  }

  const app = Object.assign(new FakeEmitter(), {
    // A placeholder for the type; the getter below (Object.assign would copy a getter's value once).
    isPackaged: true,
    requestSingleInstanceLock: vi.fn(() => state.gotLock),
    quit: vi.fn(() => void timeline.push('app.quit')),
    whenReady: vi.fn(() => state.ready),
    getPath: vi.fn((name: string) => `/fake/${name}`),
    getVersion: vi.fn(() => '0.1.0'),
    exit: vi.fn((code?: number) => void timeline.push(`app.exit ${code ?? 0}`)),
  });
  Object.defineProperty(app, 'isPackaged', { get: () => state.packaged });

  const protocol = {
    registerSchemesAsPrivileged: vi.fn(() => void timeline.push('registerSchemesAsPrivileged')),
    handle: vi.fn((_scheme: string, _handler: (request: { url: string }) => Promise<Response>) => void timeline.push('protocol.handle')),
  };
  const defaultSession = { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() };
  const ipcMain = { handle: vi.fn(), removeHandler: vi.fn() };
  const powerSaveBlocker = { start: vi.fn(() => 1), stop: vi.fn() };
  const utilityProcess = {
    fork: vi.fn((_modulePath: string, _args: string[], _options: { env: Record<string, string | undefined>; serviceName?: string }) => {
      state.beforeFork?.();
      const child = new FakeUtilityProcess();
      state.children.push(child);
      return child;
    }),
  };
  const Menu = { setApplicationMenu: vi.fn() };
  // For a secret store in main (the device secret of sync): reversible, visibly not plain text.
  const safeStorage = {
    isEncryptionAvailable: vi.fn(() => true),
    encryptString: vi.fn((plain: string) => Buffer.from(`enc:${plain}`, 'utf8')),
    decryptString: vi.fn((encrypted: Buffer) => encrypted.toString('utf8').replace(/^enc:/, '')),
  };

  /** electron-updater's autoUpdater as main sees it (the real one needs Electron's net and app). */
  const autoUpdater = Object.assign(new FakeEmitter(), {
    autoDownload: false,
    autoInstallOnAppQuit: true,
    allowDowngrade: false,
    disableWebInstaller: false,
    isUserWithinRollout: null as ((info: unknown) => boolean | Promise<boolean>) | null,
    setFeedURL: vi.fn(),
    checkForUpdates: vi.fn(async () => null),
  });

  const module = {
    app,
    BrowserWindow: FakeBrowserWindow,
    ipcMain,
    Menu,
    powerSaveBlocker,
    protocol,
    safeStorage,
    session: { defaultSession },
    utilityProcess,
  };

  return {
    module,
    app,
    protocol,
    defaultSession,
    ipcMain,
    powerSaveBlocker,
    utilityProcess,
    Menu,
    safeStorage,
    autoUpdater,
    /** The module to give `vi.mock('electron-updater', …)`. */
    updaterModule: { autoUpdater },
    timeline,
    state,
    /** Fresh state before each import of the main entry. */
    reset({ packaged = true, gotLock = true }: { packaged?: boolean; gotLock?: boolean } = {}) {
      vi.clearAllMocks();
      app.removeAllListeners();
      timeline.length = 0;
      state.packaged = packaged;
      state.gotLock = gotLock;
      state.windows = [];
      state.children = [];
      state.beforeFork = null;
      autoUpdater.removeAllListeners();
      autoUpdater.isUserWithinRollout = null;
      autoUpdater.autoInstallOnAppQuit = true;
      state.ready = new Promise<void>((resolve) => {
        state.resolveReady = resolve;
      });
    },
    /** Fires 'ready': resolves whenReady() and lets main's ready handler run. */
    async emitReady() {
      timeline.push('ready');
      state.resolveReady();
      await state.ready;
      // Main's .then() was chained first, so it has run by now; one more turn for safety.
      await Promise.resolve();
    },
    get window(): FakeBrowserWindow {
      const window = state.windows.at(-1);
      if (!window) throw new Error('main created no window');
      return window;
    },
    get core(): FakeUtilityProcess {
      const child = state.children.at(-1);
      if (!child) throw new Error('main started no core');
      return child;
    },
  };
}

export type FakeElectron = ReturnType<typeof createFakeElectron>;
