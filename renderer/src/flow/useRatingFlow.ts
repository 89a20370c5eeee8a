import { useCallback, useEffect, useRef, useState } from 'react';
import type { KioskSettings } from '../../../shared/contract';
import type { CriterionKey } from '../../../shared/criteria';
import type { Locale } from '../../../shared/rating';
import { fail, type Result } from '../../../shared/result';
import type { Vn3Score } from '../../../shared/scales';
import { uuidv7 } from '../../../shared/uuid';
import { kiosk } from '../kiosk';
import { initialFlowState, nextWakeAt, sameView, step, viewOf, type FlowEvent, type FlowView, type KioskCall } from './rating-flow';

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
 * The citizen's flow on screen: the pure machine of `rating-flow.ts`, with its one timer (a `tick`
 * at the next due time), the kiosk calls it asks for, and any touch or key as activity. React sees
 * only the machine's view, so a touch that just restarts the idle timer renders nothing.
 */
export function useRatingFlow(settings: KioskSettings, locale: Locale, onFlowEnd: () => void) {
  const [initial] = useState(() => initialFlowState(uuidv7(), performance.now()));
  const [view, setView] = useState<FlowView>(() => viewOf(initial));
  const current = useRef({ state: initial, settings, locale, onFlowEnd });
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
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
      const nextView = viewOf(next);
      setView((shown) => (sameView(shown, nextView) ? shown : nextView));
      clearTimeout(timer.current);
      const at = nextWakeAt(next);
      if (at !== null) timer.current = setTimeout(() => send({ type: 'tick' }), Math.max(0, at - performance.now()));
      for (const effect of effects) {
        if (effect.type === 'flowEnded') onFlowEnd();
        else void runCall(effect.call).then((result) => send({ type: 'answered', callId: effect.call.id, result }));
      }
    };
    send(event);
  }, []);
  useEffect(() => () => clearTimeout(timer.current), []);

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
    view,
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
    stillHere: useCallback(() => dispatch({ type: 'stillHere' }), [dispatch]),
  };
}
