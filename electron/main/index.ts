/**
 * Electron main: the only code that imports 'electron'. It stays thin: a locked-down kiosk
 * window, the app:// protocol, sender-checked IPC, the core hosted in a utility process, and the
 * self-update (updater.ts), each decided by a small module of its own.
 */
import { app, BrowserWindow, ipcMain, Menu, powerSaveBlocker, protocol, safeStorage, session, utilityProcess } from 'electron';
import { autoUpdater } from 'electron-updater';
import { join } from 'node:path';
import type { KioskState } from '../../shared/contract';
import { deviceFeedPath } from '../../shared/release';
import type { SyncStatus } from '../../shared/sync-status';
import { APP_ENTRY_URL, APP_ORIGIN, APP_SCHEME, APP_SCHEME_PRIVILEGES, handleAppRequest } from './app-protocol';
import { CoreProcess } from './core-process';
import { createDeviceSecretHandler } from './device-secret';
import { handOffUpdate, readHelperResult } from './install-handoff';
import { registerKioskIpc } from './ipc';
import { isBlockedShortcut, lockDownContents, lockDownSession, lockDownTouch } from './lockdown';
import { machineFolders } from './machine-folders';
import { applyMachineProvisioning, readMachineProvisioning } from './machine-provisioning';
import { RatingFlowWatch } from './rating-flows';
import { KioskUpdater } from './updater';
import { VERIFY_UPDATE_FLAG, verifyStagedUpdate } from './verify-update';
import { kioskWindowOptions } from './window-options';

const production = app.isPackaged;
const distDir = join(__dirname, '..', '..');
const log = (line: string) => console.error(`[kiosk] ${line}`);
/** How long a renderer reported unresponsive may stay so before it is restarted. */
const HANG_GRACE_MS = 10_000;
const verifyUpdateAt = process.argv.indexOf(VERIFY_UPDATE_FLAG);

// Must run before 'ready': app:// is a secure, standard origin with fetch support.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

if (verifyUpdateAt !== -1) {
  // The Windows install helper's check (verify-update.ts): no window, no core, no lock; an exit code.
  const read = readMachineProvisioning(machineFolders().provisioningFile, Date.now());
  void verifyStagedUpdate(process.argv[verifyUpdateAt + 1] ?? '', read.kind === 'read' ? read.publicKey : null).then(
    (check) => {
      console.log(check.ok ? `verified ${check.file} (${check.version})` : `refused: ${check.reason}`);
      app.exit(check.ok ? 0 : 1);
    },
    (error: unknown) => {
      console.log(`refused: ${(error as Error).message}`);
      app.exit(1);
    },
  );
} else if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let kioskWindow: BrowserWindow | null = null;
  const dataDir = () => process.env.KIOSK_DATA_DIR || app.getPath('userData');
  const flows = new RatingFlowWatch();
  /** The self-update; its `state` is what the heartbeat reports. */
  let updater: KioskUpdater | null = null;

  let deviceSecret: ReturnType<typeof createDeviceSecretHandler> | undefined;
  const core = new CoreProcess({
    fork: () =>
      utilityProcess.fork(join(distDir, 'electron', 'core', 'utility.cjs'), [], {
        serviceName: 'Nụ cười core',
        env: {
          ...process.env,
          KIOSK_DATA_DIR: dataDir(),
          KIOSK_DEMO: production && process.env.KIOSK_DEMO !== '1' ? '0' : '1',
        },
      }),
    log,
    // The device secret, encrypted with safeStorage here in main (the utility process has no safeStorage).
    onSecretRequest: (request) => {
      deviceSecret ??= createDeviceSecretHandler({ safeStorage, dir: dataDir(), log });
      return deviceSecret(request);
    },
  });

  const createWindow = () => {
    const window = new BrowserWindow(kioskWindowOptions(join(distDir, 'electron', 'preload', 'index.cjs'), production));
    kioskWindow = window;
    window.once('ready-to-show', () => window.show());
    lockDownTouch(window.webContents);
    if (production) {
      // No DevTools, reload, zoom or close from a keyboard plugged into a production kiosk.
      window.webContents.on('before-input-event', (event, input) => {
        if (isBlockedShortcut(input)) event.preventDefault();
      });
    }
    // Someone touching the screen may be about to rate: no update installs then.
    window.webContents.on('input-event', () => flows.observeInput());
    // A crashed or killed renderer comes back by itself: the kiosk never shows a dead page.
    window.webContents.on('render-process-gone', (_event, details) => {
      log(`renderer gone (${details.reason}); reloading`);
      if (!window.isDestroyed()) window.reload();
    });
    // A renderer stuck in a loop never comes back by itself: once Chromium reports it unresponsive
    // and it stays so for a grace period, kill it and load the kiosk again.
    let hang: ReturnType<typeof setTimeout> | null = null;
    window.webContents.on('unresponsive', () => {
      log('renderer unresponsive');
      hang ??= setTimeout(() => {
        hang = null;
        if (window.isDestroyed()) return;
        log(`renderer still unresponsive after ${HANG_GRACE_MS} ms; restarting it`);
        window.webContents.forcefullyCrashRenderer();
        window.reload();
      }, HANG_GRACE_MS);
    });
    window.webContents.on('responsive', () => {
      if (hang) clearTimeout(hang);
      hang = null;
    });
    window.on('closed', () => {
      kioskWindow = null;
    });
    void window.loadURL(APP_ENTRY_URL);
  };

  app.on('second-instance', () => {
    if (kioskWindow?.isMinimized()) kioskWindow.restore();
    kioskWindow?.focus();
  });

  app.on('web-contents-created', (_event, contents) => lockDownContents(contents, APP_ORIGIN));

  // The kiosk loads nothing over TLS itself; should anything try, a bad certificate is refused
  // (Electron's default), and said in the log.
  app.on('certificate-error', (event, _contents, url, error, _certificate, callback) => {
    event.preventDefault();
    log(`certificate error for ${url} (${error}); refused`);
    callback(false);
  });

  void app.whenReady().then(() => {
    // The default menu's accelerators (reload, DevTools, zoom, quit) stay for development only.
    if (production) Menu.setApplicationMenu(null);
    protocol.handle(APP_SCHEME, (request) => handleAppRequest(request, join(distDir, 'renderer')));
    lockDownSession(session.defaultSession);
    const folders = machineFolders();
    // Before the core starts: it reads the enrolment this hands it.
    const provisioning = applyMachineProvisioning({ file: folders.provisioningFile, dataDir: dataDir(), now: Date.now(), log });
    core.start();
    registerKioskIpc({
      ipcMain,
      kioskWebContentsId: () => kioskWindow?.webContents.id ?? null,
      forward: async (method, payload) => {
        const result = await core.call(method, payload);
        flows.observeCall(method, payload, result);
        return result;
      },
      log,
    });
    powerSaveBlocker.start('prevent-display-sleep');
    createWindow();
    // A development build does not update itself (electron-updater only runs packaged).
    if (production) {
      updater = new KioskUpdater({
        engine: autoUpdater,
        currentVersion: app.getVersion(),
        publicKey: provisioning.kind === 'ok' ? provisioning.publicKey : null,
        keyProblem: provisioning.kind === 'invalid' ? `provisioning file refused: ${provisioning.reason}` : null,
        feedUrl: async () => {
          const status = await core.call('getSyncStatus', undefined);
          const sync = status.ok ? (status.value as SyncStatus) : null;
          return sync?.enrolled && sync.serverUrl && sync.serverDeviceId ? `${sync.serverUrl}${deviceFeedPath(sync.serverDeviceId)}` : null;
        },
        installWindow: async () => {
          const state = await core.call('getKioskState', undefined);
          if (!state.ok) throw new Error(state.error.message);
          const { settings } = state.value as KioskState;
          return { quietHours: settings.updateQuietHours, ratingFlowOpen: flows.isOpen(settings.idleTimeoutMs) };
        },
        handOff: (update) => handOffUpdate(folders, update),
        helperResult: () => readHelperResult(folders),
        // The core reports it in its heartbeat: the fleet page shows each kiosk's update.
        onState: (state) => core.updaterStateChanged(state),
        log,
      });
      updater.start();
    }
  });

  app.on('window-all-closed', () => {
    updater?.stop();
    core.stop();
    app.quit();
  });

  // However the app is asked to quit (IT staff, an update, the OS shutting down), the core stops
  // first and is not restarted behind the quitting app.
  app.on('before-quit', () => {
    updater?.stop();
    core.stop();
  });
}
