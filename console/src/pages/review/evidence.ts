/**
 * A flag's evidence (the figures the server's checks stored, server/integrity/) as labelled fields
 * a reviewer reads: "Số đánh giá: 6", "Từ: 21/11/2026 10:00" — never the server's English keys nor
 * epoch milliseconds. Keys this console does not know yet get a generic label.
 */
import { formatCount, formatDateTime, formatDay, formatDecimal, formatPercent, type ConsoleLanguage } from '../../format/numbers';

type Translate = (key: string, options?: Record<string, string | number>) => string;

/** How each key the checks store reads. */
type Kind = 'count' | 'seconds' | 'secondsList' | 'moment' | 'day' | 'percent' | 'factor' | 'hours' | 'yesNo';

const KINDS: Record<string, Kind> = {
  ratings: 'count',
  seconds: 'seconds',
  from: 'moment',
  to: 'moment',
  burstSeconds: 'seconds',
  burstMinRatings: 'count',
  loginAt: 'moment',
  logoutAt: 'moment',
  secondsFromEdge: 'secondsList',
  nearSessionEdgeSeconds: 'seconds',
  sessionRatings: 'count',
  sessionVerySatisfiedPct: 'percent',
  usualVerySatisfiedPct: 'percent',
  counterRatingsThatDay: 'count',
  counterUsualDay: 'count',
  day: 'day',
  ratingsFoundThisRound: 'count',
  openingHours: 'hours',
  receivedDay: 'day',
  ratingsInLastBatch: 'count',
  maximum: 'count',
  factor: 'factor',
  floor: 'count',
  sessionKnown: 'yesNo',
};

/** Repeats of what another field says (an off-hours flag's day as a moment): not shown. */
const REDUNDANT = new Set(['dayStartsAt']);

/** Anything between 2001 and 2286 in ms: a moment, shown as one, even under a key this console does not know. */
const looksLikeMoment = (value: number) => Number.isInteger(value) && value >= 1e12 && value < 1e13;

export interface EvidenceField {
  key: string;
  label: string;
  value: string;
}

function dayText(value: unknown): string | null {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDay(value);
  if (typeof value === 'number') return formatDateTime(value).slice(0, 10);
  return null;
}

function hoursText(value: unknown, t: Translate): string | null {
  if (!Array.isArray(value)) return null;
  const periods = value.map((period: unknown) => {
    if (typeof period !== 'object' || period === null) return null;
    const { days, from, to } = period as { days?: unknown; from?: unknown; to?: unknown };
    if (!Array.isArray(days) || typeof from !== 'string' || typeof to !== 'string') return null;
    const sorted = [...(days as number[])].sort((a, b) => a - b);
    const names = sorted.map((day) => t(`review.evidence.weekday.${day}`));
    const contiguous = sorted.length > 2 && sorted[sorted.length - 1]! - sorted[0]! === sorted.length - 1;
    return `${contiguous ? `${names[0]}–${names[names.length - 1]}` : names.join(', ')} ${from}–${to}`;
  });
  if (periods.some((p) => p === null)) return null;
  return periods.length === 0 ? t('review.evidence.closed') : periods.join('; ');
}

/** A value under a key this console does not know: moments as moments, numbers grouped, yes/no in words. */
function genericText(value: unknown, t: Translate, language: ConsoleLanguage): string {
  if (typeof value === 'number') return looksLikeMoment(value) ? formatDateTime(value) : formatDecimal(value, language);
  if (typeof value === 'boolean') return t(value ? 'common.yes' : 'common.no');
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((item) => genericText(item, t, language)).join(', ');
  if (typeof value === 'object' && value !== null) {
    return Object.values(value as Record<string, unknown>)
      .map((item) => genericText(item, t, language))
      .join(', ');
  }
  return String(value);
}

function valueText(kind: Kind, value: unknown, t: Translate, language: ConsoleLanguage): string | null {
  switch (kind) {
    case 'count':
      return typeof value === 'number' ? formatCount(value, language) : null;
    case 'seconds':
      return typeof value === 'number' ? t('review.evidence.secondsValue', { seconds: formatDecimal(value, language) }) : null;
    case 'secondsList':
      return Array.isArray(value) && value.every((v) => typeof v === 'number')
        ? t('review.evidence.secondsList', { seconds: value.map((v: number) => formatDecimal(v, language)).join(', ') })
        : null;
    case 'moment':
      return typeof value === 'number' ? formatDateTime(value) : null;
    case 'day':
      return dayText(value);
    case 'percent':
      return typeof value === 'number' ? formatPercent(value, language, 0) : null;
    case 'factor':
      return typeof value === 'number' ? `× ${formatDecimal(value, language)}` : null;
    case 'hours':
      return hoursText(value, t);
    case 'yesNo':
      return typeof value === 'boolean' ? t(value ? 'common.yes' : 'common.no') : null;
  }
}

/** The evidence of one flag as labelled fields, in the order the server stored them. */
export function evidenceFields(evidence: Record<string, unknown>, t: Translate, language: ConsoleLanguage): EvidenceField[] {
  const fields: EvidenceField[] = [];
  for (const [key, value] of Object.entries(evidence)) {
    if (value === undefined || value === null || REDUNDANT.has(key)) continue;
    const kind = Object.hasOwn(KINDS, key) ? KINDS[key]! : undefined;
    const known = kind === undefined ? null : valueText(kind, value, t, language);
    if (known !== null) {
      fields.push({ key, label: t(`review.evidence.field.${key}`), value: known });
    } else {
      fields.push({ key, label: t('review.evidence.other'), value: genericText(value, t, language) });
    }
  }
  return fields;
}
