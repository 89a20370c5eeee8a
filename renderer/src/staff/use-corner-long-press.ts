import { useEffect, useRef } from 'react';

/** The staff screen opens by holding a finger on the screen's top-left corner this long. */
export const LONG_PRESS_MS = 2_000;
/** Size of the corner that listens (px): big enough for a thumb, away from the citizen's buttons. */
export const CORNER_PX = 96;
/** A finger that slides further than this is scrolling or tapping, not holding. */
const MAX_DRIFT_PX = 24;

/** Which corner listens, and for how long a finger must stay. */
export interface CornerLongPressOptions {
  corner?: 'top-left' | 'top-right';
  holdMs?: number;
}

/**
 * A discreet, touch-friendly gesture: a long press on a top corner of the screen (the top-left
 * unless told). It needs no visible button (citizens do not see a staff entry) and no hover or
 * keyboard. It listens on the window and blocks nothing underneath, except the click that ends
 * the press (the language switch sits in the top-right corner: a long press there must not also
 * switch the language).
 */
export function useCornerLongPress(onLongPress: () => void, enabled = true, { corner = 'top-left', holdMs = LONG_PRESS_MS }: CornerLongPressOptions = {}): void {
  const callback = useRef(onLongPress);
  useEffect(() => {
    callback.current = onLongPress;
  }, [onLongPress]);

  useEffect(() => {
    if (!enabled) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let start: { x: number; y: number; id: number } | null = null;
    let swallowClick = false;
    const cancel = () => {
      clearTimeout(timer);
      start = null;
    };
    const inCorner = (event: PointerEvent) =>
      event.clientY <= CORNER_PX && (corner === 'top-left' ? event.clientX <= CORNER_PX : event.clientX >= window.innerWidth - CORNER_PX);
    const onDown = (event: PointerEvent) => {
      // Only the click ending the long press is swallowed, never a later tap.
      swallowClick = false;
      if (!event.isPrimary || !inCorner(event)) return;
      cancel();
      start = { x: event.clientX, y: event.clientY, id: event.pointerId };
      timer = setTimeout(() => {
        start = null;
        swallowClick = true;
        callback.current();
      }, holdMs);
    };
    const onClick = (event: MouseEvent) => {
      if (!swallowClick) return;
      swallowClick = false;
      event.stopPropagation();
      event.preventDefault();
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
    window.addEventListener('click', onClick, true);
    return () => {
      cancel();
      window.removeEventListener('pointerdown', onDown, true);
      window.removeEventListener('pointermove', onMove, true);
      window.removeEventListener('pointerup', onEnd, true);
      window.removeEventListener('pointercancel', onEnd, true);
      window.removeEventListener('click', onClick, true);
    };
  }, [enabled, corner, holdMs]);
}
