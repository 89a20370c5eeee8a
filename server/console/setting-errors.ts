import type { z } from 'zod';
import { SettingsPatchSchema } from '../kiosk-config';
import type { SettingIssue } from '../../shared/console/fleet';
import type { KioskSettingsPatch } from '../../shared/protocol';
import { ConsoleError } from './errors';

/** A zod issue in words IT staff read, in both languages (the console shows the one of the user). */
function describe(issue: z.core.$ZodIssue): { vi: string; en: string } {
  switch (issue.code) {
    case 'too_small':
      return issue.origin === 'array'
        ? { vi: `cần ít nhất ${issue.minimum} mục`, en: `needs at least ${issue.minimum} entries` }
        : { vi: `phải từ ${issue.minimum} trở lên`, en: `must be at least ${issue.minimum}` };
    case 'too_big':
      return issue.origin === 'array'
        ? { vi: `nhiều nhất ${issue.maximum} mục`, en: `at most ${issue.maximum} entries` }
        : { vi: `phải nhỏ hơn hoặc bằng ${issue.maximum}`, en: `must be at most ${issue.maximum}` };
    case 'invalid_type':
      return { vi: `sai kiểu (cần ${issue.expected})`, en: `wrong type (expected ${issue.expected})` };
    case 'invalid_format':
      return { vi: 'sai định dạng', en: `wrong format (${issue.message})` };
    case 'unrecognized_keys':
      return { vi: `không có cài đặt ${issue.keys.join(', ')}`, en: `no setting ${issue.keys.join(', ')}` };
    case 'invalid_value':
      return { vi: 'giá trị không được phép', en: 'a value not allowed' };
    default:
      if (/end after it starts/.test(issue.message)) return { vi: 'giờ đóng cửa phải sau giờ mở cửa, trong cùng một ngày', en: issue.message };
      if (/HH:MM/.test(issue.message)) return { vi: 'giờ phải có dạng HH:MM', en: issue.message };
      if (/safe|regular expression|pattern/i.test(issue.message)) return { vi: 'mẫu mã hồ sơ không an toàn hoặc sai cú pháp', en: issue.message };
      return { vi: issue.message, en: issue.message };
  }
}

/** A zod issue as the console maps it to its form: which setting, what is wrong, the bound broken. */
function settingIssues(issue: z.core.$ZodIssue): SettingIssue[] {
  const path = issue.path.map(String).join('.');
  const setting = String(issue.path[0] ?? '');
  const numeric = (value: number | bigint) => Number(value);
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({ setting: path ? `${path}.${key}` : key, path: path ? `${path}.${key}` : key, problem: 'unknown_setting' }));
    case 'too_small':
      return [{ setting, path, problem: issue.origin === 'array' ? 'too_few' : 'too_small', limit: numeric(issue.minimum) }];
    case 'too_big':
      return [{ setting, path, problem: issue.origin === 'array' ? 'too_many' : 'too_big', limit: numeric(issue.maximum) }];
    case 'invalid_type':
      return [{ setting, path, problem: 'wrong_type' }];
    case 'invalid_value':
      return [{ setting, path, problem: 'not_allowed' }];
    case 'invalid_format':
      return [{ setting, path, problem: /HH:MM/.test(issue.message) ? 'time_format' : 'invalid' }];
    default:
      if (/end after it starts/.test(issue.message)) return [{ setting, path, problem: 'closes_before_opens' }];
      if (/HH:MM/.test(issue.message)) return [{ setting, path, problem: 'time_format' }];
      if (/safe|regular expression|pattern/i.test(issue.message)) return [{ setting, path, problem: 'unsafe_pattern' }];
      return [{ setting, path, problem: 'invalid' }];
  }
}

/**
 * Parses a change of kiosk settings (known keys, each in its range). Refused: a 400 whose message
 * names the first problem in the user's language and whose `issues` list every invalid setting
 * (the console shows each beside its field); nothing is stored.
 */
export function parseSettingsPatch(body: unknown): KioskSettingsPatch {
  const parsed = SettingsPatchSchema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const setting = issue.code === 'unrecognized_keys' ? issue.keys[0]! : issue.path.map(String).join('.') || '(settings)';
  const detail = describe(issue);
  const issues = parsed.error.issues.flatMap(settingIssues);
  // A period whose hour is not a time ("25:00") is not also said to close before it opens.
  const unreadPeriods = new Set(issues.filter((i) => i.problem === 'time_format').map((i) => i.path.replace(/\.[^.]*$/, '')));
  const told = issues.filter((i) => i.problem !== 'closes_before_opens' || !unreadPeriods.has(i.path.replace(/\.[^.]*$/, '')));
  throw new ConsoleError(400, 'invalid_setting', { setting, detailVi: detail.vi, detailEn: detail.en }, setting).withBody({ issues: told });
}
