/**
 * Electron main: the only code that imports 'electron'. It stays thin: a locked-down kiosk
 * window, the app:// protocol, sender-checked IPC, and the core hosted in a utility process.
 */
import { app, BrowserWindow, ipcMain, Menu, powerSaveBlocker, protocol, safeStorage, session, utilityProcess } from 'electron';
import { join } from 'node:path';
import { APP_ENTRY_URL, APP_ORIGIN, APP_SCHEME, APP_SCHEME_PRIVILEGES, handleAppRequest } from './app-protocol';
import { CoreProcess } from './core-process';
import { createDeviceSecretHandler } from './device-secret';
import { registerKioskIpc } from './ipc';
import { isBlockedShortcut, lockDownContents, lockDownSession } from './lockdown';
import { kioskWindowOptions } from './window-options';

const production = app.isPackaged;
const distDir = join(__dirname, '..', '..');
const log = (line: string) => console.error(`[kiosk] ${line}`);
/** How long a renderer reported unresponsive may stay so before it is restarted. */
const HANG_GRACE_MS = 10_000;

// Must run before 'ready': app:// is a secure, standard origin with fetch support.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let kioskWindow: BrowserWindow | null = null;

  let deviceSecret: ReturnType<typeof createDeviceSecretHandler> | undefined;
  const core = new CoreProcess({
    fork: () =>
      utilityProcess.fork(join(distDir, 'electron', 'core', 'utility.cjs'), [], {
        serviceName: 'Nụ cười core',
        env: {
          ...process.env,
          KIOSK_DATA_DIR: process.env.KIOSK_DATA_DIR || app.getPath('userData'),
          KIOSK_DEMO: production && process.env.KIOSK_DEMO !== '1' ? '0' : '1',
        },
      }),
    log,
    // The device secret, encrypted with safeStorage here in main (the utility process has no safeStorage).
    onSecretRequest: (request) => {
      deviceSecret ??= createDeviceSecretHandler({ safeStorage, dir: process.env.KIOSK_DATA_DIR || app.getPath('userData'), log });
      return deviceSecret(request);
    },
  });

  const createWindow = () => {
    const window = new BrowserWindow(kioskWindowOptions(join(distDir, 'electron', 'preload', 'index.cjs'), production));
    kioskWindow = window;
    window.once('ready-to-show', () => window.show());
    if (production) {
      // No DevTools, reload, zoom or close from a keyboard plugged into a production kiosk.
      window.webContents.on('before-input-event', (event, input) => {
        if (isBlockedShortcut(input)) event.preventDefault();
      });
    }
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
    core.start();
    registerKioskIpc({
      ipcMain,
      kioskWebContentsId: () => kioskWindow?.webContents.id ?? null,
      forward: (method, payload) => core.call(method, payload),
      log,
    });
    powerSaveBlocker.start('prevent-display-sleep');
    createWindow();
  });

  app.on('window-all-closed', () => {
    core.stop();
    app.quit();
  });

  // However the app is asked to quit (IT staff, an update, the OS shutting down), the core stops
  // first and is not restarted behind the quitting app.
  app.on('before-quit', () => core.stop());
}
