/**
 * The flags that cost nothing at ingest (docs/integrity.md, "Flags and when they are computed"):
 * ratings whose time could not be trusted. They are raised in the transaction that stored the
 * ratings, so such a rating is never stored without its flag. The checks that need a session's
 * or a counter's history run in the periodic job (gaming-checks.ts).
 */
import type { Insertable, Transaction } from 'kysely';
import { formatDay, vietnamDayOf } from '../../shared/reports/periods';
import type { ServerDatabase } from '../db/schema';
import { raiseFlag } from './rating-flags';

type StoredRating = Pick<Insertable<ServerDatabase['ratings']>, 'id' | 'unit_id' | 'device_id' | 'received_at' | 'corrected_at' | 'time_uncertain'>;

let checkedOnArrival = true;

/** For bench/gaming-flags-ingest.ts only: ingest without the checks at arrival, to measure what they cost in the same run. */
export function checkOnArrival(check: boolean): void {
  checkedOnArrival = check;
}

/** Raises, for the ratings just inserted, one `uncertain_time` flag per device and day of arrival. */
export async function flagOnArrival(trx: Transaction<ServerDatabase>, device: { id: string; unit_id: string }, inserted: readonly StoredRating[], receivedAt: number): Promise<void> {
  const uncertain = inserted.filter((row) => row.time_uncertain === true);
  if (uncertain.length === 0 || !checkedOnArrival) return;
  const day = formatDay(vietnamDayOf(receivedAt));
  await raiseFlag(
    trx,
    {
      reason: 'uncertain_time',
      subject: `device:${device.id}:${day}`,
      unitId: device.unit_id,
      deviceId: device.id,
      ratings: uncertain.map((row) => ({ id: row.id, at: row.received_at })),
      evidence: { receivedDay: day, ratingsInLastBatch: uncertain.length },
    },
    receivedAt,
  );
}
