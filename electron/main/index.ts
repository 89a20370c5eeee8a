/**
 * Electron main: the only code that imports 'electron'. It stays thin: a locked-down kiosk
 * window, the app:// protocol, sender-checked IPC, and the core hosted in a utility process.
 */
import { app, BrowserWindow, ipcMain, powerSaveBlocker, protocol, session, utilityProcess } from 'electron';
import { join } from 'node:path';
import { APP_ENTRY_URL, APP_ORIGIN, APP_SCHEME, APP_SCHEME_PRIVILEGES, handleAppRequest } from './app-protocol';
import { CoreProcess } from './core-process';
import { registerKioskIpc } from './ipc';
import { lockDownContents, lockDownSession } from './lockdown';
import { kioskWindowOptions } from './window-options';

const production = app.isPackaged;
const distDir = join(__dirname, '..', '..');
const log = (line: string) => console.error(`[kiosk] ${line}`);

// Must run before 'ready': app:// is a secure, standard origin with fetch support.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let kioskWindow: BrowserWindow | null = null;

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
  });

  const createWindow = () => {
    const window = new BrowserWindow(kioskWindowOptions(join(distDir, 'electron', 'preload', 'index.cjs'), production));
    kioskWindow = window;
    window.once('ready-to-show', () => window.show());
    // A crashed or killed renderer comes back by itself: the kiosk never shows a dead page.
    window.webContents.on('render-process-gone', (_event, details) => {
      log(`renderer gone (${details.reason}); reloading`);
      if (!window.isDestroyed()) window.reload();
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

  void app.whenReady().then(() => {
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
}
