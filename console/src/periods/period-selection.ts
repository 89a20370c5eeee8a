/**
 * The period picker's logic, apart from its looks: the period a URL names (or the default),
 * stepping to the previous or next period, switching between kinds, and what the URL keeps.
 * Calendar arithmetic is shared/reports/periods.ts's, the same the server reports with.
 */
import type { CampaignPeriod } from '../../../shared/console/api';
import { CALENDAR_KINDS, calendarPeriod, checkPeriod, nextPeriod, previousPeriod, type CalendarKind, type Period, type PeriodKind } from '../../../shared/reports/periods';

export type { Period, PeriodKind };

/** The kinds in the order the picker offers them. */
export const PERIOD_KINDS: readonly PeriodKind[] = ['day', 'week', 'month', 'quarter', 'year', 'range', 'campaign'];

export function isCalendarKind(kind: PeriodKind): kind is CalendarKind {
  return (CALENDAR_KINDS as readonly string[]).includes(kind);
}

/** What a console page shows when its URL names no period: the year so far (the yearly evaluation's period). */
export function defaultPeriod(today: string): Period {
  return calendarPeriod('year', today);
}

/**
 * The period of a page's query string (`from`, `to`, `kind`), or the default when it names none
 * or names one the server would refuse. A calendar kind whose days are not that calendar period
 * (an edited URL) is read as the range it spells, so the page never claims a month it is not.
 */
export function readPeriod(params: URLSearchParams, today: string): Period {
  const from = params.get('from');
  const to = params.get('to');
  if (!from || !to) return defaultPeriod(today);
  const requested = params.get('kind');
  const kind = (PERIOD_KINDS as readonly string[]).includes(requested ?? '') ? (requested as PeriodKind) : 'range';
  const checked = checkPeriod({ from, to, kind });
  if (!checked.ok) return defaultPeriod(today);
  if (isCalendarKind(kind)) {
    const calendar = calendarPeriod(kind, from);
    if (calendar.from !== from || calendar.to !== to) return { kind: 'range', from, to };
  }
  return checked.period;
}

/** The query-string entries that keep a period in a URL. */
export function periodParams(period: Period): [string, string][] {
  return [
    ['from', period.from],
    ['to', period.to],
    ['kind', period.kind],
  ];
}

/** The period before (-1) or after (+1): the same calendar kind, or the same number of days for ranges. */
export function stepPeriod(period: Period, direction: -1 | 1): Period {
  return direction < 0 ? previousPeriod(period) : nextPeriod(period);
}

/** Stepping forward is pointless once the next period starts after today. */
export function canStepForward(period: Period, today: string): boolean {
  return nextPeriod(period).from <= today;
}

/**
 * The period of another kind that the user most likely means: the calendar period around today
 * when the current period holds today, else around its last day; the same days as a range; the
 * campaign period that holds that day (or the first configured one).
 */
export function changeKind(period: Period, kind: PeriodKind, today: string, campaigns: readonly CampaignPeriod[]): Period {
  const anchor = period.from <= today && today <= period.to ? today : period.to;
  if (isCalendarKind(kind)) return calendarPeriod(kind, anchor);
  if (kind === 'range') return { kind: 'range', from: period.from, to: period.to };
  const campaign = campaigns.find((c) => c.from <= anchor && anchor <= c.to) ?? campaigns[0];
  return campaign ? campaignPeriod(campaign) : period;
}

export function campaignPeriod(campaign: CampaignPeriod): Period {
  return { kind: 'campaign', from: campaign.from, to: campaign.to };
}

/** The calendar period of the same kind holding a day the user picked. */
export function periodHolding(kind: CalendarKind, day: string): Period {
  return calendarPeriod(kind, day);
}

/** The configured campaign period a period is, if any (to show its name). */
export function campaignOf(period: Period, campaigns: readonly CampaignPeriod[]): CampaignPeriod | undefined {
  return campaigns.find((c) => c.from === period.from && c.to === period.to);
}

/** A range the user typed: accepted as the server would, or the problem to show. */
export function rangeFrom(from: string, to: string): { ok: true; period: Period } | { ok: false; problem: string } {
  const checked = checkPeriod({ from, to, kind: 'range' });
  return checked.ok ? { ok: true, period: checked.period } : { ok: false, problem: checked.problem };
}
