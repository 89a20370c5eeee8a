import { describe, expect, it } from 'vitest';
import { kioskWindowOptions } from '../../../electron/main/window-options';

const PRELOAD = '/opt/nu-cuoi/resources/app.asar/dist/electron/preload/index.cjs';

describe('the kiosk window', () => {
  it('covers the whole screen in kiosk mode in production', () => {
    const options = kioskWindowOptions(PRELOAD, true);
    expect(options.kiosk).toBe(true);
    expect(options.fullscreen).toBe(true);
  });

  it('is an ordinary window during development, so a developer can reach other windows', () => {
    const options = kioskWindowOptions(PRELOAD, false);
    expect(options.kiosk).toBe(false);
    expect(options.fullscreen).toBe(false);
  });

  it('stays hidden until the page is ready, so a citizen never sees a blank flash', () => {
    expect(kioskWindowOptions(PRELOAD, true).show).toBe(false);
  });

  describe.each([
    ['production', true],
    ['development', false],
  ])('web preferences in %s', (_name, production) => {
    const prefs = kioskWindowOptions(PRELOAD, production).webPreferences ?? {};

    it('isolates the preload from the page (contextIsolation)', () => {
      expect(prefs.contextIsolation).toBe(true);
    });

    it('runs the renderer in the OS sandbox', () => {
      expect(prefs.sandbox).toBe(true);
    });

    it('gives the page, its workers and its frames no Node', () => {
      expect(prefs.nodeIntegration).toBe(false);
      expect(prefs.nodeIntegrationInWorker).toBe(false);
      expect(prefs.nodeIntegrationInSubFrames).toBe(false);
    });

    it('keeps web security on and allows no insecure content, no <webview>', () => {
      expect(prefs.webSecurity).toBe(true);
      expect(prefs.allowRunningInsecureContent).toBe(false);
      expect(prefs.webviewTag).toBe(false);
    });

    it('does not navigate to a file dropped on the window', () => {
      expect(prefs.navigateOnDragDrop).toBe(false);
    });

    it('turns off the middle click (auxclick) and enables no experimental or extra Blink feature', () => {
      expect(prefs.disableBlinkFeatures).toBe('Auxclick');
      expect(prefs.enableBlinkFeatures).toBeUndefined();
      expect(prefs.experimentalFeatures).toBeFalsy();
    });

    it('loads the given preload', () => {
      expect(prefs.preload).toBe(PRELOAD);
    });
  });

  it('has no DevTools when packaged', () => {
    expect(kioskWindowOptions(PRELOAD, true).webPreferences?.devTools).toBe(false);
  });

  it('has DevTools for development only', () => {
    expect(kioskWindowOptions(PRELOAD, false).webPreferences?.devTools).toBe(true);
  });
});
