import { useEffect, useRef } from 'react';

/** The staff screen opens by holding a finger on the screen's top-left corner this long. */
export const LONG_PRESS_MS = 2_000;
/** Size of the corner that listens (px): big enough for a thumb, away from the citizen's buttons. */
export const CORNER_PX = 96;
/** A finger that slides further than this is scrolling or tapping, not holding. */
const MAX_DRIFT_PX = 24;

/**
 * A discreet, touch-friendly gesture: a long press on the top-left corner of the screen. It
 * needs no visible button (citizens do not see a staff entry) and no hover or keyboard. It
 * listens on the window and blocks nothing underneath.
 */
export function useCornerLongPress(onLongPress: () => void, enabled = true): void {
  const callback = useRef(onLongPress);
  useEffect(() => {
    callback.current = onLongPress;
  }, [onLongPress]);

  useEffect(() => {
    if (!enabled) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let start: { x: number; y: number; id: number } | null = null;
    const cancel = () => {
      clearTimeout(timer);
      start = null;
    };
    const onDown = (event: PointerEvent) => {
      if (!event.isPrimary || event.clientX > CORNER_PX || event.clientY > CORNER_PX) return;
      cancel();
      start = { x: event.clientX, y: event.clientY, id: event.pointerId };
      timer = setTimeout(() => {
        start = null;
        callback.current();
      }, LONG_PRESS_MS);
    };
    const onMove = (event: PointerEvent) => {
      if (start && event.pointerId === start.id && Math.hypot(event.clientX - start.x, event.clientY - start.y) > MAX_DRIFT_PX) cancel();
    };
    const onEnd = (event: PointerEvent) => {
      if (start && event.pointerId === start.id) cancel();
    };
    window.addEventListener('pointerdown', onDown, true);
    window.addEventListener('pointermove', onMove, true);
    window.addEventListener('pointerup', onEnd, true);
    window.addEventListener('pointercancel', onEnd, true);
    return () => {
      cancel();
      window.removeEventListener('pointerdown', onDown, true);
      window.removeEventListener('pointermove', onMove, true);
      window.removeEventListener('pointerup', onEnd, true);
      window.removeEventListener('pointercancel', onEnd, true);
    };
  }, [enabled]);
}
