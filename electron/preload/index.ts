/**
 * The preload exposes exactly the KioskApi on `window.kiosk`: one named function per method,
 * each a single `ipcRenderer.invoke` on that method's channel. Nothing raw from ipcRenderer
 * crosses the bridge, so the renderer cannot send on other channels or listen to anything.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { ipcChannel, KIOSK_METHOD_NAMES } from '../../shared/contract';

export function buildKioskBridge(invoke: (channel: string, payload: unknown) => Promise<unknown>) {
  return Object.freeze(
    Object.fromEntries(
      KIOSK_METHOD_NAMES.map((method) => [method, (payload?: unknown) => invoke(ipcChannel(method), payload)]),
    ),
  );
}

contextBridge.exposeInMainWorld(
  'kiosk',
  buildKioskBridge((channel, payload) => ipcRenderer.invoke(channel, payload)),
);
