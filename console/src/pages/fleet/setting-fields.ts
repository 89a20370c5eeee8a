/**
 * The kiosk settings IT staff edit in the console, how each is typed in the form, and a refused
 * setting in words: named by its label as the form shows it, its limit in the form's unit
 * (seconds, minutes) — never the API's key nor its milliseconds.
 */
import type { SettingIssue } from '../../../../shared/console/fleet';
import { formatDecimal, type ConsoleLanguage } from '../../format/numbers';

export const FIELDS = [
  { key: 'idleTimeoutMs', kind: 'seconds' },
  { key: 'cooldownMs', kind: 'seconds' },
  { key: 'maxRatingsPerSessionPerMinute', kind: 'number' },
  { key: 'staffShiftEndTimes', kind: 'times' },
  { key: 'staffIdleLogoutMinutes', kind: 'minutes' },
  { key: 'allowRatingWithoutOfficer', kind: 'boolean' },
  { key: 'spokenPrompts', kind: 'boolean' },
  { key: 'dossierCodePattern', kind: 'text' },
  { key: 'openingHours', kind: 'hours' },
  { key: 'heartbeatIntervalMs', kind: 'seconds' },
] as const;

export type Field = (typeof FIELDS)[number];
export type FieldKey = Field['key'];

export type OpeningPeriod = { days: number[]; from: string; to: string };

type Translate = (key: string, options?: Record<string, string | number>) => string;

export function fieldOf(setting: string): Field | undefined {
  return FIELDS.find((field) => field.key === setting);
}

/** A bound in the unit the form uses: "600 giây", "1.440 phút", "60". */
function limitText(field: Field | undefined, limit: number, t: Translate, language: ConsoleLanguage): string {
  if (field?.kind === 'seconds') return t('fleet.settings.limit.seconds', { value: formatDecimal(limit / 1000, language) });
  if (field?.kind === 'minutes') return t('fleet.settings.limit.minutes', { value: formatDecimal(limit, language) });
  return formatDecimal(limit, language);
}

/** Which entry of a list the problem is in ("khoảng thứ 1"), when it is inside one. */
function entryText(issue: SettingIssue, t: Translate): string {
  const index = issue.path.split('.').slice(1).find((part) => /^\d+$/.test(part));
  return index === undefined ? '' : ` (${t('fleet.settings.entry', { n: Number(index) + 1 })})`;
}

/** One refused setting in the user's language: "Thời gian chờ trở về màn hình đầu: phải nhỏ hơn hoặc bằng 600 giây." */
export function settingIssueText(issue: SettingIssue, t: Translate, language: ConsoleLanguage): string {
  const field = fieldOf(issue.setting);
  if (!field || issue.problem === 'unknown_setting') return t('fleet.settings.problem.unknown_setting', { label: issue.setting });
  const label = `${t(`fleet.settings.field.${field.key}`)}${entryText(issue, t)}`;
  const limit = issue.limit === undefined ? '' : limitText(field, issue.limit, t, language);
  return t(`fleet.settings.problem.${issue.problem}`, { label, limit });
}

/** A refused change's problems by field, each field's in words (a field may have several). */
export function issuesByField(issues: readonly SettingIssue[], t: Translate, language: ConsoleLanguage): Map<string, string[]> {
  const byField = new Map<string, string[]>();
  for (const issue of issues) {
    const key = fieldOf(issue.setting)?.key ?? '';
    const text = settingIssueText(issue, t, language);
    const texts = byField.get(key) ?? [];
    if (!texts.includes(text)) texts.push(text);
    byField.set(key, texts);
  }
  return byField;
}

/** "1-5 07:00-17:30; 6 07:30-11:30" (1 = Monday … 7 = Sunday). */
export function hoursToText(value: unknown): string {
  if (!Array.isArray(value)) return '';
  return (value as OpeningPeriod[])
    .map((period) => {
      const days = [...period.days].sort((a, b) => a - b);
      const run = days.length > 1 && days[days.length - 1]! - days[0]! === days.length - 1 ? `${days[0]}-${days[days.length - 1]}` : days.join(',');
      return `${run} ${period.from}-${period.to}`;
    })
    .join('; ');
}

/**
 * The value in force as the form's reader reads it: yes/no in the user's language, seconds and
 * minutes with their unit — never the API's `true`, `false` or milliseconds.
 */
export function inForceText(field: Field, value: unknown, t: Translate, language: ConsoleLanguage): string {
  if (value === undefined || value === null) return '';
  switch (field.kind) {
    case 'boolean':
      return t(value === true ? 'common.yes' : 'common.no');
    case 'seconds':
      return typeof value === 'number' ? t('fleet.settings.limit.seconds', { value: formatDecimal(value / 1000, language) }) : String(value);
    case 'minutes':
      return typeof value === 'number' ? t('fleet.settings.limit.minutes', { value: formatDecimal(value, language) }) : String(value);
    case 'number':
      return typeof value === 'number' ? formatDecimal(value, language) : String(value);
    case 'times':
      return Array.isArray(value) ? value.join(', ') : String(value);
    case 'hours':
      return hoursToText(value);
    case 'text':
      return String(value);
  }
}
