import type { Session, WebContents } from 'electron';

/** Permissions the kiosk may use: only the camera, for reading badges' QR codes. */
const ALLOWED_PERMISSIONS = new Set(['media']);

export function isPermissionAllowed(permission: string, details: { mediaTypes?: string[] } = {}): boolean {
  if (!ALLOWED_PERMISSIONS.has(permission)) return false;
  // 'media' covers camera and microphone: allow the video camera only.
  const types = details.mediaTypes ?? [];
  return types.length > 0 && types.every((type) => type === 'video');
}

/** Denies every permission request except the camera, on the kiosk's session. */
export function lockDownSession(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isPermissionAllowed(permission, details as { mediaTypes?: string[] }));
  });
  session.setPermissionCheckHandler((_contents, permission, _origin, details) =>
    permission === 'media' ? (details as { mediaType?: string }).mediaType === 'video' : false,
  );
}

/**
 * The kiosk page may never leave app://kiosk/ or open windows: a link in a comment, a redirect
 * or a script cannot take the citizen (or an attacker) anywhere else.
 */
export function lockDownContents(contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>, appOrigin: string): void {
  contents.on('will-navigate', (event, url) => {
    if (!url.startsWith(`${appOrigin}/`)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!url.startsWith(`${appOrigin}/`)) event.preventDefault();
  });
  // 'will-navigate' covers the top frame only; a frame inside the page may not leave the app either.
  contents.on('will-frame-navigate', (event) => {
    if (!event.url.startsWith(`${appOrigin}/`)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/**
 * Touch and mouse escapes the kiosk window refuses itself (the renderer's styles.css already turns
 * off text selection outside text fields, double-tap zoom and overscroll): pinch zoom, zoom by
 * Ctrl + wheel or pinch on a touchpad, and the context menu a long press or right click opens
 * (Electron shows none, but a future handler or Chromium's own touch menu must not either).
 */
export function lockDownTouch(contents: Pick<WebContents, 'on' | 'setVisualZoomLevelLimits' | 'setZoomLevel'>): void {
  // Visual zoom limits are per page: set again after each load.
  contents.on('did-finish-load', () => void contents.setVisualZoomLevelLimits(1, 1).catch(() => {}));
  contents.on('zoom-changed', () => contents.setZoomLevel(0));
  contents.on('context-menu', (event) => event.preventDefault());
}

/** The keys of a keyboard event that before-input-event gives main. */
export interface KeyInput {
  type: string;
  key: string;
  control: boolean;
  meta: boolean;
  shift: boolean;
  alt: boolean;
}

/**
 * Shortcuts a passer-by with a keyboard could use to leave or disturb the kiosk in production:
 * DevTools, reload (which would drop a citizen's flow), zoom, print, view source, close. Typing
 * text (badge readers that act as keyboards, the comment box) is never blocked.
 */
export function isBlockedShortcut(input: KeyInput): boolean {
  if (input.type !== 'keyDown') return false;
  const key = input.key.toLowerCase();
  if (['f5', 'f11', 'f12', 'browserback', 'browserforward', 'browserrefresh', 'zoomin', 'zoomout'].includes(key)) return true;
  if (input.alt && ['arrowleft', 'arrowright', 'home', 'f4'].includes(key)) return true;
  const command = input.control || input.meta;
  if (!command) return false;
  if (input.shift && ['i', 'j', 'c', 'r', 'delete'].includes(key)) return true;
  return ['r', 'w', 'q', 'p', 'u', 's', 'o', 'n', 't', '+', '=', '-', '_', '0'].includes(key);
}
