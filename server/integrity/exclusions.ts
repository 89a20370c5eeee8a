/**
 * What the reports count (docs/integrity.md, "What reports count"). A rating is in the rollups
 * (`ratings.counted`) unless its time is uncertain (reports give those a line of their own), a
 * confirmed flag covers it, or an open flag of a reason held out until reviewed covers it (a
 * device's volume above the plausible maximum). Every change of a flag's status or of the ratings
 * it covers goes through countOnlyWhatShould in the same transaction, which moves exactly the
 * ratings whose state changed into or out of the rollups: a rating under two confirmed flags
 * leaves the rollups once, and comes back only when neither holds it any more.
 */
import { sql, type Kysely } from 'kysely';
import type { ServerDatabase } from '../db/schema';
import { putBackInRollups, subtractFromRollups } from '../reports/rollups';
import type { RatingFlagReason } from './rating-flags';

/** Reasons whose open flags hold their ratings out of reports until a reviewer decides (the "held out until reviewed"). */
export const HELD_UNTIL_REVIEWED: readonly RatingFlagReason[] = ['device_volume'];

/** The ratings are re-read and moved in chunks of this many, so a flag over a flood stays within one statement's parameters. */
const CHUNK = 2_000;

/**
 * Brings the given ratings' `counted` state and the rollups in line with their flags. Runs in the
 * caller's transaction (a decision, or the ingest that raised a flag); answers how many ratings
 * left and how many returned to the rollups.
 */
export async function countOnlyWhatShould(trx: Kysely<ServerDatabase>, ratingIds: readonly string[]): Promise<{ removed: number; restored: number }> {
  let removed = 0;
  let restored = 0;
  const unique = [...new Set(ratingIds)].sort();
  for (let start = 0; start < unique.length; start += CHUNK) {
    const ids = unique.slice(start, start + CHUNK);
    const rows = await trx
      .selectFrom('ratings as r')
      .select(['r.id', 'r.counted', 'r.time_uncertain', 'r.corrected_at', 'r.unit_id', 'r.counter_id', 'r.desk_role', 'r.staff_id', 'r.score', 'r.criteria', 'r.comment'])
      .select((eb) =>
        eb
          .exists(
            eb
              .selectFrom('rating_flag_ratings as fr')
              .innerJoin('rating_flags as f', 'f.id', 'fr.flag_id')
              .select(sql`1`.as('one'))
              .whereRef('fr.rating_id', '=', 'r.id')
              .where((w) => w.or([w('f.status', '=', 'confirmed'), w.and([w('f.status', '=', 'open'), w('f.reason', 'in', HELD_UNTIL_REVIEWED)])])),
          )
          .as('held_out'),
      )
      .where('r.id', 'in', ids)
      .orderBy('r.id')
      // One decision at a time per rating: two reviewers deciding flags over the same ratings cannot both move them.
      .forUpdate()
      .execute();
    const leaving = rows.filter((row) => row.counted && (row.held_out || row.time_uncertain));
    const returning = rows.filter((row) => !row.counted && !row.held_out && !row.time_uncertain);
    if (leaving.length > 0) {
      await trx.updateTable('ratings').set({ counted: false }).where('id', 'in', leaving.map((row) => row.id)).execute();
      await subtractFromRollups(trx, leaving);
    }
    if (returning.length > 0) {
      await trx.updateTable('ratings').set({ counted: true }).where('id', 'in', returning.map((row) => row.id)).execute();
      await putBackInRollups(trx, returning);
    }
    removed += leaving.length;
    restored += returning.length;
  }
  return { removed, restored };
}
