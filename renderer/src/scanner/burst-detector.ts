/**
 * Tells a keyboard-wedge scanner's burst from people typing. Pure: no DOM, no clock; the caller
 * hands in each key with its event time and asks `idle(now)` after a pause.
 *
 * Scanners in keyboard mode type a whole code in a burst, 2–20 ms per key, and end it with Enter
 * (CR), LF or Tab. People type 60 ms or more per key, and the on-screen keyboard never produces
 * key events at all. When a terminator comes, the detector looks back over the keys before it
 * for the burst that ends there:
 *   - consecutive keys at most MAX_KEY_GAP_MS apart;
 *   - a busy machine may stall input inside a burst (pauses up to MAX_STALL_MS), as long as most
 *     gaps stay fast: people are slow at every key, a stalled scanner only at some;
 *   - at least MIN_SCAN_LENGTH characters, with a median gap of at most MAX_MEDIAN_GAP_MS.
 * Modifier keys (the scanner presses Shift for capitals) are ignored. What is not a burst is left
 * alone; a burst gone wrong (too long, control characters, cut off before its terminator) is
 * reported as rejected, so that the kiosk can say "scan again".
 */

export const MAX_KEY_GAP_MS = 50;
export const MAX_MEDIAN_GAP_MS = 35;
/** Longest pause inside a burst that is still taken for the machine stalling, not a person. */
export const MAX_STALL_MS = 1_000;
/** One stray key (or two) and Enter is not a scan. */
export const MIN_SCAN_LENGTH = 3;
/** Badge codes are at most 64 characters and dossier codes 40: a burst beyond this is no code of ours. */
export const MAX_SCAN_LENGTH = 128;
/** A fast burst that stops this long without a terminator was cut off. */
export const PARTIAL_AFTER_MS = 1_200;
const KEEP_KEYS = MAX_SCAN_LENGTH * 4;

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

interface TypedKey {
  char: string;
  time: number;
  /** A control character, or a named key (Unidentified, Escape, a chord) typed among the characters. */
  control: boolean;
}

const MODIFIERS = new Set(['Shift', 'CapsLock', 'Control', 'Alt', 'AltGraph', 'Meta', 'NumLock', 'Fn']);
const TERMINATORS = new Set(['Enter', 'Tab', '\r', '\n']);
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export class BurstDetector {
  private keys: TypedKey[] = [];

  /** Feeds one keydown. */
  key(input: KeyInput): KeyDecision {
    if (MODIFIERS.has(input.key)) return { consume: false, event: null };
    const last = this.keys[this.keys.length - 1];
    // A long silence ends whatever came before; a fast burst cut off there was a partial scan.
    const partial = last && input.time - last.time > MAX_STALL_MS ? this.cutOff() : null;

    // Ctrl+J and Ctrl+M are LF and CR for scanners that send control codes as chords.
    const chordTerminator = input.ctrlKey === true && /^[jm]$/i.test(input.key);
    if (TERMINATORS.has(input.key) || chordTerminator) {
      const decision = this.terminate(input.time);
      return { consume: decision.consume, event: decision.event ?? partial };
    }

    const isChar = [...input.key].length === 1 && !input.ctrlKey && !input.altKey && !input.metaKey;
    this.keys.push({ char: isChar ? input.key : '', time: input.time, control: !isChar || CONTROL.test(input.key) });
    if (this.keys.length > KEEP_KEYS) this.keys.shift();
    return { consume: isChar, event: partial };
  }

  /**
   * Called after a pause with the current time: a fast burst that never got its terminator was
   * cut off (a partial scan) and is reported once; anything else is forgotten.
   */
  idle(now: number): BurstEvent | null {
    const last = this.keys[this.keys.length - 1];
    if (!last || now - last.time < PARTIAL_AFTER_MS) return null;
    return this.cutOff();
  }

  /** Forgets the keys so far (a text field got focus, the page was hidden). */
  reset(): void {
    this.keys = [];
  }

  /**
   * The burst that ends with the last key (its first index), or null when those keys are not a
   * scanner's. Walking back from the last key, the burst extends over gaps up to MAX_STALL_MS (a
   * busy machine may stall input, even before the first keys of a burst reach the page). It is a
   * scanner's when most gaps are fast and the median gap is at most MAX_MEDIAN_GAP_MS: people are
   * slow at every key, a stalled scanner only at some.
   */
  private burstStart(): number | null {
    const times = this.keys.map((key) => key.time);
    const n = times.length;
    if (n < MIN_SCAN_LENGTH) return null;
    const gapBefore = (i: number) => times[i]! - times[i - 1]!; // gap between key i-1 and key i
    const isSlow = (gap: number) => gap > MAX_KEY_GAP_MS;
    let start = n - 1;
    while (start > 0 && gapBefore(start) <= MAX_STALL_MS) start -= 1;
    const length = n - start;
    if (length < MIN_SCAN_LENGTH) return null;
    const gaps = times.slice(start + 1).map((time, i) => time - times[start + i]!);
    if (gaps.filter(isSlow).length * 2 > gaps.length) return null;
    return median(gaps) <= MAX_MEDIAN_GAP_MS ? start : null;
  }

  private cutOff(): BurstEvent | null {
    const start = this.burstStart();
    const length = start === null ? 0 : this.keys.length - start;
    this.reset();
    return start === null ? null : { type: 'rejected', reason: 'partial', length };
  }

  private terminate(time: number): KeyDecision {
    const last = this.keys[this.keys.length - 1];
    const endGap = last ? time - last.time : Infinity;
    const start = endGap <= MAX_STALL_MS ? this.burstStart() : null;
    if (start === null) {
      this.reset();
      return { consume: false, event: null };
    }
    const burst = this.keys.slice(start);
    this.reset();
    let event: BurstEvent;
    if (burst.length > MAX_SCAN_LENGTH) event = { type: 'rejected', reason: 'too_long', length: burst.length };
    else if (burst.some((key) => key.control)) event = { type: 'rejected', reason: 'control_characters', length: burst.length };
    else event = { type: 'scan', code: burst.map((key) => key.char).join('').trim() };
    return { consume: true, event };
  }
}
