import { randomUUID } from 'node:crypto';

/**
 * This process's "boot": a random id made when the core starts, and a monotonic clock counted from
 * then. Setting the wall clock (a CMOS reset to 2001, a hand correction, NTP) does not move it, so
 * a rating's monotonic time still tells how long before a later, trustworthy server time it was
 * made (docs/protocol.md, Clock correction). One per process: a restart is a new boot.
 */
export interface BootClock {
  readonly bootId: string;
  /** Whole ms since this boot began; never goes back. */
  monotonicMs(): number;
}

let thisProcess: BootClock | null = null;

/** The boot of the process this code runs in (performance.now(): ms since the process started). */
export function processBootClock(): BootClock {
  thisProcess ??= { bootId: randomUUID(), monotonicMs: () => Math.floor(performance.now()) };
  return thisProcess;
}
