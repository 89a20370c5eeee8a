import { describe, expect, it, vi } from 'vitest';
import { isPermissionAllowed, lockDownContents, lockDownSession } from '../../../electron/main/lockdown';

type Listener = (...args: unknown[]) => unknown;

/** A webContents stand-in that records the listeners lockDownContents installs. */
function fakeContents() {
  const listeners = new Map<string, Listener[]>();
  let windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  const contents = {
    on: (event: string, listener: Listener) => {
      listeners.set(event, [...(listeners.get(event) ?? []), listener]);
      return contents;
    },
    setWindowOpenHandler: (handler: typeof windowOpenHandler) => {
      windowOpenHandler = handler;
    },
  };
  /** Emits `event` with a preventable event object; true when a listener prevented it. */
  const prevented = (event: string, ...args: unknown[]): boolean => {
    const registered = listeners.get(event) ?? [];
    expect(registered.length, `a '${event}' listener`).toBeGreaterThan(0);
    const e = { preventDefault: vi.fn() };
    for (const listener of registered) listener(e, ...args);
    return e.preventDefault.mock.calls.length > 0;
  };
  return { contents, prevented, openWindow: (url: string) => windowOpenHandler?.({ url }) };
}

const ORIGIN = 'app://kiosk';

describe('navigation lockdown', () => {
  const setUp = () => {
    const fake = fakeContents();
    lockDownContents(fake.contents as never, ORIGIN);
    return fake;
  };

  it.each([
    'https://example.com/',
    'http://127.0.0.1:8080/',
    'file:///etc/passwd',
    'app://evil/index.html',
    'app://kiosk.evil.vn/index.html',
    'app://kiosk@evil/index.html',
    'javascript:alert(1)',
    'data:text/html,<h1>hi</h1>',
  ])('refuses to navigate to %s', (url) => {
    expect(setUp().prevented('will-navigate', url)).toBe(true);
  });

  it('lets the kiosk move within its own pages', () => {
    expect(setUp().prevented('will-navigate', 'app://kiosk/index.html#/thanks')).toBe(false);
  });

  it.each(['https://example.com/', 'file:///etc/passwd', 'app://evil/'])('refuses a redirect to %s', (url) => {
    expect(setUp().prevented('will-redirect', url)).toBe(true);
  });

  it('allows a redirect within app://kiosk/', () => {
    expect(setUp().prevented('will-redirect', 'app://kiosk/assets/a.js')).toBe(false);
  });

  it('refuses to attach a <webview>', () => {
    expect(setUp().prevented('will-attach-webview', {}, { src: 'https://example.com' })).toBe(true);
  });

  it.each(['https://example.com/', 'app://kiosk/index.html', 'about:blank'])('denies window.open(%s)', (url) => {
    expect(setUp().openWindow(url)).toEqual({ action: 'deny' });
  });
});

describe('permission lockdown', () => {
  it('allows the video camera (badge QR codes)', () => {
    expect(isPermissionAllowed('media', { mediaTypes: ['video'] })).toBe(true);
  });

  it.each([
    ['the microphone', 'media', { mediaTypes: ['audio'] }],
    ['camera with microphone', 'media', { mediaTypes: ['video', 'audio'] }],
    ['media with no type named', 'media', { mediaTypes: [] }],
    ['media with no details', 'media', {}],
    ['geolocation', 'geolocation', {}],
    ['notifications', 'notifications', {}],
    ['the clipboard', 'clipboard-read', {}],
    ['fullscreen', 'fullscreen', {}],
    ['opening external links', 'openExternal', {}],
    ['MIDI', 'midiSysex', {}],
    ['pointer lock', 'pointerLock', {}],
    ['HID devices', 'hid', {}],
  ])('denies %s', (_name, permission, details) => {
    expect(isPermissionAllowed(permission, details)).toBe(false);
  });

  it("installs handlers on the session that answer requests and checks the same way", () => {
    let request: ((contents: unknown, permission: string, callback: (granted: boolean) => void, details: unknown) => void) | undefined;
    let check: ((contents: unknown, permission: string, origin: string, details: unknown) => boolean) | undefined;
    lockDownSession({
      setPermissionRequestHandler: (handler) => {
        request = handler as never;
      },
      setPermissionCheckHandler: (handler) => {
        check = handler as never;
      },
    });
    const answer = (permission: string, details: unknown) => {
      const callback = vi.fn();
      request?.(null, permission, callback, details);
      expect(callback).toHaveBeenCalledTimes(1);
      return callback.mock.calls[0]?.[0];
    };
    expect(answer('media', { mediaTypes: ['video'] })).toBe(true);
    expect(answer('media', { mediaTypes: ['audio'] })).toBe(false);
    expect(answer('geolocation', {})).toBe(false);
    expect(answer('notifications', {})).toBe(false);

    expect(check?.(null, 'media', ORIGIN, { mediaType: 'video' })).toBe(true);
    expect(check?.(null, 'media', ORIGIN, { mediaType: 'audio' })).toBe(false);
    expect(check?.(null, 'geolocation', ORIGIN, {})).toBe(false);
    expect(check?.(null, 'clipboard-sanitized-write', ORIGIN, {})).toBe(false);
  });
});
