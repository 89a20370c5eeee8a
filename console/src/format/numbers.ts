/**
 * Numbers, percentages and times as a Vietnamese or English reader expects them: "87,5%" and
 * "10.000" in Vietnamese, "87.5%" and "10,000" in English; times always in Vietnam time.
 */

export type ConsoleLanguage = 'vi' | 'en';

/** English readers of this console are in Vietnam: day/month/year dates, as en-GB writes them. */
const LOCALE: Record<ConsoleLanguage, string> = { vi: 'vi-VN', en: 'en-GB' };
const VIETNAM_TIME_ZONE = 'Asia/Ho_Chi_Minh';

export function languageOf(language: string): ConsoleLanguage {
  return language.startsWith('en') ? 'en' : 'vi';
}

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => T): T {
  let format = cache.get(key) as T | undefined;
  if (!format) {
    format = make();
    cache.set(key, format);
  }
  return format;
}

/** A share in percent (0–100, one decimal as the server sends it): "87,5%" / "87.5%"; a ranking's score with two. */
export function formatPercent(value: number, language: ConsoleLanguage, decimals = 1): string {
  return cached(`pct:${language}:${decimals}`, () => new Intl.NumberFormat(LOCALE[language], { style: 'percent', minimumFractionDigits: decimals, maximumFractionDigits: decimals })).format(value / 100);
}

/** A count with the language's grouping: "10.000" / "10,000". */
export function formatCount(value: number, language: ConsoleLanguage): string {
  return cached(`count:${language}`, () => new Intl.NumberFormat(LOCALE[language], { maximumFractionDigits: 0 })).format(value);
}

/** A number that may have a fraction (a ranking's weight, a median): at most one decimal. */
export function formatDecimal(value: number, language: ConsoleLanguage): string {
  return cached(`decimal:${language}`, () => new Intl.NumberFormat(LOCALE[language], { maximumFractionDigits: 1 })).format(value);
}

/** A change in percentage points with its sign: "+1,2" / "−0.4" / "0,0". */
export function formatPointChange(points: number, language: ConsoleLanguage): string {
  const rounded = Math.round(points * 10) / 10;
  const text = cached(`change:${language}`, () => new Intl.NumberFormat(LOCALE[language], { minimumFractionDigits: 1, maximumFractionDigits: 1 })).format(Math.abs(rounded));
  // A real minus sign: a hyphen is read as a dash by screen readers and looks short beside "+".
  return rounded > 0 ? `+${text}` : rounded < 0 ? `\u2212${text}` : text;
}

/** A moment (UTC ms) in Vietnam time, day first in both languages (tables read down by date): "21/11/2026 10:00". */
export function formatDateTime(utcMs: number): string {
  const parts = cached(
    'datetime',
    () =>
      new Intl.DateTimeFormat('en-GB', {
        timeZone: VIETNAM_TIME_ZONE,
        day: '2-digit',
        month: '2-digit',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
      }),
  ).formatToParts(utcMs);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('day')}/${part('month')}/${part('year')} ${part('hour')}:${part('minute')}`;
}

/** A calendar day "YYYY-MM-DD" as "21/11/2026" (the same in both languages here). */
export function formatDay(day: string): string {
  const [year, month, date] = day.split('-');
  return `${date}/${month}/${year}`;
}

/** A month key "YYYY-MM" as "11/2026". */
export function formatMonth(month: string): string {
  const [year, number] = month.split('-');
  return `${number}/${year}`;
}
