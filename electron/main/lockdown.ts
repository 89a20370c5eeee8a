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
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}
