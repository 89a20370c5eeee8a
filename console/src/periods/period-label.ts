import type { CampaignPeriod } from '../../../shared/console/api';
import { formatDay } from '../format/numbers';
import { campaignOf, type Period } from './period-selection';

type Translate = (key: string, options?: Record<string, string | number>) => string;

/** A period in words: "Tháng 11/2026", "Quý 4/2026", "Năm 2026", a campaign's name, or its two days. */
export function periodLabel(period: Period, t: Translate, campaigns: readonly CampaignPeriod[] = []): string {
  const [year, month] = period.from.split('-');
  switch (period.kind) {
    case 'day':
      return formatDay(period.from);
    case 'week':
      return t('periods.label.week', { from: formatDay(period.from), to: formatDay(period.to) });
    case 'month':
      return t('periods.label.month', { month: Number(month), year: Number(year) });
    case 'quarter':
      return t('periods.label.quarter', { quarter: Math.floor((Number(month) - 1) / 3) + 1, year: Number(year) });
    case 'year':
      return t('periods.label.year', { year: Number(year) });
    case 'campaign': {
      const campaign = campaignOf(period, campaigns);
      if (campaign) return campaign.name;
      return t('periods.label.range', { from: formatDay(period.from), to: formatDay(period.to) });
    }
    case 'range':
      return t('periods.label.range', { from: formatDay(period.from), to: formatDay(period.to) });
  }
}

/** The two days of a period, always: "01/11/2026 – 30/11/2026". */
export function periodDays(period: Period, t: Translate): string {
  return period.from === period.to ? formatDay(period.from) : t('periods.label.range', { from: formatDay(period.from), to: formatDay(period.to) });
}
