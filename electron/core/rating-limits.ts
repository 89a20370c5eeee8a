import type { Database, Statement } from 'better-sqlite3';

/** The window of the per-session cap. */
export const RATE_WINDOW_MS = 60_000;

export interface RatedPlace {
  unitId: string;
  counterId: string;
  staffId: string | null;
  staffSessionId: string | null;
}

export interface RateDecision {
  allowed: boolean;
  /** When refused: how long until the oldest rating of the window leaves it. */
  retryAfterMs: number;
}

/**
 * The cap on ratings per staff session per minute (setting maxRatingsPerSessionPerMinute, given
 * by the caller from the settings in force), enforced in the core inside the rating's own
 * transaction: the renderer is never trusted with it.
 * With no officer logged in (a unit that allows rating the counter alone) the cap applies to the
 * counter's ratings without a session. Refused attempts are counted in `rating_refusals`.
 */
export class RatingRateLimiter {
  private readonly inSession: Statement;
  private readonly atCounterWithoutSession: Statement;
  private readonly refuse: Statement;
  private readonly refusals: Statement;

  constructor(db: Database) {
    this.inSession = db.prepare(
      `SELECT count(*) AS n, min(created_at) AS oldest FROM ratings
       WHERE staff_session_id = ? AND created_at > ?`,
    );
    this.atCounterWithoutSession = db.prepare(
      `SELECT count(*) AS n, min(created_at) AS oldest FROM ratings
       WHERE counter_id = ? AND staff_session_id IS NULL AND created_at > ?`,
    );
    this.refuse = db.prepare(
      `INSERT INTO rating_refusals (at, reason, flow_id, unit_id, counter_id, staff_id, staff_session_id)
       VALUES (@at, 'rate_limited', @flowId, @unitId, @counterId, @staffId, @staffSessionId)
       ON CONFLICT (flow_id, reason) DO NOTHING`,
    );
    this.refusals = db.prepare('SELECT count(*) AS n FROM rating_refusals');
  }

  /** Whether one more rating fits in the window ending at `now`, under a cap of `maxPerMinute`. */
  check(place: RatedPlace, now: number, maxPerMinute: number): RateDecision {
    const since = now - RATE_WINDOW_MS;
    const { n, oldest } = (
      place.staffSessionId !== null
        ? this.inSession.get(place.staffSessionId, since)
        : this.atCounterWithoutSession.get(place.counterId, since)
    ) as { n: number; oldest: number | null };
    if (n < maxPerMinute) return { allowed: true, retryAfterMs: 0 };
    return { allowed: false, retryAfterMs: Math.max(1, (oldest ?? now) + RATE_WINDOW_MS - now) };
  }

  /** Counts a refused attempt (once per flow). */
  recordRefusal(place: RatedPlace, flowId: string, now: number): void {
    this.refuse.run({ ...place, flowId, at: now });
  }

  /** Refused attempts stored so far. */
  refusedCount(): number {
    return (this.refusals.get() as { n: number }).n;
  }
}
