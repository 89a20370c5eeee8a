import { useCallback, useEffect, useRef, useState } from 'react';
import type { KioskSettings } from '../../../shared/contract';
import type { CriteriaAnswers, CriterionKey } from '../../../shared/criteria';
import type { RatingDetailsUpdate } from '../../../shared/rating';
import type { ErrorCode } from '../../../shared/result';
import type { Vn3Score } from '../../../shared/scales';
import { uuidv7 } from '../../../shared/uuid';
import { kiosk } from '../kiosk';

export type ScreenName = 'idle' | 'details' | 'comment' | 'dossier' | 'thanks' | 'error';

export interface Flow {
  /** One citizen's flow: at most one rating (the core dedupes by it). */
  flowId: string;
  /** The citizen's first touch (durationMs counts from it, not from when the idle screen appeared). */
  startedAt: number;
  touched: boolean;
  ratingId: string | null;
  score: Vn3Score | null;
  criteria: Partial<CriteriaAnswers>;
  /** The comment as typed so far, and as last saved. */
  comment: string;
  savedComment: string;
  dossierCode: string;
}

const newFlow = (): Flow => ({
  flowId: uuidv7(),
  startedAt: performance.now(),
  touched: false,
  ratingId: null,
  score: null,
  criteria: {},
  comment: '',
  savedComment: '',
  dossierCode: '',
});

/** A typed comment is saved this long after the last key (and at once when the citizen leaves the keyboard). */
export const COMMENT_SAVE_DELAY_MS = 800;

type Locale = 'vi' | 'en';

/**
 * The citizen's flow: one tap stores the rating, each detail is saved to it as it is given, and
 * the flow ends with a thank-you (Done) or an idle timeout (keeping what was given). Every call to
 * the kiosk goes through one queue, so details are saved in the order they were given.
 */
export function useRatingFlow(settings: KioskSettings, language: () => Locale, onFlowEnd: () => void) {
  const [screen, setScreen] = useState<ScreenName>('idle');
  const [flow, setFlow] = useState<Flow>(newFlow);
  const [error, setError] = useState<ErrorCode | null>(null);
  const [detailsError, setDetailsError] = useState(false);
  const [saving, setSaving] = useState(false);
  const [coolingDown, setCoolingDown] = useState(false);
  const flowRef = useRef(flow);
  const submitting = useRef(false);
  /** The last details save failed: Done saves everything again before it thanks. */
  const lastSaveFailed = useRef(false);
  const lastScore = useRef<Vn3Score | null>(null);
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const commentTimer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const update = useCallback((change: (flow: Flow) => Flow) => {
    flowRef.current = change(flowRef.current);
    setFlow(flowRef.current);
  }, []);

  const elapsed = () => Math.min(24 * 3600 * 1000, Math.max(0, Math.round(performance.now() - flowRef.current.startedAt)));

  /** Queues one details update of the current rating; resolves true when it was saved. */
  const save = useCallback((details: Omit<RatingDetailsUpdate, 'id' | 'locale' | 'durationMs'>): Promise<boolean> => {
    const id = flowRef.current.ratingId;
    if (!id) return Promise.resolve(false);
    const payload: RatingDetailsUpdate = { id, ...details, locale: language(), durationMs: elapsed() };
    const run = queue.current.then(() => kiosk.updateRating(payload));
    queue.current = run.catch(() => undefined);
    return run.then(
      (result) => {
        lastSaveFailed.current = !result.ok;
        setDetailsError(!result.ok);
        return result.ok;
      },
      () => {
        lastSaveFailed.current = true;
        setDetailsError(true);
        return false;
      },
    );
  }, [language]);

  const cancelCommentTimer = () => {
    if (commentTimer.current) clearTimeout(commentTimer.current);
    commentTimer.current = null;
  };

  /** Saves the comment now if it changed since it was last saved. */
  const flushComment = useCallback(async (): Promise<boolean> => {
    cancelCommentTimer();
    const { comment, savedComment } = flowRef.current;
    if (comment === savedComment) return true;
    const saved = await save({ comment: comment.trim() === '' ? null : comment });
    if (saved) update((f) => ({ ...f, savedComment: comment }));
    return saved;
  }, [save, update]);

  const finish = useCallback(() => {
    const id = flowRef.current.ratingId;
    if (!id) return;
    const run = queue.current.then(() => kiosk.finishRating({ id }));
    queue.current = run.catch(() => undefined);
  }, []);

  /** The first touch of a new citizen starts the clock of the flow's duration. */
  const touch = useCallback(() => {
    if (flowRef.current.touched) return;
    flowRef.current = { ...flowRef.current, touched: true, startedAt: performance.now() };
  }, []);

  /** Back to the idle screen for the next citizen, in the default language. */
  const toIdle = useCallback(() => {
    cancelCommentTimer();
    flowRef.current = newFlow();
    lastScore.current = null;
    lastSaveFailed.current = false;
    setFlow(flowRef.current);
    setError(null);
    setDetailsError(false);
    setScreen('idle');
    onFlowEnd();
  }, [onFlowEnd]);

  const rate = useCallback(
    async (score: Vn3Score) => {
      // A second tap (same face or another) while the first is saving makes nothing; the core
      // would answer it with the same rating anyway, as the flow id is the same.
      if (submitting.current || flowRef.current.ratingId) return;
      if (coolingDown) return;
      submitting.current = true;
      lastScore.current = score;
      setSaving(true);
      try {
        const result = await kiosk.submitRating({
          flowId: flowRef.current.flowId,
          scale: 'vn3',
          score,
          locale: language(),
          durationMs: elapsed(),
        });
        if (result.ok) {
          update((f) => ({ ...f, ratingId: result.value.id, score }));
          setCoolingDown(settings.cooldownMs > 0);
          setScreen('details');
        } else {
          setError(result.error.code);
          setScreen('error');
        }
      } finally {
        submitting.current = false;
        setSaving(false);
      }
    },
    [coolingDown, language, settings, update],
  );

  const setCriterion = useCallback(
    (key: CriterionKey, answer: boolean | null) => {
      update((f) => ({ ...f, criteria: { ...f.criteria, [key]: answer } }));
      void save({ criteria: { [key]: answer } });
    },
    [save, update],
  );

  const setComment = useCallback(
    (comment: string) => {
      update((f) => ({ ...f, comment }));
      cancelCommentTimer();
      commentTimer.current = setTimeout(() => void flushComment(), COMMENT_SAVE_DELAY_MS);
    },
    [flushComment, update],
  );

  const saveDossierCode = useCallback(
    async (code: string | null): Promise<boolean> => {
      const saved = await save({ dossierCode: code });
      if (saved) update((f) => ({ ...f, dossierCode: code ?? '' }));
      return saved;
    },
    [save, update],
  );

  const open = useCallback(
    (next: 'details' | 'comment' | 'dossier') => {
      if (screen === 'comment') void flushComment();
      setScreen(next);
    },
    [flushComment, screen],
  );

  /** Done: everything given is saved, then thank-you. A failed save shows a polite error, no thank-you. */
  const done = useCallback(async () => {
    let saved = await flushComment();
    await queue.current;
    if (saved && lastSaveFailed.current) {
      const { criteria, comment, dossierCode } = flowRef.current;
      saved = await save({ criteria, comment: comment.trim() === '' ? null : comment, dossierCode: dossierCode || null });
    }
    if (!saved) {
      setError('storage_unavailable');
      setScreen('error');
      return;
    }
    finish();
    setScreen('thanks');
  }, [finish, flushComment, save]);

  /** Idle timeout anywhere: keep what was given (save it), end the rating, back to idle. */
  const timeout = useCallback(() => {
    void flushComment();
    finish();
    toIdle();
  }, [finish, flushComment, toIdle]);

  /** From the error screen: try the tap again (same flow, so never a second rating) or go back. */
  const retry = useCallback(() => {
    if (flowRef.current.ratingId) void done();
    else if (lastScore.current !== null) void rate(lastScore.current);
    else setScreen('idle');
  }, [done, rate]);

  const back = useCallback(() => {
    finish();
    toIdle();
  }, [finish, toIdle]);

  // The cooldown runs from the moment the rating was stored and ends by itself.
  const { cooldownMs } = settings;
  useEffect(() => {
    if (!coolingDown) return;
    const timer = setTimeout(() => setCoolingDown(false), cooldownMs);
    return () => clearTimeout(timer);
  }, [coolingDown, cooldownMs]);

  useEffect(() => cancelCommentTimer, []);

  return {
    screen,
    flow,
    error,
    detailsError,
    saving,
    coolingDown,
    touch,
    rate,
    setCriterion,
    setComment,
    saveDossierCode,
    open,
    done,
    timeout,
    retry,
    back,
    toIdle,
  };
}
