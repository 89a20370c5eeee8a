/**
 * Listens for keyboard-wedge scanners (USB/Bluetooth barcode, QR and NFC readers that type the
 * code and Enter) on any screen, and hands each complete scan to the scan router. While a text
 * field has focus the keys are that field's: nothing is intercepted.
 */
import { BurstDetector, PARTIAL_AFTER_MS, type BurstRejection } from './burst-detector';
import { routeScan } from './scan-router';

export function isTextEntry(element: Element | null): boolean {
  if (!element) return false;
  if (element instanceof HTMLTextAreaElement) return !element.readOnly && !element.disabled;
  if (element instanceof HTMLInputElement) {
    const nonText = ['button', 'checkbox', 'radio', 'range', 'submit', 'reset', 'file', 'color', 'image'];
    return !nonText.includes(element.type) && !element.readOnly && !element.disabled;
  }
  return element instanceof HTMLElement && element.isContentEditable;
}

export interface WedgeScannerOptions {
  /** A burst that was not a usable scan (too long, control characters, cut off). */
  onRejected?: (reason: BurstRejection) => void;
  target?: Window;
}

/** Starts listening; returns the function that stops. */
export function startWedgeScanner({ onRejected, target = window }: WedgeScannerOptions = {}): () => void {
  const detector = new BurstDetector();
  let idleTimer: ReturnType<typeof setTimeout> | undefined;

  const onKeyDown = (event: KeyboardEvent) => {
    // Synthetic events (an on-screen keyboard that dispatches keys) are never a scanner.
    if (!event.isTrusted || event.isComposing) return;
    if (isTextEntry(document.activeElement)) {
      detector.reset();
      return;
    }
    const decision = detector.key({
      key: event.key,
      time: event.timeStamp,
      ctrlKey: event.ctrlKey,
      altKey: event.altKey,
      metaKey: event.metaKey,
    });
    // Enter from the scanner must not press the button that has focus (a face!). The event still
    // propagates: listeners that only watch for activity (the idle timer) still see it.
    if (decision.consume) event.preventDefault();
    const burst = decision.event;
    if (burst?.type === 'scan') routeScan(burst.code, 'wedge');
    else if (burst?.type === 'rejected') onRejected?.(burst.reason);

    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      const cut = detector.idle(performance.now());
      if (cut?.type === 'rejected') onRejected?.(cut.reason);
    }, PARTIAL_AFTER_MS + 20);
  };

  target.addEventListener('keydown', onKeyDown, { capture: true });
  return () => {
    clearTimeout(idleTimer);
    target.removeEventListener('keydown', onKeyDown, { capture: true });
  };
}
