import { useCallback, useEffect, useRef, useState } from 'react';
import type { KioskSettings } from '../../../shared/contract';
import type { CriterionKey } from '../../../shared/criteria';
import type { Locale } from '../../../shared/rating';
import { fail, type Result } from '../../../shared/result';
import type { Vn3Score } from '../../../shared/scales';
import { uuidv7 } from '../../../shared/uuid';
import { kiosk } from '../kiosk';
import {
  initialFlowState,
  isCoolingDown,
  isIdleWarning,
  isSubmitting,
  nextWakeAt,
  secondsLeft,
  step,
  type FlowEvent,
  type KioskCall,
  type RatingFlowState,
} from './rating-flow';

export type { ScreenName } from './rating-flow';

/** Marks the idle countdown's layer: a touch there is its button's business, not activity. */
export const IDLE_COUNTDOWN_ATTRIBUTE = 'data-idle-countdown';

/** Runs one queued call on the kiosk; a call that throws (host unreachable) answers as a storage failure. */
function runCall(call: KioskCall): Promise<Result<unknown>> {
  const run = (): Promise<Result<unknown>> => {
    switch (call.method) {
      case 'submitRating':
        return kiosk.submitRating(call.input);
      case 'updateRating':
        return kiosk.updateRating(call.input);
      case 'finishRating':
        return kiosk.finishRating(call.input);
    }
  };
  return run().catch(() => fail('storage_unavailable', 'the kiosk service cannot be reached'));
}

/**
 * The citizen's flow on screen: the pure machine of `rating-flow.ts`, with its timers (one
 * `tick` at the next due time), the kiosk calls it asks for, and any touch or key as activity.
 */
export function useRatingFlow(settings: KioskSettings, locale: Locale, onFlowEnd: () => void) {
  const [state, setState] = useState<RatingFlowState>(() => initialFlowState(uuidv7(), performance.now()));
  const current = useRef({ state, settings, locale, onFlowEnd });
  useEffect(() => {
    current.current = { ...current.current, settings, locale, onFlowEnd };
  });

  const dispatch = useCallback((event: FlowEvent) => {
    const send = (event: FlowEvent) => {
      const { settings, locale, onFlowEnd } = current.current;
      const { state: next, effects } = step(current.current.state, event, {
        now: performance.now(),
        locale,
        settings,
        newFlowId: () => uuidv7(),
      });
      current.current.state = next;
      setState(next);
      for (const effect of effects) {
        if (effect.type === 'flowEnded') onFlowEnd();
        else void runCall(effect.call).then((result) => send({ type: 'answered', callId: effect.call.id, result }));
      }
    };
    send(event);
  }, []);

  // One timer: the machine's next due time (comment save, cooldown end, thank-you end, idle timeout).
  useEffect(() => {
    const at = nextWakeAt(state);
    if (at === null) return;
    const timer = setTimeout(() => dispatch({ type: 'tick' }), Math.max(0, at - performance.now()));
    return () => clearTimeout(timer);
  }, [state, dispatch]);

  // Any touch or key: a new citizen's first touch starts the flow's clock; the idle timer restarts.
  // A touch on the idle countdown is left to its button: taking it for activity would remove the
  // countdown under the finger, and the click would land on whatever lies beneath.
  useEffect(() => {
    const activity = (event: Event) => {
      if (event.target instanceof Element && event.target.closest(`[${IDLE_COUNTDOWN_ATTRIBUTE}]`)) return;
      dispatch({ type: 'activity' });
    };
    document.addEventListener('pointerdown', activity, true);
    document.addEventListener('keydown', activity, true);
    return () => {
      document.removeEventListener('pointerdown', activity, true);
      document.removeEventListener('keydown', activity, true);
    };
  }, [dispatch]);

  // Another language or idle timeout: the idle timer is set again.
  const { idleTimeoutMs, defaultLocale } = settings;
  useEffect(() => dispatch({ type: 'contextChanged' }), [dispatch, locale, idleTimeoutMs, defaultLocale]);

  return {
    state,
    saving: isSubmitting(state),
    coolingDown: isCoolingDown(state),
    /** Seconds left before the idle timeout, while its countdown shows; null otherwise. */
    idleSecondsLeft: isIdleWarning(state) && state.idleDeadline !== null ? secondsLeft(state.idleDeadline, state.now) : null,
    /** Seconds until a refused rating may be tried again, on the error screen; null when the core gave no time. */
    retrySecondsLeft: state.retryRatingAt !== null ? secondsLeft(state.retryRatingAt, state.now) : null,
    stillHere: useCallback(() => dispatch({ type: 'stillHere' }), [dispatch]),
    rate: useCallback((score: Vn3Score) => dispatch({ type: 'rate', score }), [dispatch]),
    setCriterion: useCallback((key: CriterionKey, answer: boolean | null) => dispatch({ type: 'criterion', key, answer }), [dispatch]),
    setComment: useCallback((text: string) => dispatch({ type: 'commentTyped', text }), [dispatch]),
    saveDossierCode: useCallback(
      (code: string | null, closeWhenSaved: boolean) => dispatch({ type: 'dossierSave', code, closeWhenSaved }),
      [dispatch],
    ),
    open: useCallback((screen: 'details' | 'comment' | 'dossier') => dispatch({ type: 'open', screen }), [dispatch]),
    done: useCallback(() => dispatch({ type: 'done' }), [dispatch]),
    retry: useCallback(() => dispatch({ type: 'retry' }), [dispatch]),
    back: useCallback(() => dispatch({ type: 'back' }), [dispatch]),
  };
}
