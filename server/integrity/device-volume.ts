import { sql, type Transaction } from 'kysely';
import { vietnamDayOf, vietnamDayStart } from '../../shared/reports/periods';
import type { ServerDatabase } from '../db/schema';
import { raiseFlag } from './rating-flags';

/** The plausible maximum of one device's ratings in a day (ServerLimits): factor × the unit's busiest counter-day, and never below the floor. */
export interface DeviceVolumeRule {
  factor: number;
  floor: number;
}

/** Days of the unit's history the busiest counter-day is taken from. */
const HISTORY_DAYS = 28;
/** A unit's maximum is recomputed at most this often. */
const REFRESH_MS = 60 * 60 * 1000;

/**
 * The device-volume check at ingest (docs/integrity.md "Device volume"): each device's ratings per
 * Vietnam day are counted as they are stored; a day above the unit's plausible maximum raises a
 * `device_volume` flag for the device and day, covering every rating of that day (those before
 * the crossing too) and growing with each later one. The ratings are kept; the report code holds
 * ratings under an open `device_volume` flag out of reports until a reviewer decides.
 */
export class DeviceVolumeCheck {
  private readonly maxima = new Map<string, { max: number; at: number }>();

  constructor(private readonly rule: DeviceVolumeRule) {}

  async check(
    trx: Transaction<ServerDatabase>,
    device: { id: string; unit_id: string },
    ratings: ReadonlyArray<{ id: string; at: number }>,
    now: number,
  ): Promise<void> {
    if (ratings.length === 0) return;
    const byDay = new Map<number, { id: string; at: number }[]>();
    for (const rating of ratings) {
      const day = vietnamDayOf(rating.at);
      const list = byDay.get(day);
      if (list) list.push(rating);
      else byDay.set(day, [rating]);
    }
    const max = await this.maximum(trx, device.unit_id, now);
    for (const [day, added] of byDay) {
      const { ratings: total } = await trx
        .insertInto('device_day_volumes')
        .values({ device_id: device.id, day, ratings: added.length })
        .onConflict((oc) => oc.columns(['device_id', 'day']).doUpdateSet({ ratings: sql`device_day_volumes.ratings + excluded.ratings` }))
        .returning('ratings')
        .executeTakeFirstOrThrow();
      if (total <= max) continue;
      // The day's first crossing covers every rating of the device that day; later batches add theirs.
      const covered =
        total - added.length <= max
          ? (
              await trx
                .selectFrom('ratings')
                .select(['id', 'corrected_at'])
                .where('device_id', '=', device.id)
                .where('corrected_at', '>=', vietnamDayStart(day))
                .where('corrected_at', '<', vietnamDayStart(day + 1))
                .execute()
            ).map((row) => ({ id: row.id, at: row.corrected_at }))
          : added;
      await raiseFlag(
        trx,
        {
          reason: 'device_volume',
          subject: `device:${device.id}:${day}`,
          unitId: device.unit_id,
          deviceId: device.id,
          ratings: covered,
          evidence: { day: vietnamDayStart(day), ratings: total, maximum: max, factor: this.rule.factor, floor: this.rule.floor },
        },
        now,
      );
    }
  }

  /** factor × the unit's busiest counter-day over the last four weeks, at least the floor; kept an hour. */
  private async maximum(trx: Transaction<ServerDatabase>, unitId: string, now: number): Promise<number> {
    const known = this.maxima.get(unitId);
    if (known && now - known.at < REFRESH_MS && now >= known.at) return known.max;
    const today = vietnamDayOf(now);
    const row = await trx
      .selectFrom((qb) =>
        qb
          .selectFrom('rating_rollup_days')
          .select((eb) => eb.fn.sum<number>('ratings').as('n'))
          .where('unit_id', '=', unitId)
          .where('day', '>=', today - HISTORY_DAYS)
          .where('day', '<', today)
          .groupBy(['counter_id', 'day'])
          .as('days'),
      )
      .select((eb) => eb.fn.max<number | null>('n').as('busiest'))
      .executeTakeFirst();
    const max = Math.max(this.rule.floor, Math.ceil(this.rule.factor * Number(row?.busiest ?? 0)));
    this.maxima.set(unitId, { max, at: now });
    return max;
  }
}
