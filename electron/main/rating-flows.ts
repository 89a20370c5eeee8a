import type { KioskMethod } from '../../shared/contract';
import type { Result } from '../../shared/result';

/** A rating stays open for details at most this long (the core closes it then: docs/architecture.md). */
export const DETAILS_WINDOW_MS = 15 * 60_000;
/** After the kiosk's idle timeout the screen is back at its start; this much more for good measure. */
export const AFTER_IDLE_MARGIN_MS = 30_000;

/**
 * Whether a citizen may be in front of the kiosk, as main sees it (an update never installs then):
 * a rating submitted and not yet finished (its details window), or any touch, click or key on the
 * kiosk window within the kiosk's idle timeout (someone choosing a face has not submitted yet).
 */
export class RatingFlowWatch {
  private readonly open = new Map<string, number>();
  private lastInputAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly now: () => number = () => Date.now()) {}

  /** A KioskApi call main forwarded to the core, with the core's answer. */
  observeCall(method: KioskMethod, payload: unknown, result: Result<unknown>): void {
    const at = this.now();
    if (method === 'submitRating' || method === 'updateRating') {
      const id = result.ok ? (result.value as { id?: unknown }).id : undefined;
      if (typeof id === 'string') this.open.set(id, at);
      this.lastInputAt = at;
    } else if (method === 'finishRating') {
      const id = (payload as { id?: unknown } | null)?.id;
      if (typeof id === 'string') this.open.delete(id);
    }
  }

  /** Any input event the kiosk window received (touch, mouse, keyboard). */
  observeInput(): void {
    this.lastInputAt = this.now();
  }

  /** True while a flow may be open, given the kiosk's idle timeout (settings.idleTimeoutMs). */
  isOpen(idleTimeoutMs: number): boolean {
    const now = this.now();
    for (const [id, at] of this.open) if (now - at >= DETAILS_WINDOW_MS) this.open.delete(id);
    return this.open.size > 0 || now - this.lastInputAt < idleTimeoutMs + AFTER_IDLE_MARGIN_MS;
  }
}
