import { sql, type RawBuilder, type Transaction } from 'kysely';
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

  /** The new ratings per Vietnam day: the counts the batch's write statement adds (volumeUpsert). */
  days(ratings: ReadonlyArray<{ id: string; at: number }>): Map<number, { id: string; at: number }[]> {
    const byDay = new Map<number, { id: string; at: number }[]>();
    for (const rating of ratings) {
      const day = vietnamDayOf(rating.at);
      const list = byDay.get(day);
      if (list) list.push(rating);
      else byDay.set(day, [rating]);
    }
    return byDay;
  }

  /**
   * The unit's plausible maximum when known lately, else the query of its busiest counter-day for
   * the batch's read statement (then give its answer to `remember`).
   */
  maximum(unitId: string, now: number): { max: number } | { busiest: RawBuilder<number | null> } {
    const known = this.maxima.get(unitId);
    if (known && now - known.at < REFRESH_MS && now >= known.at) return { max: known.max };
    const today = vietnamDayOf(now);
    return {
      busiest: sql<number | null>`(SELECT max(n) FROM (SELECT sum(ratings) AS n FROM rating_rollup_days
         WHERE unit_id = ${unitId} AND day >= ${today - HISTORY_DAYS} AND day < ${today} GROUP BY counter_id, day) AS days)`,
    };
  }

  /** factor × the unit's busiest counter-day over the last four weeks, at least the floor; kept an hour. */
  remember(unitId: string, busiest: number | string | null, now: number): number {
    const max = Math.max(this.rule.floor, Math.ceil(this.rule.factor * Number(busiest ?? 0)));
    this.maxima.set(unitId, { max, at: now });
    return max;
  }

  /**
   * Once the day counts are added (`totals`, the device's ratings of each day now): a day above
   * the maximum raises or grows its flag.
   */
  async flagAbove(
    trx: Transaction<ServerDatabase>,
    device: { id: string; unit_id: string },
    byDay: ReadonlyMap<number, { id: string; at: number }[]>,
    totals: ReadonlyMap<number, number>,
    max: number,
    now: number,
  ): Promise<void> {
    for (const [day, added] of byDay) {
      const total = totals.get(day);
      if (total === undefined) throw new Error(`the volume of day ${day} was not counted`);
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
}
