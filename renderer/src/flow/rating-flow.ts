/**
 * The citizen's rating flow as a pure state machine: `step(state, event, context)` answers the
 * next state and the effects to run (kiosk calls, "the flow ended"). No React, no timers, no
 * window: time comes in as `context.now`, and the hook (`useRatingFlow`) runs the effects, sends
 * their answers back as events and wakes the machine with a `tick` at `nextWakeAt(state)`.
 *
 * Rules it keeps (docs/rating-flow.md): a tap is a rating; details go to the same rating through
 * one queue, in the order given; a typed comment is saved shortly after the last key and at once
 * when the citizen leaves the keyboard; Done thanks only once everything is on disk; the idle
 * timeout keeps what was given; the cooldown runs from the moment a rating was stored.
 */
import type { KioskSettings, SubmittedRating } from '../../../shared/contract';
import type { CriteriaAnswers, CriterionKey } from '../../../shared/criteria';
import type { Locale, RatingDetailsUpdate, RatingDraft, RatingRef } from '../../../shared/rating';
import type { ErrorCode, Result } from '../../../shared/result';
import type { Vn3Score } from '../../../shared/scales';

export type ScreenName = 'idle' | 'details' | 'comment' | 'dossier' | 'thanks' | 'error';

/** A typed comment is saved this long after the last key (and at once when the citizen leaves the keyboard). */
export const COMMENT_SAVE_DELAY_MS = 800;
/** How long the thank-you stays before the idle screen. */
export const THANKS_MS = 4_000;
/**
 * Before the idle timeout takes a citizen's flow away, a countdown says so for this long (half the
 * timeout when that is shorter), with a large "I'm still here" button.
 */
export const IDLE_WARNING_MS = 10_000;
/** The longest flow duration a rating records (the schema's cap). */
const MAX_DURATION_MS = 24 * 3600 * 1000;

export type FlowSettings = Pick<KioskSettings, 'idleTimeoutMs' | 'cooldownMs' | 'defaultLocale'>;

/** What the machine is told with every event. */
export interface FlowContext {
  /** A monotonic clock in ms (performance.now() in the renderer). */
  now: number;
  /** The language on screen now. */
  locale: Locale;
  settings: FlowSettings;
  /** Makes the id of the next citizen's flow (a UUIDv7 in the renderer). */
  newFlowId: () => string;
}

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
  /** The dossier code as saved ('' for none). */
  dossierCode: string;
}

/** One call to the kiosk, made for one flow; `id` orders the queue and matches the answer. */
export type KioskCall = { id: number; flowId: string } & (
  | { method: 'submitRating'; input: RatingDraft }
  | {
      method: 'updateRating';
      input: RatingDetailsUpdate;
      /** The comment text this call saves, as typed. */
      comment?: string;
      /** This call saves the dossier code. */
      dossier?: boolean;
      /** Done found a failed save: this call saves everything again before the thank-you. */
      resave?: boolean;
    }
  | { method: 'finishRating'; input: RatingRef }
);
/** A call before the queue gives it its id (Omit over each member of the union). */
type WithoutId<C> = C extends unknown ? Omit<C, 'id'> : never;
type NewCall = WithoutId<KioskCall>;

export type FlowEffect = { type: 'call'; call: KioskCall } | { type: 'flowEnded' };

/** Where a dossier-code save stands: shown by the dossier screen. */
export type DossierSaveStatus = 'none' | 'saving' | 'saved' | 'failed' | 'refused';

export interface RatingFlowState {
  screen: ScreenName;
  flow: Flow;
  /** The context's clock at the last event: countdowns on screen are computed from it. */
  now: number;
  error: ErrorCode | null;
  /** A refused rating (per-session cap) may be tried again from then on, as the core said; or null. */
  retryRatingAt: number | null;
  /** The last details save failed: said on the details screen, and Done saves everything again. */
  detailsSaveFailed: boolean;
  /** The face of the last tap, for "try again" after a failed submit. */
  lastScore: Vn3Score | null;
  /** When the typed comment is due to be saved (debounce), or null. */
  commentSaveAt: number | null;
  /** The comment text of a save queued and not answered yet. */
  pendingComment: string | null;
  dossierSave: { status: DossierSaveStatus; closeWhenSaved: boolean };
  /** Done was asked: waiting for the queue to drain ('waiting') or for a full re-save ('resaving'). */
  finishing: 'no' | 'waiting' | 'resaving';
  /** The faces stay disabled until then (anti-abuse), or null. */
  cooldownUntil: number | null;
  thanksUntil: number | null;
  /** The flow times out (back to idle, keeping what was given) then, or null when no timer runs. */
  idleDeadline: number | null;
  /** From then on the countdown to the timeout shows (only where a citizen is giving details), or null. */
  idleWarningAt: number | null;
  /** Calls to the kiosk, one at a time in the order made. */
  calls: { running: KioskCall | null; waiting: KioskCall[]; nextId: number };
}

export type FlowEvent =
  /** Any touch or key anywhere: the first touch of a citizen starts the flow's clock; restarts the idle timer. */
  | { type: 'activity' }
  /** The language or the settings changed: the idle timer is set again. */
  | { type: 'contextChanged' }
  /** "I'm still here" on the idle countdown: the idle timer starts again. */
  | { type: 'stillHere' }
  | { type: 'rate'; score: Vn3Score }
  | { type: 'criterion'; key: CriterionKey; answer: boolean | null }
  | { type: 'commentTyped'; text: string }
  | { type: 'open'; screen: 'details' | 'comment' | 'dossier' }
  /** Save the dossier code (null clears it); `closeWhenSaved` returns to the details once it is on disk. */
  | { type: 'dossierSave'; code: string | null; closeWhenSaved: boolean }
  | { type: 'done' }
  | { type: 'retry' }
  | { type: 'back' }
  /** Time passed: due timers fire. */
  | { type: 'tick' }
  /** The kiosk answered a call. */
  | { type: 'answered'; callId: number; result: Result<unknown> };

export interface Step {
  state: RatingFlowState;
  effects: FlowEffect[];
}

const newFlow = (flowId: string, now: number): Flow => ({
  flowId,
  startedAt: now,
  touched: false,
  ratingId: null,
  score: null,
  criteria: {},
  comment: '',
  savedComment: '',
  dossierCode: '',
});

export function initialFlowState(flowId: string, now: number): RatingFlowState {
  return {
    screen: 'idle',
    flow: newFlow(flowId, now),
    now,
    error: null,
    retryRatingAt: null,
    detailsSaveFailed: false,
    lastScore: null,
    commentSaveAt: null,
    pendingComment: null,
    dossierSave: { status: 'none', closeWhenSaved: false },
    finishing: 'no',
    cooldownUntil: null,
    thanksUntil: null,
    idleDeadline: null,
    idleWarningAt: null,
    calls: { running: null, waiting: [], nextId: 1 },
  };
}

/**
 * What the screens show of the state. The clock and the timers' due times are not in it, so that a
 * touch that only restarts the idle timer renders nothing (the tap-to-screen latency counts it).
 */
export interface FlowView {
  screen: ScreenName;
  flow: Flow;
  error: ErrorCode | null;
  detailsSaveFailed: boolean;
  dossierSaveStatus: DossierSaveStatus;
  /** A rating is being stored: taps on the faces make nothing. */
  saving: boolean;
  coolingDown: boolean;
  /** Seconds left before the idle timeout while its countdown shows; null otherwise. */
  idleSecondsLeft: number | null;
  /** Seconds until a refused rating may be tried again (error screen); null when the core gave no time. */
  retrySecondsLeft: number | null;
}

export function viewOf(state: RatingFlowState): FlowView {
  return {
    screen: state.screen,
    flow: state.flow,
    error: state.error,
    detailsSaveFailed: state.detailsSaveFailed,
    dossierSaveStatus: state.dossierSave.status,
    saving: isSubmitting(state),
    coolingDown: isCoolingDown(state),
    idleSecondsLeft: isIdleWarning(state) && state.idleDeadline !== null ? secondsLeft(state.idleDeadline, state.now) : null,
    retrySecondsLeft: state.retryRatingAt !== null ? secondsLeft(state.retryRatingAt, state.now) : null,
  };
}

/** Two views show the same (field by field; the flow by identity, as the machine copies it on change). */
export function sameView(a: FlowView, b: FlowView): boolean {
  return (Object.keys(a) as (keyof FlowView)[]).every((key) => Object.is(a[key], b[key]));
}

/** A rating is being stored for the current flow: further taps make nothing. */
export function isSubmitting(state: RatingFlowState): boolean {
  const { running, waiting } = state.calls;
  return [running, ...waiting].some((call) => call?.method === 'submitRating' && call.flowId === state.flow.flowId);
}

export const isCoolingDown = (state: RatingFlowState): boolean => state.cooldownUntil !== null;

/** How long the idle countdown lasts for a given idle timeout. */
export const idleWarningMs = (idleTimeoutMs: number): number => Math.min(IDLE_WARNING_MS, Math.floor(idleTimeoutMs / 2));

/** The idle countdown is on screen. */
export const isIdleWarning = (state: RatingFlowState): boolean => state.idleWarningAt !== null && state.now >= state.idleWarningAt;

/** Whole seconds left until a deadline, as a countdown shows them (never below 0). */
export const secondsLeft = (deadline: number, now: number): number => Math.max(0, Math.ceil((deadline - now) / 1000));

/** The next moment a countdown to `deadline` shows one second less. */
const nextSecond = (deadline: number, now: number): number => deadline - (secondsLeft(deadline, now) - 1) * 1000;

/** When the machine next needs a `tick`, or null when nothing is due. */
export function nextWakeAt(state: RatingFlowState): number | null {
  const due = [state.commentSaveAt, state.cooldownUntil, state.thanksUntil, state.idleDeadline];
  if (state.screen === 'error' && state.retryRatingAt !== null && state.now < state.retryRatingAt) {
    due.push(nextSecond(state.retryRatingAt, state.now));
  }
  if (state.idleWarningAt !== null && state.idleDeadline !== null) {
    due.push(isIdleWarning(state) ? nextSecond(state.idleDeadline, state.now) : state.idleWarningAt);
  }
  const times = due.filter((at): at is number => at !== null);
  return times.length > 0 ? Math.min(...times) : null;
}

/** One transition under construction: a copy of the state changed in place, and the effects it makes. */
class Transition {
  readonly effects: FlowEffect[] = [];

  constructor(
    public state: RatingFlowState,
    readonly context: FlowContext,
  ) {}

  get now(): number {
    return this.context.now;
  }

  set(change: Partial<RatingFlowState>): void {
    this.state = { ...this.state, ...change };
  }

  setFlow(change: Partial<Flow>): void {
    this.state = { ...this.state, flow: { ...this.state.flow, ...change } };
  }

  /** Queues a call; it starts at once when no other call is running. */
  enqueue(call: NewCall): void {
    const { running, waiting, nextId } = this.state.calls;
    const queued = { ...call, id: nextId } as KioskCall;
    if (running === null) {
      this.set({ calls: { running: queued, waiting, nextId: nextId + 1 } });
      this.effects.push({ type: 'call', call: queued });
    } else {
      this.set({ calls: { running, waiting: [...waiting, queued], nextId: nextId + 1 } });
    }
  }

  /** The running call was answered: the next one starts. */
  startNext(): void {
    const [next, ...rest] = this.state.calls.waiting;
    this.set({ calls: { running: next ?? null, waiting: rest, nextId: this.state.calls.nextId } });
    if (next) this.effects.push({ type: 'call', call: next });
  }

  /** The flow's duration so far, as the rating records it. */
  durationMs(): number {
    return Math.min(MAX_DURATION_MS, Math.max(0, Math.round(this.now - this.state.flow.startedAt)));
  }

  /** Queues one details update of the current rating (nothing when no rating is stored yet). */
  saveDetails(details: Omit<RatingDetailsUpdate, 'id' | 'locale' | 'durationMs'>, meta: { comment?: string; dossier?: boolean; resave?: boolean } = {}): boolean {
    const { ratingId, flowId } = this.state.flow;
    if (!ratingId) return false;
    this.enqueue({
      method: 'updateRating',
      flowId,
      input: { id: ratingId, ...details, locale: this.context.locale, durationMs: this.durationMs() },
      ...meta,
    });
    return true;
  }

  /** Saves the comment now if it changed since it was last saved (or queued). */
  flushComment(): void {
    this.set({ commentSaveAt: null });
    const { comment, savedComment } = this.state.flow;
    if (comment === (this.state.pendingComment ?? savedComment)) return;
    if (this.saveDetails({ comment: storedComment(comment) }, { comment })) this.set({ pendingComment: comment });
  }

  finishRating(): void {
    const { ratingId, flowId } = this.state.flow;
    if (ratingId) this.enqueue({ method: 'finishRating', flowId, input: { id: ratingId } });
  }

  /** Back to the idle screen for the next citizen (the App switches to the default language). */
  startNextFlow(): void {
    this.set({
      ...initialFlowState(this.context.newFlowId(), this.now),
      calls: this.state.calls,
      cooldownUntil: this.state.cooldownUntil,
    });
    this.effects.push({ type: 'flowEnded' });
  }

  /** The flow ends without the thank-you (idle timeout, "back"): what was given is saved, the rating closed. */
  endFlow(): void {
    this.flushComment();
    this.finishRating();
    this.startNextFlow();
  }

  /** Done: once every queued save is answered, thank — or save everything again if a save had failed. */
  completeDoneWhenDrained(): void {
    if (this.state.finishing !== 'waiting' || this.state.calls.running !== null) return;
    if (!this.state.detailsSaveFailed) return this.thank();
    const { criteria, comment, dossierCode } = this.state.flow;
    this.set({ finishing: 'resaving' });
    this.saveDetails({ criteria, comment: storedComment(comment), dossierCode: dossierCode || null }, { comment, resave: true });
  }

  thank(): void {
    this.finishRating();
    this.set({ finishing: 'no', screen: 'thanks', thanksUntil: this.now + THANKS_MS });
  }

  fail(code: ErrorCode, retryAfterMs?: number): void {
    this.set({ finishing: 'no', screen: 'error', error: code, retryRatingAt: retryAfterMs === undefined ? null : this.now + retryAfterMs });
  }
}

/** An empty or blank comment is stored as none. */
const storedComment = (comment: string): string | null => (comment.trim() === '' ? null : comment);

/** The next state and the effects to run, for one event. Pure: the same inputs give the same outputs. */
export function step(state: RatingFlowState, event: FlowEvent, context: FlowContext): Step {
  const t = new Transition({ ...state, now: context.now }, context);
  apply(t, event);
  keepIdleTimer(state, t, event);
  return { state: t.state, effects: t.effects };
}

function apply(t: Transition, event: FlowEvent): void {
  const { state } = t;
  switch (event.type) {
    case 'activity':
      if (state.screen === 'idle' && !state.flow.touched) t.setFlow({ touched: true, startedAt: t.now });
      return;
    case 'contextChanged':
    case 'stillHere':
      return;
    case 'rate':
      // A second tap (same face or another) while the first is saving makes nothing; the core
      // would answer it with the same rating anyway, as the flow id is the same.
      if (isSubmitting(state) || state.flow.ratingId !== null) return;
      if (state.cooldownUntil !== null && t.now < state.cooldownUntil) return;
      t.set({ lastScore: event.score });
      t.enqueue({
        method: 'submitRating',
        flowId: state.flow.flowId,
        input: { flowId: state.flow.flowId, scale: 'vn3', score: event.score, locale: t.context.locale, durationMs: t.durationMs() },
      });
      return;
    case 'criterion':
      t.setFlow({ criteria: { ...state.flow.criteria, [event.key]: event.answer } });
      t.saveDetails({ criteria: { [event.key]: event.answer } });
      return;
    case 'commentTyped':
      t.setFlow({ comment: event.text });
      t.set({ commentSaveAt: t.now + COMMENT_SAVE_DELAY_MS });
      return;
    case 'open':
      if (state.screen === 'comment') t.flushComment();
      if (event.screen === 'dossier') t.set({ dossierSave: { status: 'none', closeWhenSaved: false } });
      t.set({ screen: event.screen });
      return;
    case 'dossierSave':
      if (t.saveDetails({ dossierCode: event.code }, { dossier: true })) {
        t.set({ dossierSave: { status: 'saving', closeWhenSaved: event.closeWhenSaved } });
      }
      return;
    case 'done':
      if (state.flow.ratingId === null || state.finishing !== 'no') return;
      t.flushComment();
      t.set({ finishing: 'waiting' });
      t.completeDoneWhenDrained();
      return;
    case 'retry':
      if (state.flow.ratingId !== null) return apply(t, { type: 'done' });
      if (state.lastScore !== null) return apply(t, { type: 'rate', score: state.lastScore });
      t.set({ screen: 'idle' });
      return;
    case 'back':
      t.finishRating();
      t.startNextFlow();
      return;
    case 'tick':
      return tick(t);
    case 'answered':
      return answered(t, event.callId, event.result);
  }
}

function tick(t: Transition): void {
  const { now } = t;
  if (t.state.commentSaveAt !== null && now >= t.state.commentSaveAt) t.flushComment();
  if (t.state.cooldownUntil !== null && now >= t.state.cooldownUntil) t.set({ cooldownUntil: null });
  if (t.state.screen === 'thanks' && t.state.thanksUntil !== null && now >= t.state.thanksUntil) {
    t.startNextFlow(); // the rating was closed with the thank-you
    return;
  }
  if (t.state.idleDeadline !== null && now >= t.state.idleDeadline) t.endFlow();
}

function answered(t: Transition, callId: number, result: Result<unknown>): void {
  const call = t.state.calls.running;
  if (!call || call.id !== callId) return; // not the call running: a stray answer changes nothing
  t.startNext();
  const current = call.flowId === t.state.flow.flowId;
  switch (call.method) {
    case 'submitRating':
      if (!current) {
        // The flow ended (idle timeout) while its rating was being stored: close that rating too.
        if (result.ok) t.enqueue({ method: 'finishRating', flowId: call.flowId, input: { id: (result.value as SubmittedRating).id } });
        return;
      }
      if (result.ok) {
        const { cooldownMs } = t.context.settings;
        t.setFlow({ ratingId: (result.value as SubmittedRating).id, score: call.input.score });
        t.set({ screen: 'details', error: null, cooldownUntil: cooldownMs > 0 ? t.now + cooldownMs : null });
      } else {
        t.fail(result.error.code, result.error.retryAfterMs);
      }
      return;
    case 'updateRating': {
      if (!current) return;
      // A value the core refuses (invalid_input) is not a storage failure: saving it again would not help.
      const refused = !result.ok && result.error.code === 'invalid_input';
      if (call.comment !== undefined) {
        if (result.ok) t.setFlow({ savedComment: call.comment });
        if (t.state.pendingComment === call.comment) t.set({ pendingComment: null });
      }
      if (call.dossier) {
        if (result.ok) {
          const code = call.input.dossierCode ?? '';
          t.setFlow({ dossierCode: code });
          const close = t.state.dossierSave.closeWhenSaved && t.state.screen === 'dossier';
          t.set({ dossierSave: { status: 'saved', closeWhenSaved: false } });
          if (close) t.set({ screen: 'details' });
        } else {
          t.set({ dossierSave: { status: refused ? 'refused' : 'failed', closeWhenSaved: false } });
        }
      }
      if (!refused) t.set({ detailsSaveFailed: !result.ok });
      if (call.resave) {
        if (result.ok) t.thank();
        else t.fail('storage_unavailable');
        return;
      }
      t.completeDoneWhenDrained();
      return;
    }
    case 'finishRating':
      if (current) t.completeDoneWhenDrained();
      return;
  }
}

/**
 * The idle timer runs everywhere but on the thank-you (which ends by itself) and on the idle screen
 * in the default language (nothing to reset there). It starts again on every screen change, touch,
 * key, "I'm still here", and change of language or settings. Where the citizen is giving details,
 * its last seconds show as a countdown.
 */
function keepIdleTimer(before: RatingFlowState, t: Transition, event: FlowEvent): void {
  const { screen } = t.state;
  const runs = screen !== 'thanks' && !(screen === 'idle' && t.context.locale === t.context.settings.defaultLocale);
  if (!runs) {
    if (t.state.idleDeadline !== null) t.set({ idleDeadline: null, idleWarningAt: null });
    return;
  }
  const restart =
    t.state.idleDeadline === null ||
    screen !== before.screen ||
    t.state.flow.flowId !== before.flow.flowId ||
    event.type === 'activity' ||
    event.type === 'stillHere' ||
    event.type === 'contextChanged';
  if (!restart) return;
  const { idleTimeoutMs } = t.context.settings;
  const idleDeadline = t.now + idleTimeoutMs;
  const givingDetails = screen === 'details' || screen === 'comment' || screen === 'dossier';
  t.set({ idleDeadline, idleWarningAt: givingDetails ? idleDeadline - idleWarningMs(idleTimeoutMs) : null });
}
