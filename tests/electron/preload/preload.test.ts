/**
 * The preload, with 'electron' mocked: what it puts on `window.kiosk` is all the renderer can reach.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ipcChannel, KIOSK_METHOD_NAMES } from '../../../shared/contract';

const electron = vi.hoisted(() => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: {
    invoke: vi.fn(async (channel: string, _payload?: unknown) => ({ ok: true, value: channel })),
    send: vi.fn(),
    sendSync: vi.fn(),
    on: vi.fn(),
    once: vi.fn(),
    postMessage: vi.fn(),
  },
}));
vi.mock('electron', () => electron);

/** Loads the preload afresh and returns what it exposed, by world key. */
async function loadPreload(): Promise<Record<string, unknown>> {
  vi.clearAllMocks();
  vi.resetModules();
  await import('../../../electron/preload/index');
  return Object.fromEntries(electron.contextBridge.exposeInMainWorld.mock.calls.map(([key, value]) => [key, value]));
}

let exposed: Record<string, unknown>;
let kiosk: Record<string, (...args: unknown[]) => Promise<unknown>>;

beforeEach(async () => {
  exposed = await loadPreload();
  kiosk = exposed.kiosk as typeof kiosk;
});

describe('the preload bridge', () => {
  it('exposes one thing only: window.kiosk', () => {
    expect(Object.keys(exposed)).toEqual(['kiosk']);
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
  });

  it('window.kiosk has exactly the KioskApi method names, each a function', () => {
    expect(Object.keys(kiosk).sort()).toEqual([...KIOSK_METHOD_NAMES].sort());
    for (const method of KIOSK_METHOD_NAMES) expect(kiosk[method], method).toBeTypeOf('function');
  });

  it('has nothing raw: no ipcRenderer, no on/send/invoke, no way to name a channel', () => {
    for (const name of ['ipcRenderer', 'invoke', 'send', 'sendSync', 'on', 'once', 'postMessage', 'removeListener', 'require', 'process']) {
      expect(kiosk, name).not.toHaveProperty(name);
    }
    for (const value of Object.values(kiosk)) {
      expect(value).not.toBe(electron.ipcRenderer);
      expect(Object.values(electron.ipcRenderer)).not.toContain(value);
    }
  });

  it('is frozen: the page cannot add or replace a method', () => {
    expect(Object.isFrozen(kiosk)).toBe(true);
  });

  it.each(KIOSK_METHOD_NAMES)('%s invokes its own channel with its payload, and answers what main answers', async (method) => {
    const payload = { probe: method };
    await expect(kiosk[method]?.(payload)).resolves.toEqual({ ok: true, value: ipcChannel(method) });
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledExactlyOnceWith(ipcChannel(method), payload);
  });

  it('passes one payload only: extra arguments from the page are not forwarded', async () => {
    await kiosk.getKioskState?.(undefined, 'kiosk:other', () => {});
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledExactlyOnceWith('kiosk:getKioskState', undefined);
  });

  it('never sends, listens or uses anything of ipcRenderer but invoke', async () => {
    for (const method of KIOSK_METHOD_NAMES) await kiosk[method]?.({});
    for (const name of ['send', 'sendSync', 'on', 'once', 'postMessage'] as const) {
      expect(electron.ipcRenderer[name], name).not.toHaveBeenCalled();
    }
  });
});
