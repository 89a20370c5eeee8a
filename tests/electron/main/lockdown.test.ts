import { describe, expect, it, vi } from 'vitest';
import { isBlockedShortcut, isPermissionAllowed, lockDownContents, lockDownSession, lockDownTouch, type KeyInput } from '../../../electron/main/lockdown';

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

  it.each([
    ['a frame inside the page going to the web', 'https://example.com/', true],
    ['a frame going to file://', 'file:///etc/passwd', true],
    ['a frame staying in the app', 'app://kiosk/help.html', false],
  ])('will-frame-navigate: %s', (_name, url, refused) => {
    const fake = setUp();
    // Electron passes one event object carrying the URL.
    const listeners: Listener[] = [];
    fake.contents.on = ((event: string, listener: Listener) => {
      if (event === 'will-frame-navigate') listeners.push(listener);
      return fake.contents;
    }) as typeof fake.contents.on;
    lockDownContents(fake.contents as never, ORIGIN);
    const event = { url, isMainFrame: false, preventDefault: vi.fn() };
    expect(listeners).toHaveLength(1);
    listeners[0]?.(event);
    expect(event.preventDefault.mock.calls.length > 0).toBe(refused);
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
    for (const device of ['hid', 'serial', 'usb']) expect(check?.(null, device, ORIGIN, {}), device).toBe(false);
  });
});

describe('shortcuts blocked in production', () => {
  const key = (k: string, modifiers: Partial<KeyInput> = {}): KeyInput => ({
    type: 'keyDown',
    key: k,
    control: false,
    meta: false,
    shift: false,
    alt: false,
    ...modifiers,
  });

  it.each<[string, KeyInput]>([
    ['DevTools (Ctrl+Shift+I)', key('I', { control: true, shift: true })],
    ['DevTools console (Ctrl+Shift+J)', key('J', { control: true, shift: true })],
    ['DevTools (F12)', key('F12')],
    ['reload (F5)', key('F5')],
    ['reload (Ctrl+R)', key('r', { control: true })],
    ['hard reload (Ctrl+Shift+R)', key('R', { control: true, shift: true })],
    ['reload (Cmd+R)', key('r', { meta: true })],
    ['zoom in (Ctrl+=)', key('=', { control: true })],
    ['zoom in (Ctrl++)', key('+', { control: true, shift: true })],
    ['zoom out (Ctrl+-)', key('-', { control: true })],
    ['zoom reset (Ctrl+0)', key('0', { control: true })],
    ['close window (Ctrl+W)', key('w', { control: true })],
    ['quit (Ctrl+Q)', key('q', { control: true })],
    ['print (Ctrl+P)', key('p', { control: true })],
    ['view source (Ctrl+U)', key('u', { control: true })],
    ['back (Alt+Left)', key('ArrowLeft', { alt: true })],
    ['leave fullscreen (F11)', key('F11')],
  ])('blocks %s', (_name, input) => {
    expect(isBlockedShortcut(input)).toBe(true);
  });

  it.each<[string, KeyInput]>([
    ['a letter', key('a')],
    ['a Vietnamese letter', key('ư')],
    ['a capital Đ', key('Đ', { shift: true })],
    ['digits from a badge reader', key('7')],
    ['Enter after a badge scan', key('Enter')],
    ['Backspace in the comment box', key('Backspace')],
    ['copy (Ctrl+C)', key('c', { control: true })],
    ['paste (Ctrl+V)', key('v', { control: true })],
    ['select all (Ctrl+A)', key('a', { control: true })],
    ['undo (Ctrl+Z)', key('z', { control: true })],
    ['the key-up of F5', { ...key('F5'), type: 'keyUp' }],
  ])('lets %s through', (_name, input) => {
    expect(isBlockedShortcut(input)).toBe(false);
  });
});

describe('touch lockdown', () => {
  function touchContents() {
    const listeners = new Map<string, ((...args: unknown[]) => unknown)[]>();
    const contents = {
      on: (event: string, listener: (...args: unknown[]) => unknown) => {
        listeners.set(event, [...(listeners.get(event) ?? []), listener]);
        return contents;
      },
      setVisualZoomLevelLimits: vi.fn(async () => undefined),
      setZoomLevel: vi.fn(),
    };
    lockDownTouch(contents as never);
    const emit = (event: string, ...args: unknown[]) => {
      const registered = listeners.get(event) ?? [];
      expect(registered.length, `a '${event}' listener`).toBeGreaterThan(0);
      for (const listener of registered) listener(...args);
    };
    return { contents, emit };
  }

  it('no pinch zoom: the visual zoom is held at 1 after every load', () => {
    const { contents, emit } = touchContents();
    emit('did-finish-load');
    emit('did-finish-load');
    expect(contents.setVisualZoomLevelLimits).toHaveBeenCalledTimes(2);
    expect(contents.setVisualZoomLevelLimits).toHaveBeenCalledWith(1, 1);
  });

  it('a zoom by Ctrl + wheel or a touchpad pinch goes back to 100 %', () => {
    const { contents, emit } = touchContents();
    emit('zoom-changed', { preventDefault: vi.fn() }, 'in');
    expect(contents.setZoomLevel).toHaveBeenCalledWith(0);
  });

  it('no context menu from a long press or a right click', () => {
    const { emit } = touchContents();
    const event = { preventDefault: vi.fn() };
    emit('context-menu', event, { x: 10, y: 10 });
    expect(event.preventDefault).toHaveBeenCalled();
  });
});
