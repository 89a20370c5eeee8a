import { UpdaterStateSchema, type UpdaterState } from '../../shared/protocol';

/**
 * The self-updater lives in Electron main (electron/main/updater.ts) while heartbeats leave from
 * the core's utility process: main posts each new state on the utility process's port as a message
 * of its own, never through the renderer's KioskApi, so no page can make a kiosk report an update.
 */
export interface UpdaterStateMessage {
  type: 'updater-state';
  state: UpdaterState;
}

export function updaterStateMessage(state: UpdaterState): UpdaterStateMessage {
  return { type: 'updater-state', state };
}

/**
 * The last updater state main sent, kept in the core's memory for the next heartbeat (the
 * heartbeat's optional `updater`). A message that is not valid is dropped and the last valid state
 * kept: the heartbeat would be refused whole if it carried a state the protocol does not allow.
 */
export class UpdaterStateFromMain {
  private current: UpdaterState | null = null;

  constructor(private readonly log: (line: string) => void = () => {}) {}

  /** The state to report, or null while main has sent none (a development build updates nothing). */
  readonly get = (): UpdaterState | null => this.current;

  /** Takes `message` if it is main's updater state; answers whether it was one (valid or not). */
  receive(message: unknown): boolean {
    if (typeof message !== 'object' || message === null || (message as { type?: unknown }).type !== 'updater-state') return false;
    const parsed = UpdaterStateSchema.safeParse((message as { state?: unknown }).state);
    if (parsed.success) this.current = parsed.data;
    else this.log(`updater state from main refused: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || 'state'}: ${issue.message}`).join('; ')}`);
    return true;
  }
}
