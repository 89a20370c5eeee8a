/**
 * The words of reports written by the server — spreadsheets and the command line — in Vietnamese
 * as the campaign's documents write them (DOMAIN.md): the behaviours, the levels, the desks, unit
 * levels and periods. The console's own words are in its locale files.
 */
import type { CriterionKey } from '../../shared/criteria';
import type { DeskRole } from '../../shared/rating';
import type { Period } from '../../shared/reports/periods';

export const CRITERION_NAMES_VI: Record<CriterionKey, string> = {
  greet: 'Xin chào',
  apologise: 'Xin lỗi',
  thank: 'Xin cảm ơn',
  ask_permission: 'Xin phép',
  smile: 'Luôn mỉm cười',
  gentle: 'Luôn nhẹ nhàng',
  listen: 'Luôn lắng nghe',
  help: 'Luôn giúp đỡ',
};

export const SCORE_NAMES_VI: Record<1 | 2 | 3, string> = { 3: 'Rất hài lòng', 2: 'Hài lòng', 1: 'Không hài lòng' };

export const DESK_ROLE_VI: Record<DeskRole, string> = { reception: 'Tiếp nhận hồ sơ', results: 'Trả kết quả' };

export const UNIT_LEVEL_VI: Record<string, string> = { province: 'Cấp tỉnh', department: 'Cấp sở', district: 'Cấp huyện', commune: 'Cấp xã' };

export const PROVINCE_VI = 'Toàn tỉnh';
export const WITHOUT_OFFICER_VI = '(không có cán bộ đăng nhập)';

/** "21/11/2026" of "2026-11-21". */
export function dayVi(day: string): string {
  const [year, month, date] = day.split('-');
  return `${date}/${month}/${year}`;
}

/** A period in words, as the console says it: "Năm 2026", "Quý 4/2026", "Tháng 11/2026", a campaign's name, or its two days. */
export function periodVi(period: Period, campaigns: readonly { name: string; from: string; to: string }[] = []): string {
  const [year, month] = period.from.split('-').map(Number) as [number, number];
  switch (period.kind) {
    case 'day':
      return dayVi(period.from);
    case 'week':
      return `Tuần ${dayVi(period.from)} – ${dayVi(period.to)}`;
    case 'month':
      return `Tháng ${month}/${year}`;
    case 'quarter':
      return `Quý ${Math.floor((month - 1) / 3) + 1}/${year}`;
    case 'year':
      return `Năm ${year}`;
    case 'campaign':
    case 'range': {
      const campaign = campaigns.find((c) => c.from === period.from && c.to === period.to);
      return campaign ? campaign.name : `${dayVi(period.from)} – ${dayVi(period.to)}`;
    }
  }
}
