import type { BrowserWindowConstructorOptions } from 'electron';

/**
 * The kiosk window's settings. Pure so that tests can prove each lockdown setting without
 * starting Electron.
 */
export function kioskWindowOptions(preloadPath: string, production: boolean): BrowserWindowConstructorOptions {
  return {
    show: false,
    fullscreen: production,
    kiosk: production,
    autoHideMenuBar: true,
    backgroundColor: '#f7f5ef',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      devTools: !production,
      navigateOnDragDrop: false,
      // A middle click does not open links in new windows (they are denied anyway).
      disableBlinkFeatures: 'Auxclick',
    },
  };
}
