import { describe, expect, it, vi } from 'vitest';
import { ipcChannel, KIOSK_METHOD_NAMES, type KioskMethod } from '../../../shared/contract';
import { ok, type Result } from '../../../shared/result';
import { uuidv7 } from '../../../shared/uuid';
import { isTrustedSender, registerKioskIpc } from '../../../electron/main/ipc';

const KIOSK_CONTENTS_ID = 7;
const KIOSK_URL = 'app://kiosk/index.html';

type Handler = (event: unknown, payload: unknown) => Promise<Result<unknown>>;

interface SenderShape {
  contentsId?: number;
  url?: string;
  /** A subframe has a parent; the kiosk's top frame has none. */
  parent?: object | null;
  /** Electron gives null when the frame was destroyed or navigated away before the call arrived. */
  noFrame?: boolean;
}

function ipcEvent({ contentsId = KIOSK_CONTENTS_ID, url = KIOSK_URL, parent = null, noFrame = false }: SenderShape = {}) {
  return { sender: { id: contentsId }, senderFrame: noFrame ? null : { url, parent } };
}

function setUp(kioskId: number | null = KIOSK_CONTENTS_ID) {
  const handlers = new Map<string, Handler>();
  const ipcMain = {
    handle: vi.fn((channel: string, handler: Handler) => void handlers.set(channel, handler)),
    removeHandler: vi.fn((channel: string) => void handlers.delete(channel)),
  };
  const forward = vi.fn(async (method: KioskMethod, _payload: unknown): Promise<Result<unknown>> => ok({ from: method }));
  const log = vi.fn();
  const unregister = registerKioskIpc({ ipcMain: ipcMain as never, kioskWebContentsId: () => kioskId, forward, log });
  const call = (method: KioskMethod, payload: unknown, sender?: SenderShape) => {
    const handler = handlers.get(ipcChannel(method));
    if (!handler) throw new Error(`no handler for ${method}`);
    return handler(ipcEvent(sender), payload);
  };
  return { handlers, ipcMain, forward, log, unregister, call };
}

const validDraft = () => ({ flowId: uuidv7(), scale: 'vn3', score: 3, locale: 'vi' });

describe('kiosk IPC', () => {
  it('registers one handler per KioskApi method, on its own channel, and nothing else', () => {
    const { handlers } = setUp();
    expect([...handlers.keys()].sort()).toEqual(KIOSK_METHOD_NAMES.map(ipcChannel).sort());
  });

  it('forwards a valid payload from the kiosk frame to the core and answers with the core result', async () => {
    const { call, forward } = setUp();
    const draft = validDraft();
    await expect(call('submitRating', draft)).resolves.toEqual({ ok: true, value: { from: 'submitRating' } });
    expect(forward).toHaveBeenCalledExactlyOnceWith('submitRating', draft);
  });

  it('forwards calls without a payload (getKioskState)', async () => {
    const { call, forward } = setUp();
    await expect(call('getKioskState', undefined)).resolves.toMatchObject({ ok: true });
    expect(forward).toHaveBeenCalledExactlyOnceWith('getKioskState', undefined);
  });

  it('forwards the admin screen’s calls: opening with an IT badge or PIN, the connection test, closing', async () => {
    const { call, forward } = setUp();
    await expect(call('openAdminScreen', { itCredential: { badgeCode: 'BG-26-000106' } })).resolves.toEqual({ ok: true, value: { from: 'openAdminScreen' } });
    await expect(call('openAdminScreen', { itCredential: { staffId: 'st-000106', pin: '135790' } })).resolves.toMatchObject({ ok: true });
    await expect(call('openAdminScreen', {})).resolves.toMatchObject({ ok: true });
    await expect(call('testConnection', undefined)).resolves.toEqual({ ok: true, value: { from: 'testConnection' } });
    await expect(call('closeAdminScreen', undefined)).resolves.toEqual({ ok: true, value: { from: 'closeAdminScreen' } });
    expect(forward.mock.calls).toEqual([
      ['openAdminScreen', { itCredential: { badgeCode: 'BG-26-000106' } }],
      ['openAdminScreen', { itCredential: { staffId: 'st-000106', pin: '135790' } }],
      ['openAdminScreen', {}],
      ['testConnection', undefined],
      ['closeAdminScreen', undefined],
    ]);
  });

  it('passes the core failure through unchanged (never turns it into a success)', async () => {
    const { call, forward } = setUp();
    forward.mockResolvedValueOnce({ ok: false, error: { code: 'storage_unavailable', message: 'disk full' } });
    await expect(call('submitRating', validDraft())).resolves.toEqual({
      ok: false,
      error: { code: 'storage_unavailable', message: 'disk full' },
    });
  });

  describe('drops senders that are not the kiosk frame, before the core sees anything', () => {
    it.each<[string, SenderShape]>([
      ['another webContents (a second window or a devtools page)', { contentsId: KIOSK_CONTENTS_ID + 1 }],
      ['a subframe of the kiosk window', { parent: { url: KIOSK_URL } }],
      ['the kiosk window after navigating to a web page', { url: 'https://example.com/' }],
      ['the kiosk window showing a file:// page', { url: 'file:///C:/kiosk/index.html' }],
      ['a lookalike app:// host', { url: 'app://kiosk.evil/index.html' }],
      ['another app:// host', { url: 'app://evil/index.html' }],
      ['an about:blank frame', { url: 'about:blank' }],
      ['an unparsable frame URL', { url: 'not a url' }],
      ['a frame that no longer exists', { noFrame: true }],
    ])('%s', async (_name, sender) => {
      const { call, forward, log } = setUp();
      await expect(call('submitRating', validDraft(), sender)).resolves.toEqual({
        ok: false,
        error: { code: 'refused', message: 'sender not allowed' },
      });
      expect(forward).not.toHaveBeenCalled();
      expect(log).toHaveBeenCalledWith(expect.stringContaining('refused'));
    });

    it('every call while the kiosk window does not exist yet (or was closed)', async () => {
      const { call, forward } = setUp(null);
      await expect(call('getKioskState', undefined)).resolves.toMatchObject({ ok: false, error: { code: 'refused' } });
      expect(forward).not.toHaveBeenCalled();
    });

    it('on every channel, not only submitRating', async () => {
      const { call, forward } = setUp();
      for (const method of KIOSK_METHOD_NAMES) {
        const result = await call(method, undefined, { contentsId: 99 });
        expect(result).toMatchObject({ ok: false, error: { code: 'refused' } });
      }
      expect(forward).not.toHaveBeenCalled();
    });
  });

  describe('refuses malformed payloads without reaching the core', () => {
    it.each<[string, KioskMethod, unknown]>([
      ['an unknown score', 'submitRating', { ...validDraft(), score: 5 }],
      ['a score given as text', 'submitRating', { ...validDraft(), score: '3' }],
      ['an unknown scale', 'submitRating', { ...validDraft(), scale: 'stars5' }],
      ['an extra field (the renderer may not choose who is rated)', 'submitRating', { ...validDraft(), staffId: 'S1' }],
      ['no payload at all', 'submitRating', undefined],
      ['a string instead of an object', 'submitRating', 'score=3'],
      ['an unknown criteria key', 'updateRating', { id: uuidv7(), criteria: { bribe: true } }],
      ['a comment over 500 characters', 'updateRating', { id: uuidv7(), comment: 'a'.repeat(501) }],
      ['a comment with NUL', 'updateRating', { id: uuidv7(), comment: 'xin\u0000chào' }],
      ['a rating id that is not a UUIDv7', 'finishRating', { id: '../../etc/passwd' }],
      ['a payload for a method that takes none', 'getKioskState', { sql: 'DROP TABLE ratings' }],
      ['an admin screen opened with a made-up field', 'openAdminScreen', { admin: true }],
      ['an admin screen opened with an empty badge', 'openAdminScreen', { itCredential: { badgeCode: '' } }],
      ['an admin screen opened with a PIN of letters', 'openAdminScreen', { itCredential: { staffId: 'st-000106', pin: 'abcdef' } }],
      ['a connection test given a server to test', 'testConnection', { serverUrl: 'https://evil.example' }],
      ['the admin screen closed with a payload', 'closeAdminScreen', { staffId: 'st-000106' }],
    ])('%s', async (_name, method, payload) => {
      const { call, forward } = setUp();
      const result = await call(method, payload);
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      expect(forward).not.toHaveBeenCalled();
    });
  });

  it('removes exactly its handlers when unregistered', () => {
    const { unregister, ipcMain, handlers } = setUp();
    unregister();
    expect(ipcMain.removeHandler.mock.calls.map(([channel]) => channel).sort()).toEqual(KIOSK_METHOD_NAMES.map(ipcChannel).sort());
    expect(handlers.size).toBe(0);
  });
});

describe('isTrustedSender', () => {
  it('trusts the kiosk top frame on app://kiosk/', () => {
    expect(isTrustedSender(ipcEvent() as never, KIOSK_CONTENTS_ID)).toBe(true);
    expect(isTrustedSender(ipcEvent({ url: 'app://kiosk/index.html#/rate' }) as never, KIOSK_CONTENTS_ID)).toBe(true);
  });

  it('trusts nobody before the kiosk window exists', () => {
    expect(isTrustedSender(ipcEvent() as never, null)).toBe(false);
  });
});
