import type { z } from 'zod';
import { SettingsPatchSchema } from '../kiosk-config';
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

/**
 * Parses a change of kiosk settings (known keys, each in its range); the first problem is a 400
 * naming the setting, in the user's language, and nothing is stored.
 */
export function parseSettingsPatch(body: unknown): KioskSettingsPatch {
  const parsed = SettingsPatchSchema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const setting = issue.code === 'unrecognized_keys' ? issue.keys[0]! : issue.path.map(String).join('.') || '(settings)';
  const detail = describe(issue);
  throw new ConsoleError(400, 'invalid_setting', { setting, detailVi: detail.vi, detailEn: detail.en }, setting);
}
