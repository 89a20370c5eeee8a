/**
 * A refused kiosk setting as IT staff read it in the console: named by the label its form shows,
 * its limit in the form's unit (seconds, minutes), never the API's key nor its milliseconds.
 */
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import en from '../../../../console/src/i18n/locales/en.json';
import vi from '../../../../console/src/i18n/locales/vi.json';
import { FIELDS, inForceText, issuesByField, settingIssueText } from '../../../../console/src/pages/fleet/setting-fields';

const i18n = i18next.createInstance();
await i18n.init({ resources: { vi: { translation: vi }, en: { translation: en } }, lng: 'vi', interpolation: { escapeValue: false } });
const vn = i18n.getFixedT('vi');
const gb = i18n.getFixedT('en');

describe('a refused setting in words', () => {
  it('an idle timeout too long: its label and the limit in seconds, in both languages', () => {
    const issue = { setting: 'idleTimeoutMs', path: 'idleTimeoutMs', problem: 'too_big', limit: 600_000 } as const;
    expect(settingIssueText(issue, vn, 'vi')).toBe('Thời gian chờ trở về màn hình đầu: phải nhỏ hơn hoặc bằng 600 giây.');
    expect(settingIssueText(issue, gb, 'en')).toBe('Back to the start screen after: must be at most 600 seconds.');
    expect(settingIssueText({ setting: 'heartbeatIntervalMs', path: 'heartbeatIntervalMs', problem: 'too_small', limit: 30_000 }, vn, 'vi')).toBe('Chu kỳ báo cáo của kiosk: phải từ 30 giây trở lên.');
  });

  it('minutes in minutes, plain numbers plain', () => {
    expect(settingIssueText({ setting: 'staffIdleLogoutMinutes', path: 'staffIdleLogoutMinutes', problem: 'too_big', limit: 1440 }, vn, 'vi')).toBe(
      'Tự đăng xuất cán bộ sau (phút không thao tác; 0 = không): phải nhỏ hơn hoặc bằng 1.440 phút.',
    );
    expect(settingIssueText({ setting: 'maxRatingsPerSessionPerMinute', path: 'maxRatingsPerSessionPerMinute', problem: 'too_big', limit: 60 }, vn, 'vi')).toBe(
      'Số đánh giá tối đa mỗi phút của một phiên cán bộ: phải nhỏ hơn hoặc bằng 60.',
    );
  });

  it('an opening period with a wrong hour names the field and which period', () => {
    expect(settingIssueText({ setting: 'openingHours', path: 'openingHours.0.from', problem: 'time_format' }, vn, 'vi')).toBe(
      'Giờ làm việc của đơn vị (mục thứ 1): giờ phải có dạng HH:MM, từ 00:00 đến 23:59.',
    );
    expect(settingIssueText({ setting: 'openingHours', path: 'openingHours.1.to', problem: 'closes_before_opens' }, gb, 'en')).toMatch(/^.+ \(entry 2\): closing must come after opening, on the same day\.$/);
  });

  it('every problem of a refused change, grouped by field; one the form has no field for apart', () => {
    const byField = issuesByField(
      [
        { setting: 'idleTimeoutMs', path: 'idleTimeoutMs', problem: 'too_big', limit: 600_000 },
        { setting: 'openingHours', path: 'openingHours.0.from', problem: 'time_format' },
        { setting: 'openingHours', path: 'openingHours.1.from', problem: 'time_format' },
        { setting: 'volume', path: 'volume', problem: 'unknown_setting' },
      ],
      vn,
      'vi',
    );
    expect([...byField.keys()]).toEqual(['idleTimeoutMs', 'openingHours', '']);
    expect(byField.get('openingHours')).toHaveLength(2);
    expect(byField.get('')).toEqual(['Không có cài đặt “volume”.']);
    for (const texts of byField.values()) for (const text of texts) expect(text).not.toMatch(/Ms\b|600000|openingHours/);
  });
});

describe('the value in force, as the form shows it', () => {
  const field = (key: string) => FIELDS.find((f) => f.key === key)!;
  it('yes and no in the user’s language, never true/false or yes/no in English in the Vietnamese form', () => {
    expect(inForceText(field('allowRatingWithoutOfficer'), false, vn, 'vi')).toBe('Không');
    expect(inForceText(field('spokenPrompts'), true, vn, 'vi')).toBe('Có');
    expect(inForceText(field('spokenPrompts'), false, gb, 'en')).toBe('No');
    expect(vn('fleet.settings.inForce', { value: inForceText(field('spokenPrompts'), false, vn, 'vi'), source: vn('fleet.settings.source.default') })).toBe('Đang áp dụng: Không (theo mặc định)');
  });

  it('seconds and minutes with their unit, opening hours and shift ends as the form writes them', () => {
    expect(inForceText(field('idleTimeoutMs'), 30_000, vn, 'vi')).toBe('30 giây');
    expect(inForceText(field('heartbeatIntervalMs'), 300_000, gb, 'en')).toBe('300 seconds');
    expect(inForceText(field('staffIdleLogoutMinutes'), 90, vn, 'vi')).toBe('90 phút');
    expect(inForceText(field('maxRatingsPerSessionPerMinute'), 6, vn, 'vi')).toBe('6');
    expect(inForceText(field('openingHours'), [{ days: [1, 2, 3, 4, 5], from: '07:00', to: '17:30' }], vn, 'vi')).toBe('1-5 07:00-17:30');
    expect(inForceText(field('staffShiftEndTimes'), ['11:30', '17:30'], vn, 'vi')).toBe('11:30, 17:30');
    expect(inForceText(field('idleTimeoutMs'), undefined, vn, 'vi')).toBe('');
  });
});
