import { networkInterfaces } from 'node:os';

/** How often the interfaces are looked at: cheap (no I/O), and quick enough for "the network came back". */
const WATCH_INTERVAL_MS = 5_000;

/** The external addresses this machine has now, as one comparable string. */
export function networkFingerprint(read: typeof networkInterfaces = networkInterfaces): string {
  const addresses: string[] = [];
  for (const [name, infos] of Object.entries(read())) {
    for (const info of infos ?? []) if (!info.internal) addresses.push(`${name}/${info.address}`);
  }
  return addresses.sort().join(',');
}

/**
 * Calls `onReturn` when the machine gains a network address it did not have (cable plugged back,
 * Wi-Fi reconnected, VPN up): the engine then syncs at once instead of waiting out its backoff.
 * Node has no "online" event; a host that has one (Electron's net module) can call the engine too.
 */
export class NetworkWatch {
  private timer: ReturnType<typeof setInterval> | null = null;
  private last = '';

  constructor(
    private readonly onReturn: () => void,
    private readonly read: typeof networkInterfaces = networkInterfaces,
  ) {}

  start(): void {
    if (this.timer) return;
    this.last = networkFingerprint(this.read);
    this.timer = setInterval(() => this.check(), WATCH_INTERVAL_MS);
    this.timer.unref?.();
  }

  /** Compares with the last look; public so that tests need no timers. */
  check(): void {
    const now = networkFingerprint(this.read);
    const before = new Set(this.last.split(',').filter(Boolean));
    const gained = now.split(',').some((address) => address && !before.has(address));
    this.last = now;
    if (gained) this.onReturn();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
