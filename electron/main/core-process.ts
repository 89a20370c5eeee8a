import type { UtilityProcess } from 'electron';
import type { KioskMethod } from '../../shared/contract';
import type { UpdaterState } from '../../shared/protocol';
import { fail, type Result } from '../../shared/result';
import { isSecretRequest, type SecretRequestMessage, type SecretResponseMessage } from '../core/sync/secret-store';
import { updaterStateMessage } from '../core/updater-state';

export interface CoreProcessOptions {
  /** Starts the utility process running dist/electron/core/utility.cjs. */
  fork: () => UtilityProcess;
  log: (line: string) => void;
  /** Delay before restarting a core that exited (grows while it keeps failing). */
  restartDelayMs?: number;
  /** A call with no answer after this long fails as storage_unavailable (the core may be stuck on I/O). */
  callTimeoutMs?: number;
  /** Answers the core's requests for the device secret (main owns safeStorage): see device-secret.ts. */
  onSecretRequest?: (request: SecretRequestMessage) => Promise<SecretResponseMessage>;
}

interface Pending {
  resolve: (result: Result<unknown>) => void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * Hosts the kiosk core in an Electron utilityProcess and relays calls to it. If the core dies it
 * is restarted; calls in flight answer storage_unavailable so the citizen is never thanked for a
 * rating that may not be on disk.
 */
export class CoreProcess {
  private child: UtilityProcess | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private failures = 0;
  private stopped = false;
  /** The self-updater's last state: handed again to a core that restarted, which keeps it in memory only. */
  private updaterState: UpdaterState | null = null;

  constructor(private readonly options: CoreProcessOptions) {}

  start(): void {
    this.stopped = false;
    const child = this.options.fork();
    this.child = child;
    if (this.updaterState) child.postMessage(updaterStateMessage(this.updaterState));
    child.on('message', (message: { id?: unknown; result?: Result<unknown> }) => {
      if (isSecretRequest(message)) {
        const answer = this.options.onSecretRequest?.(message) ??
          Promise.resolve({ type: 'device-secret', id: message.id, ok: false, error: 'no secret store in main' } as const);
        void answer.then((reply) => child.postMessage(reply));
        return;
      }
      if (typeof message?.id !== 'number' || !message.result) return;
      const pending = this.pending.get(message.id);
      if (!pending) return;
      this.pending.delete(message.id);
      clearTimeout(pending.timer);
      this.failures = 0;
      pending.resolve(message.result);
    });
    child.on('exit', (code: number) => {
      this.options.log(`kiosk core exited with code ${code}`);
      this.child = null;
      this.failAll('the kiosk core restarted; nothing was confirmed');
      if (this.stopped) return;
      this.failures += 1;
      const delay = Math.min(30_000, (this.options.restartDelayMs ?? 500) * 2 ** (this.failures - 1));
      setTimeout(() => {
        if (!this.stopped) this.start();
      }, delay);
    });
  }

  call(method: KioskMethod, payload: unknown): Promise<Result<unknown>> {
    const child = this.child;
    if (!child) return Promise.resolve(fail('storage_unavailable', 'the kiosk core is restarting'));
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve(fail('storage_unavailable', 'the kiosk core did not answer in time'));
      }, this.options.callTimeoutMs ?? 10_000);
      this.pending.set(id, { resolve, timer });
      child.postMessage({ id, method, payload });
    });
  }

  /** The self-updater's state, for the core to report in its heartbeat (electron/core/updater-state.ts). */
  updaterStateChanged(state: UpdaterState): void {
    this.updaterState = state;
    this.child?.postMessage(updaterStateMessage(state));
  }

  stop(): void {
    this.stopped = true;
    this.child?.kill();
    this.failAll('the kiosk is shutting down');
  }

  private failAll(message: string): void {
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.resolve(fail('storage_unavailable', message));
      this.pending.delete(id);
    }
  }
}
