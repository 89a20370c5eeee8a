/**
 * The citizen's rating flow as a pure machine (renderer/src/flow/rating-flow.ts), driven as the
 * screen drives it: taps and keys as events, the kiosk's answers as events, time as `tick`s.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_KIOSK_SETTINGS } from '../../../shared/settings';
import { fail, ok, type Result } from '../../../shared/result';
import type { Locale } from '../../../shared/rating';
import {
  COMMENT_SAVE_DELAY_MS,
  IDLE_WARNING_MS,
  initialFlowState,
  isCoolingDown,
  isIdleWarning,
  isSubmitting,
  nextWakeAt,
  sameView,
  secondsLeft,
  step,
  THANKS_MS,
  type FlowEffect,
  type FlowEvent,
  type FlowSettings,
  type KioskCall,
  type RatingFlowState,
  viewOf,
} from '../../../renderer/src/flow/rating-flow';

const IDLE_MS = 30_000;

/** A flow on a kiosk: events in, effects out, a clock that only moves when told. */
function kioskFlow(settings: Partial<FlowSettings> = {}) {
  let flowNumber = 1;
  const machine = {
    now: 1_000,
    locale: 'vi' as Locale,
    settings: { ...DEFAULT_KIOSK_SETTINGS, idleTimeoutMs: IDLE_MS, ...settings } as FlowSettings,
    state: initialFlowState('flow-1', 1_000) as RatingFlowState,
    /** Every call the machine started, in order. */
    started: [] as KioskCall[],
    flowsEnded: 0,
    send(event: FlowEvent): FlowEffect[] {
      const { state, effects } = step(machine.state, event, {
        now: machine.now,
        locale: machine.locale,
        settings: machine.settings,
        newFlowId: () => `flow-${++flowNumber}`,
      });
      machine.state = state;
      for (const effect of effects) {
        if (effect.type === 'call') machine.started.push(effect.call);
        else machine.flowsEnded++;
      }
      return effects;
    },
    /** The kiosk answers the call running now. */
    answer(result: Result<unknown> = ok({ id: 'rating-1', seq: 1, createdAt: machine.now })): KioskCall {
      const call = machine.state.calls.running;
      if (!call) throw new Error('no call is running');
      machine.send({ type: 'answered', callId: call.id, result });
      return call;
    },
    /** Answers every call until the queue is empty. */
    answerAll(): void {
      while (machine.state.calls.running) machine.answer(ok({ id: 'rating-1', seq: 1, createdAt: 0 }));
    },
    /** Time passes, and the machine is woken as the hook wakes it (at each due time). */
    advance(ms: number): void {
      const until = machine.now + ms;
      for (let due = nextWakeAt(machine.state); due !== null && due <= until; due = nextWakeAt(machine.state)) {
        machine.now = Math.max(machine.now, due);
        machine.send({ type: 'tick' });
      }
      machine.now = until;
    },
    /** A citizen taps a face and the core stores the rating. */
    rated(score: 1 | 2 | 3 = 3): void {
      machine.send({ type: 'activity' });
      machine.send({ type: 'rate', score });
      machine.answer(ok({ id: 'rating-1', seq: 1, createdAt: machine.now }));
    },
  };
  return machine;
}

const methods = (calls: KioskCall[]) => calls.map((call) => call.method);
const updates = (calls: KioskCall[]) => calls.filter((call) => call.method === 'updateRating').map((call) => call.input);
/** The comments saved, in order. */
const comments = (calls: KioskCall[]) => updates(calls).flatMap((update) => (update.comment === undefined ? [] : [update.comment]));

describe('a tap is a rating', () => {
  it('the face tap stores the rating, and the details open only once the core has it', () => {
    const kiosk = kioskFlow();
    kiosk.send({ type: 'activity' });
    kiosk.now += 1_200;
    kiosk.send({ type: 'rate', score: 2 });
    expect(kiosk.started).toEqual([
      expect.objectContaining({
        method: 'submitRating',
        flowId: 'flow-1',
        input: { flowId: 'flow-1', scale: 'vn3', score: 2, locale: 'vi', durationMs: 1_200 },
      }),
    ]);
    expect(kiosk.state.screen).toBe('idle');
    expect(isSubmitting(kiosk.state)).toBe(true);
    kiosk.answer(ok({ id: 'rating-1', seq: 1, createdAt: 0 }));
    expect(kiosk.state.screen).toBe('details');
    expect(kiosk.state.flow).toMatchObject({ ratingId: 'rating-1', score: 2 });
    expect(isSubmitting(kiosk.state)).toBe(false);
  });

  it('a double tap, two faces at once and taps while saving make one submit', () => {
    const kiosk = kioskFlow();
    kiosk.send({ type: 'rate', score: 3 });
    kiosk.send({ type: 'rate', score: 1 });
    kiosk.send({ type: 'rate', score: 3 });
    expect(methods(kiosk.started)).toEqual(['submitRating']);
    kiosk.answer();
    kiosk.send({ type: 'rate', score: 2 }); // a stored rating takes no second tap either
    expect(methods(kiosk.started)).toEqual(['submitRating']);
    expect(kiosk.state.flow.score).toBe(3);
  });

  it('the flow counts its duration from the citizen first touch, not from when the idle screen appeared', () => {
    const kiosk = kioskFlow();
    kiosk.now += 60_000; // nobody there for a minute
    kiosk.send({ type: 'activity' });
    kiosk.now += 800;
    kiosk.send({ type: 'rate', score: 3 });
    expect(kiosk.started[0]!.input).toMatchObject({ durationMs: 800 });
  });

  it('taps in the cooldown make nothing, and the faces come back once it has passed since the rating was stored', () => {
    const kiosk = kioskFlow({ cooldownMs: 20_000 });
    kiosk.rated();
    expect(isCoolingDown(kiosk.state)).toBe(true);
    kiosk.send({ type: 'done' });
    kiosk.answerAll();
    kiosk.advance(THANKS_MS);
    expect(kiosk.state.screen).toBe('idle');
    expect(kiosk.state.flow.flowId).toBe('flow-2');
    kiosk.send({ type: 'rate', score: 3 });
    kiosk.send({ type: 'rate', score: 1 });
    expect(methods(kiosk.started).filter((m) => m === 'submitRating')).toHaveLength(1);
    expect(isCoolingDown(kiosk.state)).toBe(true);
    kiosk.advance(20_000 - THANKS_MS);
    expect(isCoolingDown(kiosk.state)).toBe(false);
    kiosk.send({ type: 'rate', score: 1 });
    expect(kiosk.started.at(-1)).toMatchObject({ method: 'submitRating', flowId: 'flow-2' });
  });

  it('with no cooldown set, the next citizen can rate at once', () => {
    const kiosk = kioskFlow({ cooldownMs: 0 });
    kiosk.rated();
    expect(isCoolingDown(kiosk.state)).toBe(false);
  });

  it('a failed submit shows the error screen with its code, never the details; "try again" sends the same flow id', () => {
    const kiosk = kioskFlow();
    kiosk.send({ type: 'rate', score: 3 });
    kiosk.answer(fail('storage_unavailable', 'disk full'));
    expect(kiosk.state).toMatchObject({ screen: 'error', error: 'storage_unavailable' });
    expect(kiosk.state.flow.ratingId).toBeNull();
    kiosk.send({ type: 'retry' });
    expect(kiosk.started.map((call) => call.input)).toEqual([
      expect.objectContaining({ flowId: 'flow-1', score: 3 }),
      expect.objectContaining({ flowId: 'flow-1', score: 3 }),
    ]);
    kiosk.answer();
    expect(kiosk.state.screen).toBe('details');
  });

  it('a rating refused by the per-session cap says when rating is possible again, counting down from the core answer', () => {
    const kiosk = kioskFlow();
    kiosk.send({ type: 'rate', score: 3 });
    kiosk.answer({ ok: false, error: { code: 'rate_limited', message: 'cap', retryAfterMs: 41_500 } });
    expect(kiosk.state).toMatchObject({ screen: 'error', error: 'rate_limited' });
    const shown = () => secondsLeft(kiosk.state.retryRatingAt!, kiosk.state.now);
    expect(shown()).toBe(42);
    kiosk.advance(nextWakeAt(kiosk.state)! - kiosk.now); // the hook wakes the machine when the number changes
    expect(shown()).toBe(41);
    kiosk.advance(nextWakeAt(kiosk.state)! - kiosk.now);
    expect(shown()).toBe(40);
    kiosk.advance(40_000);
    expect(shown()).toBe(0);
    kiosk.send({ type: 'back' });
    expect(kiosk.state).toMatchObject({ screen: 'idle', retryRatingAt: null });
  });

  it('"back" from the error screen starts the next citizen, in a new flow', () => {
    const kiosk = kioskFlow();
    kiosk.send({ type: 'rate', score: 3 });
    kiosk.answer(fail('rating_disabled', 'nobody serving'));
    kiosk.send({ type: 'back' });
    expect(kiosk.state).toMatchObject({ screen: 'idle', error: null, flow: { flowId: 'flow-2', ratingId: null } });
    expect(kiosk.flowsEnded).toBe(1);
  });
});

describe('details go to the same rating, in the order given', () => {
  it('one call at a time: each answer starts the next, in the order the citizen gave them', () => {
    const kiosk = kioskFlow();
    kiosk.rated();
    kiosk.send({ type: 'criterion', key: 'greet', answer: true });
    kiosk.send({ type: 'criterion', key: 'smile', answer: false });
    kiosk.send({ type: 'criterion', key: 'greet', answer: null });
    expect(methods(kiosk.started)).toEqual(['submitRating', 'updateRating']);
    kiosk.answer();
    kiosk.answer();
    kiosk.answer();
    expect(updates(kiosk.started).map((u) => u.criteria)).toEqual([{ greet: true }, { smile: false }, { greet: null }]);
    expect(updates(kiosk.started).every((u) => u.id === 'rating-1' && u.locale === 'vi')).toBe(true);
    expect(kiosk.state.flow.criteria).toEqual({ greet: null, smile: false });
    expect(kiosk.state.calls.running).toBeNull();
  });

  it('a details save that fails is said on the details screen, and the next one that works clears it', () => {
    const kiosk = kioskFlow();
    kiosk.rated();
    kiosk.send({ type: 'criterion', key: 'gentle', answer: true });
    kiosk.answer(fail('storage_unavailable', 'disk full'));
    expect(kiosk.state.detailsSaveFailed).toBe(true);
    kiosk.send({ type: 'criterion', key: 'help', answer: true });
    kiosk.answer();
    expect(kiosk.state.detailsSaveFailed).toBe(false);
  });

  it('answers of a call that is not running change nothing', () => {
    const kiosk = kioskFlow();
    kiosk.rated();
    const before = kiosk.state;
    kiosk.send({ type: 'answered', callId: 99, result: ok({}) });
    expect(kiosk.state).toEqual({ ...before, now: kiosk.now });
  });
});

describe('the comment', () => {
  it('is saved 0.8 s after the last key, once, not at every key', () => {
    const kiosk = kioskFlow();
    kiosk.rated();
    kiosk.send({ type: 'open', screen: 'comment' });
    for (const text of ['T', 'To', 'Tot']) {
      kiosk.send({ type: 'commentTyped', text });
      kiosk.advance(COMMENT_SAVE_DELAY_MS - 100);
    }
    expect(updates(kiosk.started)).toEqual([]);
    kiosk.advance(100);
    expect(updates(kiosk.started).map((u) => u.comment)).toEqual(['Tot']);
    kiosk.answer();
    expect(kiosk.state.flow.savedComment).toBe('Tot');
    kiosk.advance(5_000);
    expect(updates(kiosk.started)).toHaveLength(1);
  });

  it('is saved at once when the citizen leaves the keyboard, and not again when unchanged', () => {
    const kiosk = kioskFlow();
    kiosk.rated();
    kiosk.send({ type: 'open', screen: 'comment' });
    kiosk.send({ type: 'commentTyped', text: 'Cán bộ nhiệt tình' });
    kiosk.send({ type: 'open', screen: 'details' });
    expect(updates(kiosk.started).map((u) => u.comment)).toEqual(['Cán bộ nhiệt tình']);
    expect(kiosk.state.screen).toBe('details');
    kiosk.advance(COMMENT_SAVE_DELAY_MS); // the debounce was cancelled by the save
    kiosk.send({ type: 'open', screen: 'comment' });
    kiosk.send({ type: 'open', screen: 'details' });
    expect(updates(kiosk.started)).toHaveLength(1);
  });

  it('a blank comment is stored as none', () => {
    const kiosk = kioskFlow();
    kiosk.rated();
    kiosk.send({ type: 'open', screen: 'comment' });
    kiosk.send({ type: 'commentTyped', text: 'x' });
    kiosk.send({ type: 'commentTyped', text: '   ' });
    kiosk.send({ type: 'open', screen: 'details' });
    expect(updates(kiosk.started).map((u) => u.comment)).toEqual([null]);
  });
});

describe('Done', () => {
  it('thanks only once every save is answered, then closes the rating; idle 4 s later in a new flow', () => {
    const kiosk = kioskFlow();
    kiosk.rated();
    kiosk.send({ type: 'criterion', key: 'listen', answer: true });
    kiosk.send({ type: 'done' });
    kiosk.send({ type: 'done' }); // a second tap on Done changes nothing
    expect(kiosk.state.screen).toBe('details');
    kiosk.answer();
    expect(kiosk.state.screen).toBe('thanks');
    expect(methods(kiosk.started)).toEqual(['submitRating', 'updateRating', 'finishRating']);
    expect(kiosk.started.at(-1)!.input).toEqual({ id: 'rating-1' });
    kiosk.answer();
    kiosk.advance(THANKS_MS - 1);
    expect(kiosk.state.screen).toBe('thanks');
    kiosk.advance(1);
    expect(kiosk.state).toMatchObject({ screen: 'idle', flow: { flowId: 'flow-2', ratingId: null, criteria: {} } });
    expect(kiosk.flowsEnded).toBe(1);
    expect(methods(kiosk.started).filter((m) => m === 'finishRating')).toHaveLength(1);
  });

  it('saves the comment being typed before it thanks', () => {
    const kiosk = kioskFlow();
    kiosk.rated();
    kiosk.send({ type: 'commentTyped', text: 'Rất tốt' });
    kiosk.send({ type: 'done' });
    expect(updates(kiosk.started).map((u) => u.comment)).toEqual(['Rất tốt']);
    kiosk.answer();
    expect(kiosk.state.screen).toBe('thanks');
  });

  it('after a failed save, saves everything again and thanks only when that is on disk', () => {
    const kiosk = kioskFlow();
    kiosk.rated();
    kiosk.send({ type: 'criterion', key: 'gentle', answer: true });
    kiosk.answer(fail('storage_unavailable', 'host unreachable'));
    kiosk.send({ type: 'done' });
    const resave = updates(kiosk.started).at(-1)!;
    expect(resave).toMatchObject({ id: 'rating-1', criteria: { gentle: true }, comment: null, dossierCode: null });
    kiosk.answer(fail('storage_unavailable', 'host unreachable'));
    expect(kiosk.state).toMatchObject({ screen: 'error', error: 'storage_unavailable' });
    expect(methods(kiosk.started)).not.toContain('finishRating');

    kiosk.send({ type: 'retry' });
    kiosk.answer();
    expect(kiosk.state.screen).toBe('thanks');
    expect(methods(kiosk.started).at(-1)).toBe('finishRating');
  });
});

describe('the idle timeout', () => {
  it('mid-comment keeps what was given: the comment typed so far is saved, the rating closed, idle in a new flow', () => {
    const kiosk = kioskFlow();
    kiosk.locale = 'en';
    kiosk.rated();
    kiosk.send({ type: 'criterion', key: 'thank', answer: true });
    kiosk.answer();
    kiosk.send({ type: 'open', screen: 'comment' });
    kiosk.send({ type: 'commentTyped', text: 'xin chào' });
    kiosk.send({ type: 'activity' });
    kiosk.advance(COMMENT_SAVE_DELAY_MS - 1);
    kiosk.send({ type: 'commentTyped', text: 'xin chào!' }); // the save is due again later
    kiosk.send({ type: 'activity' });
    kiosk.advance(IDLE_MS - 1);
    expect(kiosk.state.screen).toBe('comment');
    expect(comments(kiosk.started)).toEqual(['xin chào!']);
    kiosk.answer();
    kiosk.advance(1);
    expect(kiosk.state).toMatchObject({ screen: 'idle', flow: { flowId: 'flow-2', comment: '' } });
    expect(kiosk.started.at(-1)).toMatchObject({ method: 'finishRating', flowId: 'flow-1', input: { id: 'rating-1' } });
    expect(kiosk.flowsEnded).toBe(1);
  });

  it('saves an unsaved comment on the way out, in the language it was typed in', () => {
    const kiosk = kioskFlow();
    kiosk.locale = 'en';
    kiosk.rated();
    kiosk.send({ type: 'open', screen: 'comment' });
    kiosk.send({ type: 'commentTyped', text: 'slow' });
    kiosk.send({ type: 'activity' });
    kiosk.now += IDLE_MS; // the debounce and the timeout fall due together (a sleeping machine)
    kiosk.send({ type: 'tick' });
    kiosk.answerAll();
    expect(updates(kiosk.started)).toEqual([expect.objectContaining({ comment: 'slow', locale: 'en' })]);
    expect(methods(kiosk.started).at(-1)).toBe('finishRating');
    expect(kiosk.state.screen).toBe('idle');
  });

  it('any touch or key restarts it', () => {
    const kiosk = kioskFlow();
    kiosk.rated();
    for (let i = 0; i < 5; i++) {
      kiosk.advance(IDLE_MS - 1);
      kiosk.send({ type: 'activity' });
    }
    expect(kiosk.state.screen).toBe('details');
    kiosk.advance(IDLE_MS);
    expect(kiosk.state.screen).toBe('idle');
  });

  it('does not run on the idle screen in the default language nor on the thank-you, but does in another language', () => {
    const kiosk = kioskFlow();
    expect(kiosk.state.idleDeadline).toBeNull();
    kiosk.locale = 'en';
    kiosk.send({ type: 'contextChanged' });
    expect(kiosk.state.idleDeadline).toBe(kiosk.now + IDLE_MS);
    kiosk.advance(IDLE_MS);
    expect(kiosk.flowsEnded).toBe(1); // the App switches back to Vietnamese
    kiosk.locale = 'vi';
    kiosk.send({ type: 'contextChanged' });
    expect(kiosk.state.idleDeadline).toBeNull();

    kiosk.rated();
    kiosk.send({ type: 'done' });
    kiosk.answerAll();
    expect(kiosk.state).toMatchObject({ screen: 'thanks', idleDeadline: null });
  });

  it('a rating stored after its flow timed out is closed too', () => {
    const kiosk = kioskFlow();
    kiosk.locale = 'en';
    kiosk.send({ type: 'contextChanged' });
    kiosk.send({ type: 'rate', score: 3 });
    kiosk.now += IDLE_MS;
    kiosk.send({ type: 'tick' }); // the flow ends while the core is still storing its rating
    expect(kiosk.state.flow.flowId).toBe('flow-2');
    kiosk.answer(ok({ id: 'late-rating', seq: 1, createdAt: 0 }));
    expect(kiosk.state.screen).toBe('idle');
    expect(kiosk.started.at(-1)).toMatchObject({ method: 'finishRating', flowId: 'flow-1', input: { id: 'late-rating' } });
  });
});

describe('the idle countdown', () => {
  /** What the countdown shows now, or null when it is not on screen. */
  const countdown = (state: RatingFlowState) => (isIdleWarning(state) ? secondsLeft(state.idleDeadline!, state.now) : null);

  it('shows the last 10 s, one second at a time; "still here" gives the full time again and the comment stays', () => {
    const kiosk = kioskFlow();
    kiosk.rated();
    kiosk.send({ type: 'open', screen: 'comment' });
    kiosk.send({ type: 'commentTyped', text: 'Cán bộ' });
    kiosk.advance(IDLE_MS - IDLE_WARNING_MS - 1);
    expect(countdown(kiosk.state)).toBeNull();
    const seen: (number | null)[] = [];
    for (let i = 0; i < 4; i++) {
      kiosk.advance(nextWakeAt(kiosk.state)! - kiosk.now); // the hook wakes the machine exactly then
      seen.push(countdown(kiosk.state));
    }
    expect(seen).toEqual([10, 9, 8, 7]);
    kiosk.send({ type: 'stillHere' });
    expect(countdown(kiosk.state)).toBeNull();
    expect(kiosk.state.idleDeadline).toBe(kiosk.now + IDLE_MS);
    expect(kiosk.state).toMatchObject({ screen: 'comment', flow: { comment: 'Cán bộ', ratingId: 'rating-1' } });
    kiosk.advance(IDLE_MS - 1);
    expect(kiosk.state.screen).toBe('comment');
  });

  it('without a tap, the flow ends when it reaches 0, and the comment is saved', () => {
    const kiosk = kioskFlow();
    kiosk.rated();
    kiosk.send({ type: 'open', screen: 'comment' });
    kiosk.send({ type: 'commentTyped', text: 'Tận tình' });
    kiosk.send({ type: 'activity' });
    kiosk.advance(IDLE_MS - 1);
    expect(countdown(kiosk.state)).toBe(1);
    kiosk.answerAll(); // the debounced save went meanwhile
    kiosk.advance(1);
    expect(kiosk.state.screen).toBe('idle');
    expect(countdown(kiosk.state)).toBeNull();
    expect(comments(kiosk.started)).toEqual(['Tận tình']);
    expect(methods(kiosk.started).at(-1)).toBe('finishRating');
  });

  it('any touch also ends it, as it restarts the idle timer', () => {
    const kiosk = kioskFlow();
    kiosk.rated();
    kiosk.advance(IDLE_MS - 3_000);
    expect(countdown(kiosk.state)).toBe(3);
    kiosk.send({ type: 'activity' });
    expect(countdown(kiosk.state)).toBeNull();
  });

  it('is half the timeout when the timeout is short, and not shown where no detail is being given', () => {
    const kiosk = kioskFlow({ idleTimeoutMs: 6_000 });
    kiosk.rated();
    kiosk.advance(2_999);
    expect(countdown(kiosk.state)).toBeNull();
    kiosk.advance(1);
    expect(countdown(kiosk.state)).toBe(3);

    const english = kioskFlow();
    english.locale = 'en';
    english.send({ type: 'contextChanged' }); // the idle screen in English times out too, silently
    english.advance(IDLE_MS - 1);
    expect(countdown(english.state)).toBeNull();

    const refused = kioskFlow();
    refused.send({ type: 'rate', score: 3 });
    refused.answer(fail('storage_unavailable', 'disk full'));
    refused.advance(IDLE_MS - 1);
    expect(refused.state.screen).toBe('error');
    expect(countdown(refused.state)).toBeNull();
  });
});

describe('what the screen shows', () => {
  it('does not change for a touch that only restarts the idle timer (nothing to render), but does for each second of a countdown', () => {
    const kiosk = kioskFlow();
    kiosk.rated();
    const before = viewOf(kiosk.state);
    kiosk.now += 2_000;
    kiosk.send({ type: 'activity' });
    expect(sameView(before, viewOf(kiosk.state))).toBe(true);
    kiosk.advance(IDLE_MS - IDLE_WARNING_MS);
    const counting = viewOf(kiosk.state);
    expect(counting.idleSecondsLeft).toBe(10);
    kiosk.advance(1_000);
    expect(sameView(counting, viewOf(kiosk.state))).toBe(false);
    expect(viewOf(kiosk.state).idleSecondsLeft).toBe(9);
  });
});

describe('the dossier code', () => {
  it('typed and saved returns to the details once on disk; scanned, it is saved and stays shown', () => {
    const kiosk = kioskFlow();
    kiosk.rated();
    kiosk.send({ type: 'open', screen: 'dossier' });
    kiosk.send({ type: 'dossierSave', code: 'H31-250114-0042', closeWhenSaved: false });
    expect(kiosk.state.dossierSave.status).toBe('saving');
    kiosk.answer();
    expect(kiosk.state).toMatchObject({ screen: 'dossier', dossierSave: { status: 'saved' }, flow: { dossierCode: 'H31-250114-0042' } });
    kiosk.send({ type: 'dossierSave', code: '000.00.00.H05-240101-0001', closeWhenSaved: true });
    kiosk.answer();
    expect(kiosk.state).toMatchObject({ screen: 'details', flow: { dossierCode: '000.00.00.H05-240101-0001' } });
    expect(updates(kiosk.started).map((u) => u.dossierCode)).toEqual(['H31-250114-0042', '000.00.00.H05-240101-0001']);
  });

  it('a code the core refuses is said on the dossier screen and kept out of the rating, without a storage error', () => {
    const kiosk = kioskFlow();
    kiosk.rated();
    kiosk.send({ type: 'open', screen: 'dossier' });
    kiosk.send({ type: 'dossierSave', code: 'AB', closeWhenSaved: true });
    kiosk.answer(fail('invalid_input', 'not a dossier code of this unit'));
    expect(kiosk.state).toMatchObject({ screen: 'dossier', dossierSave: { status: 'refused' }, detailsSaveFailed: false, flow: { dossierCode: '' } });
  });

  it('a save that fails is said on the dossier screen, which stays open', () => {
    const kiosk = kioskFlow();
    kiosk.rated();
    kiosk.send({ type: 'open', screen: 'dossier' });
    kiosk.send({ type: 'dossierSave', code: 'H31-0042', closeWhenSaved: true });
    kiosk.answer(fail('storage_unavailable', 'disk full'));
    expect(kiosk.state).toMatchObject({ screen: 'dossier', dossierSave: { status: 'failed' }, detailsSaveFailed: true });
  });
});
