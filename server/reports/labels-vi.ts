/**
 * Names in Vietnamese for what the server writes itself — spreadsheets, the evaluation report,
 * e-mails — in the words of the campaign's documents (DOMAIN.md) and the same as the console's
 * Vietnamese locale. The console translates its own; these are for files that leave the server.
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

export const WITHOUT_OFFICER_VI = '(không có cán bộ đăng nhập)';

export const PROVINCE_VI = 'Toàn tỉnh';

export const LEVEL_NAMES_VI: Record<string, string> = { province: 'Cấp tỉnh', district: 'Cấp huyện', commune: 'Cấp xã', department: 'Cấp sở' };

export const DESK_ROLE_NAMES_VI: Record<DeskRole, string> = { reception: 'Tiếp nhận hồ sơ', results: 'Trả kết quả' };

/** The national three-level scale (Thông tư 01/2018/TT-VPCP), by score. */
export const SCORE_NAMES_VI: Record<1 | 2 | 3, string> = { 3: 'Rất hài lòng', 2: 'Hài lòng', 1: 'Không hài lòng' };

/** "2026-11-21" → "21/11/2026". */
export function dayVi(day: string): string {
  const [year, month, date] = day.split('-');
  return `${date}/${month}/${year}`;
}

/** "2026-11" → "11/2026". */
export function monthVi(month: string): string {
  const [year, number] = month.split('-');
  return `${number}/${year}`;
}

/** A period in words, as the console's Vietnamese says it: "Tháng 10/2026", "Quý 4/2026", "Năm 2026", a campaign's name… */
export function periodNameVi(period: Period, campaignName: string | null = null): string {
  const [year, month] = period.from.split('-');
  switch (period.kind) {
    case 'day':
      return `Ngày ${dayVi(period.from)}`;
    case 'week':
      return `Tuần ${dayVi(period.from)} – ${dayVi(period.to)}`;
    case 'month':
      return `Tháng ${Number(month)}/${year}`;
    case 'quarter':
      return `Quý ${Math.floor((Number(month) - 1) / 3) + 1}/${year}`;
    case 'year':
      return `Năm ${year}`;
    case 'campaign':
      if (campaignName) return campaignName;
      return `${dayVi(period.from)} – ${dayVi(period.to)}`;
    case 'range':
      return `${dayVi(period.from)} – ${dayVi(period.to)}`;
  }
}

const COUNT_VI = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 0 });

/** A count as Vietnamese writes it: "10.000". */
export function formatCountVi(value: number): string {
  return COUNT_VI.format(value);
}

/** A share in percent with one decimal, as Vietnamese writes it: "87,5%". */
export function formatPercentVi(value: number): string {
  return `${value.toFixed(1).replace('.', ',')}%`;
}

/** A moment (UTC ms) in Vietnam time, day first: "21/11/2026 10:00". */
export function dateTimeVi(utcMs: number): string {
  const date = new Date(utcMs + 7 * 3_600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(date.getUTCDate())}/${pad(date.getUTCMonth() + 1)}/${date.getUTCFullYear()} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}`;
}

/** A change in percentage points with its sign and a real minus: "+1,2", "−0,4", "0,0". */
export function formatPointChangeVi(points: number): string {
  const rounded = Math.round(points * 10) / 10;
  const text = Math.abs(rounded).toFixed(1).replace('.', ',');
  return rounded > 0 ? `+${text}` : rounded < 0 ? `\u2212${text}` : text;
}

/** A period in words, named by its campaign when its days are exactly one of `campaigns` (the exports' "Kỳ"). */
export function periodWithCampaignsVi(period: Period, campaigns: readonly { name: string; from: string; to: string }[]): string {
  const campaign = campaigns.find((c) => c.from === period.from && c.to === period.to);
  if (!campaign || (period.kind !== 'campaign' && period.kind !== 'range')) return periodNameVi(period);
  return periodNameVi({ ...period, kind: 'campaign' }, campaign.name);
}
