import type { Database } from 'better-sqlite3';
import { HEADER_SERVER_TIME, SIGNATURE_WINDOW_MS } from '../../../shared/protocol';
import { processBootClock, type BootClock } from '../boot-clock';
import { readDeviceState, writeClockOffset } from '../device-state';
import type { HttpOutcome } from './client';
import { keepAnchor } from './clock-anchors';

/** A change of the kept offset smaller than this is not written (each write is an fsync). */
export const OFFSET_WRITE_THRESHOLD_MS = 1_000;
/** A response slower than this gives too rough a sample to use (except to fix a refused timestamp). */
export const OFFSET_SAMPLE_MAX_RTT_MS = 5_000;

/**
 * The kiosk's estimate of server time minus its own clock. Every answer carries the server's time;
 * the estimate is `serverTime − (sent + received) / 2`. Requests are signed with the kiosk's clock
 * plus the estimate, and the estimate is kept in the device state, from which every new rating
 * takes it (the server reports ratings by `createdAt + clockOffsetMs`). The same trusted samples
 * anchor this boot's monotonic clock to the server's (clock-anchors.ts), which no setting of the
 * wall clock can spoil.
 */
export class ClockOffset {
  private offsetMs: number | null = null;
  private loaded = false;
  private keptOffsetMs: number | null = null;

  constructor(
    private readonly now: () => number,
    private readonly boot: BootClock = processBootClock(),
  ) {}

  /** The estimate (read from the device state the first time), or null before any answer. */
  current(db: Database | null): number | null {
    if (!this.loaded && db) {
      this.offsetMs = readDeviceState(db)?.clockOffsetMs ?? null;
      this.keptOffsetMs = this.offsetMs;
      this.loaded = true;
    }
    return this.offsetMs;
  }

  /** The server's time as this kiosk believes it: its own clock plus the estimate. */
  serverNow(db: Database): number {
    return this.now() + (this.current(db) ?? 0);
  }

  /**
   * Takes a sample from an answer's serverTime (body, or the X-Server-Time header of a 304). A slow
   * answer is skipped unless `force` (the server refused the timestamp: a rough sample beats none).
   * An answer the kiosk does not trust (`trusted: false`, answer-trust.ts) only moves the estimate
   * this process signs with, for the retry of a refused request; it is never kept for ratings.
   */
  observe(db: Database, outcome: HttpOutcome, options: { force?: boolean; trusted?: boolean } = {}): void {
    if (outcome.kind !== 'response') return;
    const fromBody = (outcome.body as { serverTime?: unknown } | null)?.serverTime;
    const serverTime = typeof fromBody === 'number' ? fromBody : Number(outcome.headers.get(HEADER_SERVER_TIME) ?? NaN);
    if (!Number.isFinite(serverTime) || serverTime <= 0) return;
    if (!options.force && outcome.endedAt - outcome.startedAt > OFFSET_SAMPLE_MAX_RTT_MS) return;
    this.current(db);
    const offset = Math.round(serverTime - (outcome.startedAt + outcome.endedAt) / 2);
    this.offsetMs = offset;
    if (options.trusted === false) return;
    // Timed on the monotonic clock: a wall clock set during the round trip does not fool it.
    if (outcome.monotonicEndedAt - outcome.monotonicStartedAt <= OFFSET_SAMPLE_MAX_RTT_MS) {
      const monotonicMs = Math.round((outcome.monotonicStartedAt + outcome.monotonicEndedAt) / 2);
      keepAnchor(db, { bootId: this.boot.bootId, monotonicMs, serverTime }, this.now());
    }
    if (this.keptOffsetMs === null || Math.abs(offset - this.keptOffsetMs) >= OFFSET_WRITE_THRESHOLD_MS) {
      writeClockOffset(db, offset, this.now());
      this.keptOffsetMs = offset;
    }
  }

  /**
   * True when a 401 came from a timestamp outside the server's window: the estimate taken from that
   * answer is far from the one the request was signed with. Any other 401 (unknown or revoked
   * device, bad signature) is not a clock problem.
   */
  wasRefused(signedWithOffsetMs: number): boolean {
    return Math.abs((this.offsetMs ?? 0) - signedWithOffsetMs) > SIGNATURE_WINDOW_MS / 2;
  }
}
