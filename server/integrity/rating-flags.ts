import { sql, type Kysely } from 'kysely';
import { uuidv7 } from '../../shared/uuid';
import type { ServerDatabase } from '../db/schema';
import { countOnlyWhatShould, HELD_UNTIL_REVIEWED } from './exclusions';

/**
 * Why a flag was raised (docs/integrity.md). Flags never drop a rating: an open flag's ratings
 * still count (reports say how many are unreviewed), a confirmed flag's ratings are excluded with
 * its reason, a dismissed flag's ratings count as before.
 */
export const RATING_FLAG_REASONS = [
  /** A rating for an officer whose staff session the server never received. */
  'no_session',
  /** A device's ratings in one day above the plausible maximum. */
  'device_volume',
  /** Ratings in a session faster than citizens can be served. */
  'burst',
  /** Ratings within seconds of the officer's own login. */
  'near_login',
  /** Ratings just before the officer's logout. */
  'near_logout',
  /** A session's share of "Rất hài lòng" far above the officer's usual while the counter is unusually busy. */
  'share_spike',
  /** Ratings outside the unit's opening hours. */
  'off_hours',
  /** Ratings whose time could not be trusted (stored at their arrival time). */
  'uncertain_time',
] as const;
export type RatingFlagReason = (typeof RATING_FLAG_REASONS)[number];

export interface FlagFinding {
  reason: RatingFlagReason;
  /** What the finding is about, e.g. `session:<id>` or `device:<id>:<day>`: one flag per reason and subject. */
  subject: string;
  unitId: string;
  deviceId?: string | null;
  staffId?: string | null;
  staffSessionId?: string | null;
  /** The ratings the finding covers, with their (corrected) times. */
  ratings: ReadonlyArray<{ id: string; at: number }>;
  /** The times, counts and thresholds that raised it; shown to the reviewer. Never a comment. */
  evidence: Record<string, unknown>;
}

/**
 * Records a finding: a new open flag, or, when the same reason and subject was flagged before,
 * the further ratings added to that flag (its evidence replaced by the latest). Meant to run in
 * the transaction that stored the ratings, so a rating is never stored without its flag. Ratings
 * added to a flag that holds its ratings out of reports (exclusions.ts) leave the rollups at once.
 * Returns the flag's id.
 */
export async function raiseFlag(db: Kysely<ServerDatabase>, finding: FlagFinding, now: number): Promise<string> {
  if (finding.ratings.length === 0) throw new Error('a flag covers at least one rating');
  const times = finding.ratings.map((r) => r.at);
  const firstAt = Math.min(...times);
  const lastAt = Math.max(...times);
  const evidence = JSON.stringify(finding.evidence);
  const row = await db
    .insertInto('rating_flags')
    .values({
      id: uuidv7(now),
      reason: finding.reason,
      subject: finding.subject,
      status: 'open',
      unit_id: finding.unitId,
      device_id: finding.deviceId ?? null,
      staff_id: finding.staffId ?? null,
      staff_session_id: finding.staffSessionId ?? null,
      first_at: firstAt,
      last_at: lastAt,
      rating_count: 0,
      evidence,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc.columns(['reason', 'subject']).doUpdateSet({
        first_at: sql`least(rating_flags.first_at, excluded.first_at)`,
        last_at: sql`greatest(rating_flags.last_at, excluded.last_at)`,
        evidence: sql`excluded.evidence`,
        updated_at: sql`excluded.updated_at`,
      }),
    )
    .returning(['id', 'status'])
    .executeTakeFirstOrThrow();
  await db
    .insertInto('rating_flag_ratings')
    .values(finding.ratings.map((r) => ({ flag_id: row.id, rating_id: r.id })))
    .onConflict((oc) => oc.columns(['flag_id', 'rating_id']).doNothing())
    .execute();
  await db
    .updateTable('rating_flags')
    .set({
      rating_count: (eb) =>
        eb.selectFrom('rating_flag_ratings').select((s) => s.fn.countAll<number>().as('n')).where('flag_id', '=', row.id),
    })
    .where('id', '=', row.id)
    .execute();
  // A flag that holds its ratings out of reports (confirmed, or open for a reason held until reviewed) holds the new ones too.
  if (row.status === 'confirmed' || (row.status === 'open' && HELD_UNTIL_REVIEWED.includes(finding.reason))) {
    await countOnlyWhatShould(db, finding.ratings.map((r) => r.id));
  }
  return row.id;
}
