import { randomUUID } from 'node:crypto';
import type { CampaignPeriod } from '../../shared/console/api';
import { calendarPeriod, CALENDAR_KINDS, type CalendarKind, type Period, type PeriodKind } from '../../shared/reports/periods';
import type { ServerDb } from '../db/connect';
import { ConsoleError } from './errors';

/**
 * The period a page asks for (its query, already parsed): a range unless it names its kind, and a
 * calendar kind only when its days are exactly one such period.
 */
export function requestedPeriod(query: { from: string; to: string; kind?: PeriodKind | undefined }): Period {
  const period: Period = { kind: query.kind ?? 'range', from: query.from, to: query.to };
  if ((CALENDAR_KINDS as readonly string[]).includes(period.kind)) {
    const calendar = calendarPeriod(period.kind as CalendarKind, period.from);
    if (calendar.from !== period.from || calendar.to !== period.to) {
      throw new ConsoleError(400, 'invalid_period', { detail: `kind: ${period.from}…${period.to} is not one ${period.kind}` }, 'kind');
    }
  }
  return period;
}

export async function listCampaignPeriods(db: ServerDb): Promise<CampaignPeriod[]> {
  const rows = await db.selectFrom('report_periods').selectAll().orderBy('from_day').orderBy('to_day').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, from: r.from_day, to: r.to_day }));
}

export async function createCampaignPeriod(db: ServerDb, input: Omit<CampaignPeriod, 'id'>, now: number): Promise<CampaignPeriod> {
  const id = randomUUID();
  await db.insertInto('report_periods').values({ id, name: input.name, from_day: input.from, to_day: input.to, created_at: now }).execute();
  return { id, ...input };
}

/** True when a period was deleted. Periods are only names for ranges: no figure depends on them. */
export async function deleteCampaignPeriod(db: ServerDb, id: string): Promise<boolean> {
  const result = await db.deleteFrom('report_periods').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
