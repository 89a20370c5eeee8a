/**
 * The monthly report's e-mail in Vietnamese: a subject naming the month and the scope, and a
 * plain-text summary (totals, the three shares, the desks, the change against the month before,
 * comments) above the attached PDF, so the figures can be read without opening it.
 */
import type { Counts } from '../../shared/console/api';
import type { EvaluationReport } from '../evaluation/report-data';
import { DESK_ROLE_NAMES_VI, formatCountVi, formatPercentVi, formatPointChangeVi, monthVi, SCORE_NAMES_VI } from '../reports/labels-vi';

export function monthlySubject(report: EvaluationReport): string {
  return `Báo cáo đánh giá mức độ hài lòng tháng ${monthVi(report.period.from.slice(0, 7))} – ${report.subject.name}`;
}

function shares(counts: Counts): string {
  if (counts.ratings === 0) return 'chưa có đánh giá';
  if (counts.tooFew) return `${formatCountVi(counts.ratings)} đánh giá (quá ít đánh giá để tính tỷ lệ)`;
  return `${formatCountVi(counts.ratings)} đánh giá, tỷ lệ hài lòng ${formatPercentVi(counts.satisfactionPct!)}`;
}

export function monthlyText(report: EvaluationReport, recipientName: string): string {
  const month = monthVi(report.period.from.slice(0, 7));
  const previous = monthVi(report.previousPeriod.from.slice(0, 7));
  const { totals, previousTotals } = report;
  const lines = [`Kính gửi ${recipientName},`, '', `Hệ thống “Nụ cười” gửi báo cáo đánh giá mức độ hài lòng tháng ${month} của ${report.subject.name} (tệp PDF đính kèm).`, '', 'Tóm tắt:'];
  lines.push(`- Số đánh giá: ${formatCountVi(totals.ratings)} (tháng ${previous}: ${formatCountVi(previousTotals.ratings)})`);
  if (totals.satisfactionPct !== null && !totals.tooFew) {
    const change =
      previousTotals.satisfactionPct !== null && !previousTotals.tooFew
        ? `, ${formatPointChangeVi(totals.satisfactionPct - previousTotals.satisfactionPct)} điểm % so với tháng ${previous}`
        : '';
    lines.push(`- Tỷ lệ hài lòng: ${formatPercentVi(totals.satisfactionPct)}${change}`);
    lines.push(
      `- ${SCORE_NAMES_VI[3]}: ${formatPercentVi(totals.verySatisfiedPct!)} · ${SCORE_NAMES_VI[2]}: ${formatPercentVi(totals.satisfiedPct!)} · ${SCORE_NAMES_VI[1]}: ${formatPercentVi(totals.notSatisfiedPct!)}`,
    );
  } else lines.push(`- Tỷ lệ hài lòng: ${totals.ratings === 0 ? 'chưa có đánh giá' : 'quá ít đánh giá để tính tỷ lệ'}`);
  lines.push(`- ${DESK_ROLE_NAMES_VI.reception}: ${shares(report.byDeskRole.reception)}`);
  lines.push(`- ${DESK_ROLE_NAMES_VI.results}: ${shares(report.byDeskRole.results)}`);
  const unhappy = report.comments.byScore.find((s) => s.score === 1)?.count ?? 0;
  lines.push(`- Ý kiến của người dân: ${formatCountVi(report.comments.total)} (${SCORE_NAMES_VI[1]}: ${formatCountVi(unhappy)})`);
  lines.push(
    '',
    'Thư này được gửi tự động vào ngày làm việc đầu tiên của tháng. Để đổi địa chỉ hoặc ngừng nhận, vào trang “Báo cáo hằng tháng” trên hệ thống “Nụ cười”.',
  );
  return lines.join('\n') + '\n';
}
