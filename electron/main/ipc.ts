import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { ipcChannel, KIOSK_METHOD_NAMES, parseKioskPayload, type KioskMethod } from '../../shared/contract';
import { fail, type Result } from '../../shared/result';
import { APP_ORIGIN } from './app-protocol';

export interface KioskIpcOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  /** The webContents id of the kiosk window, or null before it exists. */
  kioskWebContentsId: () => number | null;
  /** Hands a validated call to the core (in its utility process). */
  forward: (method: KioskMethod, payload: unknown) => Promise<Result<unknown>>;
  log: (line: string) => void;
}

/**
 * True only for the kiosk window's own top frame, loaded from app://kiosk/. Any other window,
 * an iframe, or a page that somehow navigated elsewhere is not trusted.
 */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>, kioskWebContentsId: number | null): boolean {
  const frame = event.senderFrame;
  if (!frame || kioskWebContentsId === null || event.sender.id !== kioskWebContentsId) return false;
  if (frame.parent !== null) return false;
  try {
    return new URL(frame.url).origin === APP_ORIGIN || frame.url.startsWith(`${APP_ORIGIN}/`);
  } catch {
    return false;
  }
}

/**
 * The one IPC handler wrapper: for every KioskApi method, drop untrusted senders, parse the
 * payload with the shared schema, and only then forward it to the core.
 */
export function registerKioskIpc({ ipcMain, kioskWebContentsId, forward, log }: KioskIpcOptions): () => void {
  for (const method of KIOSK_METHOD_NAMES) {
    ipcMain.handle(ipcChannel(method), async (event, payload: unknown): Promise<Result<unknown>> => {
      if (!isTrustedSender(event, kioskWebContentsId())) {
        log(`IPC ${method} refused: sender ${event.senderFrame?.url ?? 'unknown'} is not the kiosk frame`);
        return fail('refused', 'sender not allowed');
      }
      const parsed = parseKioskPayload(method, payload);
      if (!parsed.ok) return parsed;
      // The raw payload goes on: the core parses it again with the same schema (its own boundary).
      return forward(method, payload);
    });
  }
  return () => KIOSK_METHOD_NAMES.forEach((method) => ipcMain.removeHandler(ipcChannel(method)));
}
