/**
 * Tells a keyboard-wedge scanner's burst from people typing. Pure: no DOM, no clock; the caller
 * hands in each key with its event time and asks `idle(now)` after a pause.
 *
 * Scanners in keyboard mode type a whole code in a burst, 2–20 ms per key, and end it with Enter
 * (CR), LF or Tab. People type 60 ms or more per key, and the on-screen keyboard never produces
 * key events at all. A burst is therefore:
 *   - printable keys, each at most MAX_KEY_GAP_MS after the previous one (a slower key starts over),
 *   - ended by a terminator at most MAX_TERMINATOR_GAP_MS after the last key,
 *   - at least MIN_SCAN_LENGTH characters long, with a mean gap of at most MAX_MEAN_GAP_MS.
 * Modifier keys (the scanner presses Shift for capitals) are ignored. What is not a burst is left
 * alone; a burst gone wrong (too long, control characters, cut off before its terminator) is
 * reported as rejected, so that the kiosk can say "scan again".
 */

export const MAX_KEY_GAP_MS = 50;
export const MAX_MEAN_GAP_MS = 30;
export const MAX_TERMINATOR_GAP_MS = 100;
/** One stray key (or two) and Enter is not a scan. */
export const MIN_SCAN_LENGTH = 3;
/** Badge codes are at most 64 characters and dossier codes 40: a burst beyond this is no code of ours. */
export const MAX_SCAN_LENGTH = 128;
/** A fast burst that stops this long without a terminator was cut off. */
export const PARTIAL_AFTER_MS = 250;

export interface KeyInput {
  /** KeyboardEvent.key */
  key: string;
  /** KeyboardEvent.timeStamp (ms) */
  time: number;
  ctrlKey?: boolean;
  altKey?: boolean;
  metaKey?: boolean;
}

export type BurstRejection = 'too_long' | 'control_characters' | 'partial';

export type BurstEvent = { type: 'scan'; code: string } | { type: 'rejected'; reason: BurstRejection; length: number };

export interface KeyDecision {
  /** The key belongs to a scanner burst (or may): the page should not act on it (e.g. Enter on a focused button). */
  consume: boolean;
  event: BurstEvent | null;
}

const MODIFIERS = new Set(['Shift', 'CapsLock', 'Control', 'Alt', 'AltGraph', 'Meta', 'NumLock', 'Fn']);
const TERMINATORS = new Set(['Enter', 'Tab', '\r', '\n']);
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

export class BurstDetector {
  private chars: string[] = [];
  private times: number[] = [];
  private overflow = 0;
  private hasControl = false;

  /** Feeds one keydown. */
  key(input: KeyInput): KeyDecision {
    if (MODIFIERS.has(input.key)) return { consume: false, event: null };
    const last = this.times[this.times.length - 1];
    const gap = last === undefined ? Infinity : input.time - last;

    // Ctrl+J and Ctrl+M are LF and CR for scanners that send control codes as chords.
    const chordTerminator = input.ctrlKey && /^[jm]$/i.test(input.key);
    if (TERMINATORS.has(input.key) || chordTerminator) return this.terminate(gap);

    const startsOver = gap > MAX_KEY_GAP_MS;
    const partial = startsOver ? this.cutOff() : null;

    const isChar = [...input.key].length === 1 && !input.ctrlKey && !input.altKey && !input.metaKey;
    if (!isChar) {
      // A named key (Unidentified, Escape, …) or a chord inside a fast burst: control characters.
      if (!startsOver && this.chars.length > 0) {
        this.hasControl = true;
        this.times.push(input.time);
        return { consume: true, event: null };
      }
      this.reset();
      return { consume: false, event: partial };
    }
    if (CONTROL.test(input.key)) this.hasControl = true;
    if (this.chars.length >= MAX_SCAN_LENGTH) this.overflow += 1;
    else this.chars.push(input.key);
    this.times.push(input.time);
    return { consume: true, event: partial };
  }

  /**
   * Called after a pause with the current time: a fast burst that never got its terminator was
   * cut off (a partial scan) and is reported; anything else is forgotten.
   */
  idle(now: number): BurstEvent | null {
    const last = this.times[this.times.length - 1];
    if (last === undefined || now - last < PARTIAL_AFTER_MS) return null;
    return this.cutOff();
  }

  /** Forgets the current burst (a text field got focus, the page was hidden). */
  reset(): void {
    this.chars = [];
    this.times = [];
    this.overflow = 0;
    this.hasControl = false;
  }

  private isFastBurst(): boolean {
    if (this.times.length < 2) return false;
    const first = this.times[0]!;
    const last = this.times[this.times.length - 1]!;
    return (last - first) / (this.times.length - 1) <= MAX_MEAN_GAP_MS;
  }

  private cutOff(): BurstEvent | null {
    const length = this.chars.length + this.overflow;
    const event: BurstEvent | null =
      length >= MIN_SCAN_LENGTH && this.isFastBurst() ? { type: 'rejected', reason: 'partial', length } : null;
    this.reset();
    return event;
  }

  private terminate(gap: number): KeyDecision {
    const length = this.chars.length + this.overflow;
    const isBurst = gap <= MAX_TERMINATOR_GAP_MS && length >= MIN_SCAN_LENGTH && this.isFastBurst();
    if (!isBurst) {
      const partial = gap > MAX_TERMINATOR_GAP_MS ? this.cutOff() : null;
      this.reset();
      return { consume: false, event: partial };
    }
    let event: BurstEvent;
    if (this.overflow > 0) event = { type: 'rejected', reason: 'too_long', length };
    else if (this.hasControl) event = { type: 'rejected', reason: 'control_characters', length };
    else event = { type: 'scan', code: this.chars.join('').trim() };
    this.reset();
    return { consume: true, event };
  }
}
