import type { Database, Statement, Transaction } from 'better-sqlite3';
import { unansweredCriteria, type CriteriaAnswers } from '../../shared/criteria';
import type { KioskSettings, SubmittedRating } from '../../shared/contract';
import { checkDossierCode, type DossierCodeProblem } from '../../shared/dossier-code';
import type { DeskRole, RatingDetailsUpdateSchema, RatingDraftSchema, RatingV1 } from '../../shared/rating';
import type { z } from 'zod';
import { uuidv7 } from '../../shared/uuid';
import { RatingRateLimiter } from './rating-limits';
import { advanceChain, nextChainPosition, ratingLink } from './record-chain';
import { readKioskSettings } from './settings';

/** After this long a rating takes no more details, even if the flow never said it finished. */
export const DETAILS_WINDOW_MS = 15 * 60 * 1000;

/**
 * "This rating is still open for details", the one rule, as SQL over a `ratings` row with the
 * moment bound as `@now`: its flow has not finished, it has not been sent, and its details window
 * has not passed. Details are saved only while it holds; the outbox sends a rating, and closes it
 * for good, only once it no longer holds — so a rating is never sent and then changed. The check
 * does not trust the clock alone: a sent rating is closed even if the clock steps back.
 */
export const OPEN_FOR_DETAILS = `(closed_at IS NULL AND sent_at IS NULL AND created_at > @now - ${DETAILS_WINDOW_MS})`;

/** Where the kiosk stands and whom it rates right now, read from the core's own records. */
export interface CurrentPlace {
  unitId: string;
  counterId: string;
  deskRole: DeskRole;
  staffId: string | null;
  staffSessionId: string | null;
  clockOffsetMs: number | null;
}

/**
 * Reads the current place in one prepared query. It is read inside the rating's own transaction,
 * so the officer recorded is the one logged in at the moment of the commit.
 */
export class CurrentPlaceReader {
  private readonly place: Statement;

  constructor(db: Database) {
    this.place = db.prepare(
      `SELECT c.id AS counterId, c.unit_id AS unitId, c.desk_role AS deskRole,
              s.staff_id AS staffId, s.id AS staffSessionId,
              (SELECT clock_offset_ms FROM device_state WHERE id = 1) AS clockOffsetMs
       FROM counters c
       LEFT JOIN staff_sessions s ON s.counter_id = c.id AND s.ended_at IS NULL
       WHERE c.id = (SELECT json_extract(value, '$') FROM settings WHERE key = 'counterId')`,
    );
  }

  read(): CurrentPlace | null {
    return (this.place.get() as CurrentPlace | undefined) ?? null;
  }
}

/** Why no rating can be made now. */
export type NoRatingReason = 'not_configured' | 'rating_disabled';

/**
 * "Can a rating be made now", the one decision: a counter is configured, and an officer is on
 * duty there or the unit allows rating the counter alone. The kiosk's state shows it
 * (`ratingEnabled`) and the submit applies it inside the rating's transaction.
 */
export function placeForRating(place: CurrentPlace | null, settings: KioskSettings): CurrentPlace | NoRatingReason {
  if (!place) return 'not_configured';
  if (place.staffSessionId === null && !settings.allowRatingWithoutOfficer) return 'rating_disabled';
  return place;
}

/** Why a submit made no rating. */
export type SubmitRefusal = NoRatingReason | RateLimited;
/** Too many ratings for this staff session in the last minute: refused, and the attempt counted. */
export interface RateLimited {
  refused: 'rate_limited';
  retryAfterMs: number;
}

/** A details update whose dossier code is not one of this unit's: refused, nothing changed. */
export interface DossierCodeRefused {
  refused: 'dossier_code';
  problem: DossierCodeProblem;
}

/** Who this kiosk is, and which start of its core this is; the rest of a rating's context comes from CurrentPlace. */
export interface DeviceIdentity {
  deviceId: string;
  appVersion: string;
  /** The core's boot (boot-clock.ts): with the rating's monotonic time, its time whatever the wall clock says. */
  bootId: string;
}

/** When a rating is made: the wall clock, and this boot's monotonic clock beside it. */
export interface Moment {
  now: number;
  monotonicMs: number;
}

const UNANSWERED_CRITERIA_JSON = JSON.stringify(unansweredCriteria());

type ParsedDraft = z.output<typeof RatingDraftSchema>;
type ParsedUpdate = z.output<typeof RatingDetailsUpdateSchema>;

interface RatingRow {
  id: string;
  seq: number;
  created_at: number;
  criteria: string;
  closed_at: number | null;
}

/** Prepared statements of the submit path, made once per database: the hot path only binds and runs. */
export class RatingStore {
  private readonly byFlow: Statement;
  private readonly byId: Statement;
  private readonly openById: Statement;
  private readonly closeById: Statement;
  private readonly insert: Statement;
  private readonly places: CurrentPlaceReader;
  readonly limiter: RatingRateLimiter;
  private readonly submitTx: Transaction<
    (draft: ParsedDraft, device: DeviceIdentity, at: Moment) => SubmittedRating | SubmitRefusal
  >;

  constructor(private readonly db: Database) {
    this.places = new CurrentPlaceReader(db);
    this.limiter = new RatingRateLimiter(db);
    this.byFlow = db.prepare('SELECT id, seq, created_at FROM ratings WHERE flow_id = ?');
    this.byId = db.prepare('SELECT id, seq, created_at, criteria, closed_at FROM ratings WHERE id = ?');
    this.openById = db.prepare(`SELECT id, seq, created_at, criteria FROM ratings WHERE id = @id AND ${OPEN_FOR_DETAILS}`);
    this.closeById = db.prepare('UPDATE ratings SET closed_at = ? WHERE id = ? AND closed_at IS NULL');
    this.insert = db.prepare(
      `INSERT INTO ratings (id, seq, flow_id, device_id, unit_id, counter_id, desk_role, staff_id,
         staff_session_id, created_at, clock_offset_ms, scale, score, criteria, comment, dossier_code,
         locale, duration_ms, app_version, updated_at, boot_id, monotonic_ms, prev_hash, chain_hash)
       VALUES (@id, @seq, @flowId, @deviceId, @unitId, @counterId, @deskRole, @staffId,
         @staffSessionId, @createdAt, @clockOffsetMs, @scale, @score, @criteria, NULL, NULL,
         @locale, @durationMs, @appVersion, @createdAt, @bootId, @monotonicMs, @prevHash, @chainHash)`,
    );
    this.submitTx = db.transaction((draft: ParsedDraft, device: DeviceIdentity, { now, monotonicMs }: Moment) => {
      // A second tap of the same flow (double tap, retried call) returns the first rating.
      const existing = this.byFlow.get(draft.flowId) as Pick<RatingRow, 'id' | 'seq' | 'created_at'> | undefined;
      if (existing) return { id: existing.id, seq: existing.seq, createdAt: existing.created_at };
      const settings = readKioskSettings(db);
      const place = placeForRating(this.places.read(), settings);
      if (typeof place === 'string') return place;
      // The per-session cap (anti-abuse) is decided here, in the same transaction as the insert.
      const decision = this.limiter.check(place, now, settings.maxRatingsPerSessionPerMinute);
      if (!decision.allowed) {
        this.limiter.recordRefusal(place, draft.flowId, now);
        return { refused: 'rate_limited', retryAfterMs: decision.retryAfterMs } satisfies RateLimited;
      }
      // The next place in the record chain: seq never goes back, and the link is made in this transaction.
      const { seq, prevHash } = nextChainPosition(db);
      const rating = { id: uuidv7(now), seq, createdAt: now };
      const fixed = {
        id: rating.id,
        seq,
        unitId: place.unitId,
        counterId: place.counterId,
        deskRole: place.deskRole,
        staffId: place.staffId,
        staffSessionId: place.staffSessionId,
        createdAt: now,
        clockOffsetMs: place.clockOffsetMs,
        scale: draft.scale,
        score: draft.score,
        appVersion: device.appVersion,
        bootId: device.bootId,
        monotonicMs,
      };
      const chainHash = ratingLink(prevHash, fixed);
      this.insert.run({
        ...fixed,
        deviceId: device.deviceId,
        flowId: draft.flowId,
        criteria: UNANSWERED_CRITERIA_JSON,
        locale: draft.locale,
        durationMs: draft.durationMs ?? null,
        prevHash,
        chainHash,
      });
      advanceChain(db, seq, chainHash);
      return rating;
    });
  }

  /**
   * Stores a new rating in one durable transaction, attributed to the place and officer of the
   * moment, and answers only after the commit. Refuses when the kiosk cannot rate now.
   */
  submit(draft: ParsedDraft, device: DeviceIdentity, at: Moment): SubmittedRating | SubmitRefusal {
    return this.submitTx.immediate(draft, device, at);
  }

  /** Where a rating made now would be attributed, or why none can be made: for the kiosk's state. */
  placeForRating(settings: KioskSettings): CurrentPlace | NoRatingReason {
    return placeForRating(this.places.read(), settings);
  }

  /**
   * Saves optional details to a rating still open for them. Returns null when the rating does not
   * exist or is closed (its flow ended, or the details window passed), and refuses a dossier code
   * that the unit's pattern does not accept (the same check as the renderer's, so it cannot be
   * bypassed): nothing is changed then.
   */
  update(update: ParsedUpdate, now: number): SubmittedRating | DossierCodeRefused | null {
    if (update.dossierCode) {
      const check = checkDossierCode(update.dossierCode, readKioskSettings(this.db).dossierCodePattern);
      if (!check.ok) return { refused: 'dossier_code', problem: check.problem };
    }
    return this.db.transaction(() => {
      const row = this.openById.get({ id: update.id, now }) as Omit<RatingRow, 'closed_at'> | undefined;
      if (!row) return null;
      const sets: string[] = ['updated_at = @now'];
      const values: Record<string, unknown> = { id: update.id, now };
      if (update.criteria) {
        const merged: CriteriaAnswers = { ...(JSON.parse(row.criteria) as CriteriaAnswers), ...update.criteria };
        sets.push('criteria = @criteria');
        values.criteria = JSON.stringify(merged);
      }
      if (update.comment !== undefined) {
        sets.push('comment = @comment');
        values.comment = update.comment === null || update.comment.trim() === '' ? null : update.comment;
      }
      if (update.dossierCode !== undefined) {
        sets.push('dossier_code = @dossierCode');
        values.dossierCode = update.dossierCode;
      }
      if (update.locale !== undefined) {
        sets.push('locale = @locale');
        values.locale = update.locale;
      }
      if (update.durationMs !== undefined) {
        sets.push('duration_ms = @durationMs');
        values.durationMs = update.durationMs;
      }
      this.db.prepare(`UPDATE ratings SET ${sets.join(', ')} WHERE id = @id`).run(values);
      return { id: row.id, seq: row.seq, createdAt: row.created_at };
    }).immediate();
  }

  /**
   * The citizen's flow ended (thank-you or idle timeout): the rating is complete and may be sent.
   * `closedNow` says whether this call closed it (a repeated finish, or a rating the outbox
   * already closed, changes nothing).
   */
  close(id: string, now: number): { rating: SubmittedRating; closedNow: boolean } | null {
    const row = this.byId.get(id) as RatingRow | undefined;
    if (!row) return null;
    const closedNow = row.closed_at === null && this.closeById.run(now, id).changes > 0;
    return { rating: { id: row.id, seq: row.seq, createdAt: row.created_at }, closedNow };
  }
}

interface StoredRatingRow {
  id: string;
  seq: number;
  device_id: string;
  unit_id: string;
  counter_id: string;
  desk_role: DeskRole;
  staff_id: string | null;
  staff_session_id: string | null;
  created_at: number;
  clock_offset_ms: number | null;
  scale: 'vn3';
  score: 1 | 2 | 3;
  criteria: string;
  comment: string | null;
  dossier_code: string | null;
  locale: 'vi' | 'en';
  duration_ms: number | null;
  app_version: string;
  boot_id: string | null;
  monotonic_ms: number | null;
  prev_hash: string | null;
}

/** A stored row as Rating v1 of the sync protocol (a row of an older kiosk has no boot). */
export function toRatingV1(row: StoredRatingRow): RatingV1 {
  return {
    id: row.id,
    deviceId: row.device_id,
    seq: row.seq,
    unitId: row.unit_id,
    counterId: row.counter_id,
    deskRole: row.desk_role,
    staffId: row.staff_id,
    staffSessionId: row.staff_session_id,
    createdAt: row.created_at,
    clockOffsetMs: row.clock_offset_ms,
    scale: row.scale,
    score: row.score,
    criteria: JSON.parse(row.criteria) as CriteriaAnswers,
    comment: row.comment,
    dossierCode: row.dossier_code,
    locale: row.locale,
    durationMs: row.duration_ms,
    appVersion: row.app_version,
    ...(row.boot_id !== null && row.monotonic_ms !== null ? { bootId: row.boot_id, monotonicMs: row.monotonic_ms } : {}),
    // Ratings made before the chain (migration 0009) have none.
    ...(row.prev_hash ? { prevHash: row.prev_hash } : {}),
  };
}

export function readRatingV1(db: Database, id: string): RatingV1 | null {
  const row = db.prepare('SELECT * FROM ratings WHERE id = ?').get(id) as StoredRatingRow | undefined;
  return row ? toRatingV1(row) : null;
}
