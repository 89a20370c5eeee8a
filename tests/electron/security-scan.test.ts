/**
 * An Electron security scan over the sources, with the checks Doyensec's electronegativity makes
 * that apply to this app (its check ids in the test names). electronegativity 1.10.3 itself installs
 * and runs here, but it pulls about 400 packages (ESLint 7, TypeScript 4.2) into the shared
 * node_modules, looks for updates on the network at each run, and judges BrowserWindow options per
 * file, so on this code it only reports false findings: its checks are kept here instead
 * (docs/electron-shell.md). Each reads the files as text, so a new window, a new switch or a new
 * call anywhere under electron/ or renderer/ is caught.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kioskWindowOptions } from '../../electron/main/window-options';
import { RENDERER_CSP } from '../../shared/csp';

const root = join(__dirname, '..', '..');

function filesUnder(folder: string, extensions: string[]): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, folder))) {
    const path = join(folder, name);
    if (statSync(join(root, path)).isDirectory()) out.push(...filesUnder(path, extensions));
    else if (extensions.some((extension) => name.endsWith(extension))) out.push(path);
  }
  return out;
}

const electronSources = filesUnder('electron', ['.ts']);
const rendererSources = [...filesUnder('renderer', ['.ts', '.tsx', '.html'])];
const read = (path: string) => readFileSync(join(root, path), 'utf8');
/** The source files where a pattern occurs, with the code's comments left out. */
function occurrences(files: string[], pattern: RegExp): string[] {
  return files.filter((file) => pattern.test(read(file).replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, ''))).map((file) => relative('.', file));
}

describe('windows and their web preferences', () => {
  it('every window of the app is made from kioskWindowOptions (no second window, view or <webview>)', () => {
    expect(occurrences(electronSources, /new\s+BrowserWindow\s*\(/)).toEqual(['electron/main/index.ts']);
    expect(read('electron/main/index.ts')).toMatch(/new BrowserWindow\(kioskWindowOptions\(/);
    expect(occurrences([...electronSources, ...rendererSources], /\bBrowserView\b|\bWebContentsView\b|<webview/)).toEqual([]);
  });

  it.each([true, false])(
    'CONTEXT_ISOLATION, NODE_INTEGRATION, SANDBOX, WEB_SECURITY, INSECURE_CONTENT, EXPERIMENTAL_FEATURES, BLINK_FEATURES, AUXCLICK (packaged: %s)',
    (packaged) => {
      const prefs = kioskWindowOptions('/preload.cjs', packaged).webPreferences!;
      expect(prefs).toMatchObject({
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        disableBlinkFeatures: 'Auxclick',
      });
      expect(prefs.experimentalFeatures).toBeFalsy();
      expect(prefs.enableBlinkFeatures).toBeUndefined();
    },
  );

  it('ALLOWPOPUPS: no allowpopups anywhere in the renderer', () => {
    expect(occurrences(rendererSources, /allowpopups/i)).toEqual([]);
  });
});

describe('what main may do', () => {
  it('OPEN_EXTERNAL: nothing is opened outside the app (no shell.openExternal, openPath, showItemInFolder)', () => {
    expect(occurrences(electronSources, /\bopenExternal\b|\bopenPath\b|\bshowItemInFolder\b/)).toEqual([]);
  });

  it('REMOTE_MODULE: no remote module', () => {
    expect(occurrences([...electronSources, ...rendererSources], /@electron\/remote|enableRemoteModule/)).toEqual([]);
  });

  it('SECURITY_WARNINGS: Electron’s security warnings are never turned off', () => {
    expect(occurrences([...electronSources, ...rendererSources], /ELECTRON_DISABLE_SECURITY_WARNINGS/)).toEqual([]);
  });

  it('CUSTOM_ARGUMENTS: no Chromium switch weakens the app (no appendSwitch or appendArgument at all)', () => {
    expect(occurrences(electronSources, /\bappendSwitch\b|\bappendArgument\b/)).toEqual([]);
    expect(occurrences(electronSources, /--(no-sandbox|disable-web-security|ignore-certificate-errors|remote-debugging|inspect|js-flags)/)).toEqual([]);
  });

  it('CERTIFICATE_VERIFY_PROC and CERTIFICATE_ERROR_EVENT: certificates are never accepted by hand', () => {
    expect(occurrences(electronSources, /setCertificateVerifyProc/)).toEqual([]);
    expect(occurrences(electronSources, /callback\(\s*true\s*\)/)).toEqual([]);
    expect(read('electron/main/index.ts')).toMatch(/'certificate-error'[\s\S]*?callback\(false\)/);
  });

  it('DANGEROUS_FUNCTIONS: main never runs code in the page (no executeJavaScript, insertCSS, eval)', () => {
    expect(occurrences(electronSources, /\bexecuteJavaScript\b|\binsertCSS\b|\beval\s*\(|new Function\s*\(/)).toEqual([]);
  });

  it('PROTOCOL_HANDLERS: the app registers no OS protocol handler', () => {
    expect(occurrences(electronSources, /setAsDefaultProtocolClient/)).toEqual([]);
  });

  it('PERMISSION_REQUEST_HANDLER and LIMIT_NAVIGATION: the session’s permissions and every webContents’ navigation are locked down', () => {
    const main = read('electron/main/index.ts');
    expect(main).toMatch(/lockDownSession\(session\.defaultSession\)/);
    expect(main).toMatch(/'web-contents-created', \(_event, contents\) => lockDownContents\(contents, APP_ORIGIN\)/);
    const lockdown = read('electron/main/lockdown.ts');
    for (const hook of ['setPermissionRequestHandler', 'setPermissionCheckHandler', "'will-navigate'", "'will-redirect'", "'will-frame-navigate'", "'will-attach-webview'", 'setWindowOpenHandler']) {
      expect(lockdown, hook).toContain(hook);
    }
  });

  it('PRELOAD: the preload only bridges, through contextBridge', () => {
    const preload = read('electron/preload/index.ts');
    expect(preload).toMatch(/contextBridge\.exposeInMainWorld\(/);
    expect(preload).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer\s*\)/);
  });
});

describe('the page', () => {
  it('CSP: a Content-Security-Policy without inline or evaluated scripts, in the page and in every app:// answer', () => {
    const scriptSrc = /script-src ([^;]*)/.exec(RENDERER_CSP)?.[1] ?? '';
    expect(RENDERER_CSP).toMatch(/default-src 'self'/);
    expect(scriptSrc).not.toMatch(/'unsafe-inline'|'unsafe-eval'|\*|https?:/);
    expect(RENDERER_CSP).toMatch(/object-src 'none'/);
    // The page's own meta policy (csp.test.ts holds it to the same directives).
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(read('renderer/index.html'))?.[1] ?? '';
    expect(/script-src ([^;]*)/.exec(meta)?.[1]).toBe(scriptSrc);
  });

  it('HTTP_RESOURCES: nothing is loaded over http(s): the window loads app://, the page names no remote resource', () => {
    expect(occurrences(electronSources, /loadURL\(\s*['"`]https?:/)).toEqual([]);
    expect(read('renderer/index.html')).not.toMatch(/(src|href)=["']https?:/);
  });

  it('the kiosk’s styles refuse text selection, double-tap zoom and overscroll on the page (text fields stay editable)', () => {
    const styles = read('renderer/src/styles.css');
    const rule = /html,\s*body,\s*#root\s*\{([^}]*)\}/.exec(styles)?.[1] ?? '';
    expect(rule).toMatch(/user-select: none/);
    expect(rule).toMatch(/touch-action: manipulation/);
    expect(rule).toMatch(/overscroll-behavior: none/);
    expect(read('renderer/index.html')).toMatch(/user-scalable=no/);
  });
});
