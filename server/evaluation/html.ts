/**
 * The evaluation report as a printable HTML document in Vietnamese (A4, black and white): the
 * header with the unit and the period, the totals and the three shares, the eight behaviours, the
 * trend chart (SVG from chart.ts) with its numbers, the units, counters and officers, the ranking,
 * and the citizens' comments. Chromium prints it to PDF (pdf.ts); page numbers are CSS page margin
 * boxes, the font is the bundled Be Vietnam Pro, embedded in the page as data.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Counts } from '../../shared/console/api';
import { CRITERIA } from '../../shared/criteria';
import { CRITERION_NAMES_VI, dateTimeVi, dayVi, DESK_ROLE_NAMES_VI, formatCountVi, formatPercentVi, formatPointChangeVi, LEVEL_NAMES_VI, monthVi, periodNameVi, SCORE_NAMES_VI } from '../reports/labels-vi';
import { trendChartSvg } from './chart';
import type { EvaluationReport, EvaluationRow } from './report-data';
import { integrityLinesVi } from '../reports/integrity-lines';

/** Officers shown at each end of the ranking in the PDF (the spreadsheet has every one). */
export const RANKING_ENDS = 10;

const TOO_FEW = 'quá ít đánh giá';
const NONE = '–';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

let fontCss: string | null = null;

/** Be Vietnam Pro 400, 700 and 400 italic, every subset with its unicode-range, as data URLs (the page loads nothing). */
function fontFaces(): string {
  if (fontCss !== null) return fontCss;
  const require = createRequire(import.meta.url);
  const dir = dirname(require.resolve('@fontsource/be-vietnam-pro/package.json'));
  fontCss = ['400.css', '700.css', '400-italic.css']
    .map((file) =>
      readFileSync(join(dir, file), 'utf8').replace(/src: url\(\.\/files\/([^)]+\.woff2)\) format\('woff2'\)[^;]*;/g, (_match, name: string) => {
        const data = readFileSync(join(dir, 'files', name)).toString('base64');
        return `src: url(data:font/woff2;base64,${data}) format('woff2');`;
      }),
    )
    .join('\n');
  return fontCss;
}

const STYLE = `
@page {
  size: A4;
  margin: 16mm 14mm 18mm 16mm;
  @bottom-center { content: "Trang " counter(page) "/" counter(pages); font-family: 'Be Vietnam Pro', sans-serif; font-size: 8pt; color: #000; }
}
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font-family: 'Be Vietnam Pro', sans-serif; font-size: 9.5pt; line-height: 1.35; color: #000; background: #fff; font-variant-ligatures: none; }
.masthead { display: flex; justify-content: space-between; gap: 8mm; text-align: center; font-size: 9pt; }
.masthead .issuer { max-width: 80mm; }
.masthead strong { display: block; }
.masthead .motto { text-decoration: underline; }
h1 { font-size: 14pt; line-height: 1.6; text-align: center; margin: 8mm 0 1mm; text-transform: uppercase; }
.subtitle { text-align: center; margin: 0; }
.meta { text-align: center; margin: 1mm 0 5mm; }
/* Room above capitals with stacked tones (Ễ, Ấ): their ink stays inside the heading's box, on its page. */
h2 { font-size: 11pt; line-height: 1.6; margin: 5mm 0 1.5mm; padding-top: 1mm; text-transform: uppercase; break-after: avoid; }
h3 { font-size: 10pt; line-height: 1.6; margin: 4mm 0 1.5mm; padding-top: 0.5mm; break-after: avoid; }
p { margin: 1mm 0; }
.note { font-size: 8.5pt; font-style: italic; }
table { width: 100%; border-collapse: collapse; margin: 1mm 0 3mm; }
caption { text-align: left; font-weight: 700; padding-bottom: 1mm; }
th, td { border: 0.25mm solid #000; padding: 0.8mm 1.5mm; vertical-align: top; }
thead th { background: #e6e6e6; font-weight: 700; text-align: center; font-size: 8pt; }
/* A table's header never ends a page alone. */
thead tr { break-after: avoid; }
tr { break-inside: avoid; }
table.rows { font-size: 8.5pt; }
tr.group th { background: #f2f2f2; font-weight: 700; text-align: left; }
td.num, th.num { text-align: right; white-space: nowrap; }
td.rank { text-align: center; }
tbody th { text-align: left; font-weight: 400; }
.figure-row { display: flex; gap: 6mm; margin: 2mm 0; }
.figure { border: 0.25mm solid #000; padding: 2mm 3mm; flex: 1; }
.figure .value { font-size: 15pt; font-weight: 700; display: block; }
.chart { break-inside: avoid; margin: 2mm 0; }
.chart svg { width: 100%; height: auto; display: block; }
.legend { display: flex; gap: 6mm; font-size: 8.5pt; margin: 0 0 1mm; }
.legend .bar { display: inline-block; width: 4mm; height: 3mm; background: #9fb3c8; border: 0.2mm solid #000; vertical-align: middle; margin-right: 1.5mm; }
.legend .line { display: inline-block; width: 8mm; border-top: 0.6mm solid #a3201b; vertical-align: middle; margin-right: 1.5mm; }
blockquote { margin: 1mm 0 2mm; padding: 1mm 3mm; border-left: 0.8mm solid #000; break-inside: avoid; }
blockquote .who { font-size: 8pt; display: block; margin-top: 0.5mm; }
.signature { display: flex; justify-content: flex-end; margin-top: 8mm; text-align: center; break-inside: avoid; }
.signature div { width: 70mm; }
`;

function percent(value: number | null, tooFew: boolean): string {
  if (tooFew) return TOO_FEW;
  return value === null ? NONE : formatPercentVi(value);
}

/** The level cells of a row: shares, or nothing when the group has too few ratings (its count alone stays). */
function countCells(counts: Counts): string {
  const share = (value: number | null) => `<td class="num">${counts.tooFew ? NONE : value === null ? NONE : formatPercentVi(value)}</td>`;
  return [
    `<td class="num">${formatCountVi(counts.ratings)}</td>`,
    share(counts.verySatisfiedPct),
    share(counts.satisfiedPct),
    share(counts.notSatisfiedPct),
    `<td class="num">${percent(counts.satisfactionPct, counts.tooFew)}</td>`,
  ].join('');
}

/** The score the ranking is by and the 95% interval of the rate ("82,4 – 91,0%"), or nothing below the figures' minimum. */
function fairCells(row: EvaluationRow): string {
  const fair = row.fair;
  const score = fair?.scorePct === null || fair?.scorePct === undefined ? NONE : formatPercentVi(fair.scorePct);
  const interval = fair?.ciLowPct === null || fair?.ciLowPct === undefined || fair.ciHighPct === null ? NONE : `${formatPercentVi(fair.ciLowPct).replace('%', '')} – ${formatPercentVi(fair.ciHighPct)}`;
  return `<td class="num">${score}</td><td class="num">${interval}</td>`;
}

const COUNT_HEADS = '<th>Số đánh giá</th><th>Rất hài lòng</th><th>Hài lòng</th><th>Không hài lòng</th><th>Tỷ lệ hài lòng</th>';

interface RowsTableOptions {
  /** Rows come by unit: a line with the unit's name starts each unit's rows (no unit column). */
  groupByUnit?: boolean;
  /** A column with each row's unit (rows of several units, not grouped). */
  unitColumn?: boolean;
  detailHead?: string;
  detail?: (row: EvaluationRow) => string;
  /** The first column is the rank; otherwise a running number. */
  rank?: boolean;
  /** The fair ranking's score and 95% interval after the counts. */
  fair?: boolean;
}

function rowsTable(caption: string, nameHead: string, rows: EvaluationRow[], options: RowsTableOptions = {}): string {
  if (rows.length === 0) return `<p class="note">${escapeHtml(caption)}: không có.</p>`;
  const detail = options.detail ?? ((row: EvaluationRow) => row.detail ?? '');
  const head = [
    options.rank ? '<th>Hạng</th>' : '<th>STT</th>',
    `<th>${escapeHtml(nameHead)}</th>`,
    options.detailHead ? `<th>${escapeHtml(options.detailHead)}</th>` : '',
    options.unitColumn ? '<th>Đơn vị</th>' : '',
    COUNT_HEADS,
    options.fair ? '<th>Điểm xếp hạng</th><th>Khoảng tin cậy 95%</th>' : '',
  ].join('');
  const columns = 2 + (options.detailHead ? 1 : 0) + (options.unitColumn ? 1 : 0) + 5 + (options.fair ? 2 : 0);
  let unit: string | null = null;
  const body = rows
    .map((row, index) => {
      const group = options.groupByUnit && row.unitName !== unit ? `<tr class="group"><th colspan="${columns}" scope="rowgroup">${escapeHtml(row.unitName ?? '')}</th></tr>` : '';
      unit = row.unitName;
      return (
        `${group}<tr><td class="rank">${options.rank ? (row.rank === null ? NONE : row.rank) : index + 1}</td><th scope="row">${escapeHtml(row.name)}</th>` +
        (options.detailHead ? `<td>${escapeHtml(detail(row))}</td>` : '') +
        (options.unitColumn ? `<td>${escapeHtml(row.unitName ?? '')}</td>` : '') +
        `${countCells(row.counts)}${options.fair ? fairCells(row) : ''}</tr>`
      );
    })
    .join('\n');
  return `<table class="rows"><caption>${escapeHtml(caption)}</caption><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function periodLine(report: EvaluationReport): string {
  const { period } = report;
  const name = periodNameVi(period, report.periodName);
  const days = `từ ngày ${dayVi(period.from)} đến ngày ${dayVi(period.to)}`;
  return period.kind === 'range' ? `Kỳ báo cáo: ${days}` : `Kỳ báo cáo: ${escapeHtml(name)} (${days})`;
}


function totalsSection(report: EvaluationReport): string {
  const { totals, previousTotals } = report;
  const change =
    totals.satisfactionPct !== null && previousTotals.satisfactionPct !== null
      ? `${formatPointChangeVi(totals.satisfactionPct - previousTotals.satisfactionPct)} điểm % so với kỳ trước (${escapeHtml(periodNameVi(report.previousPeriod))}: ${formatPercentVi(previousTotals.satisfactionPct)})`
      : `Không so sánh được với kỳ trước (${escapeHtml(periodNameVi(report.previousPeriod))}: ${formatCountVi(previousTotals.ratings)} đánh giá)`;
  const level = (name: string, count: number, pct: number | null) =>
    `<tr><th scope="row">${name}</th><td class="num">${totals.tooFew ? NONE : formatCountVi(count)}</td><td class="num">${percent(pct, totals.tooFew)}</td></tr>`;
  const desk = (name: string, counts: Counts) => `<tr><th scope="row">${escapeHtml(name)}</th>${countCells(counts)}</tr>`;
  return `<h2>I. Kết quả chung</h2>
<div class="figure-row">
  <div class="figure">Số đánh giá<span class="value">${formatCountVi(totals.ratings)}</span></div>
  <div class="figure">Tỷ lệ hài lòng<span class="value">${percent(totals.satisfactionPct, totals.tooFew)}</span></div>
</div>
<p>${change}.</p>
<table><caption>Ba mức đánh giá</caption><thead><tr><th>Mức đánh giá</th><th>Số đánh giá</th><th>Tỷ lệ</th></tr></thead><tbody>
${level(SCORE_NAMES_VI[3], totals.verySatisfied, totals.verySatisfiedPct)}
${level(SCORE_NAMES_VI[2], totals.satisfied, totals.satisfiedPct)}
${level(SCORE_NAMES_VI[1], totals.notSatisfied, totals.notSatisfiedPct)}
</tbody></table>
<table><caption>Theo bộ phận</caption><thead><tr><th>Bộ phận</th>${COUNT_HEADS}</tr></thead><tbody>
${desk(DESK_ROLE_NAMES_VI.reception, report.byDeskRole.reception)}
${desk(DESK_ROLE_NAMES_VI.results, report.byDeskRole.results)}
</tbody></table>
${report.withoutOfficer.ratings > 0 ? `<p>Trong đó ${formatCountVi(report.withoutOfficer.ratings)} đánh giá tại quầy khi không có cán bộ đăng nhập.</p>` : ''}
<ul class="note" data-section="integrity">${integrityLinesVi(report.integrity).map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul>`;
}


function behavioursSection(report: EvaluationReport): string {
  const rows = CRITERIA.map((criterion) => {
    const b = report.behaviours.find((x) => x.key === criterion.key)!;
    return `<tr><th scope="row">${CRITERION_NAMES_VI[criterion.key]}</th><td>${criterion.group === 'xin' ? '4 xin' : '4 luôn'}</td><td class="num">${formatCountVi(b.answered)}</td><td class="num">${b.tooFew ? NONE : formatCountVi(b.yes)}</td><td class="num">${percent(b.yesPct, b.tooFew)}</td></tr>`;
  }).join('\n');
  return `<h2>II. Tiêu chí “4 xin, 4 luôn”</h2>
<table><caption>Tỷ lệ người trả lời “có” trong số người đã trả lời từng tiêu chí</caption>
<thead><tr><th>Tiêu chí</th><th>Nhóm</th><th>Số người trả lời</th><th>Số trả lời “có”</th><th>Tỷ lệ “có”</th></tr></thead><tbody>
${rows}
</tbody></table>`;
}

function trendSection(report: EvaluationReport): string {
  const months = report.trend.map((p) => monthVi(p.month));
  const svg = trendChartSvg(
    {
      months,
      bars: { name: 'Số đánh giá', values: report.trend.map((p) => p.counts.ratings) },
      lines: [{ name: 'Tỷ lệ hài lòng', values: report.trend.map((p) => (p.counts.tooFew ? null : p.counts.satisfactionPct)) }],
      description: `Biểu đồ số đánh giá và tỷ lệ hài lòng theo tháng của ${report.subject.name}, từ tháng ${months[0] ?? ''} đến tháng ${months[months.length - 1] ?? ''}.`,
      percentAxisLabel: (value) => `${value}%`,
      countAxisLabel: (value) => formatCountVi(value),
    },
    { width: 680, height: 250 },
  );
  const rows = report.trend
    .map((p) => `<tr><th scope="row">Tháng ${monthVi(p.month)}</th>${countCells(p.counts)}</tr>`)
    .join('\n');
  return `<h2>III. Diễn biến theo tháng</h2>
<div class="chart"><div class="legend"><span><span class="bar"></span>Cột: số đánh giá</span><span><span class="line"></span>Đường: tỷ lệ hài lòng (trục phải)</span></div>${svg}</div>
<table><caption>Số đánh giá và tỷ lệ hài lòng theo tháng</caption><thead><tr><th>Tháng</th>${COUNT_HEADS}</tr></thead><tbody>
${rows}
</tbody></table>`;
}

function rankingSection(report: EvaluationReport, number: string): string {
  const { ranked, tooFew } = report.ranking;
  const { minRatings, weight, scopeSatisfactionPct } = report.ranking;
  const scope = scopeSatisfactionPct === null ? '' : ` P = ${formatPercentVi(scopeSatisfactionPct)} là tỷ lệ hài lòng chung của các cán bộ trong phạm vi;`;
  const method =
    `Xếp theo điểm xếp hạng công bằng (cao trước): điểm = (số đánh giá hài lòng + m × P) / (số đánh giá + m), kéo cán bộ có ít đánh giá về mức chung của phạm vi.` +
    `${scope} m = ${new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 }).format(weight)}. Bằng điểm thì nhiều đánh giá hơn đứng trước. Khoảng tin cậy 95% (Wilson) của tỷ lệ hài lòng cho biết độ chắc chắn.` +
    ` Cán bộ có dưới ${formatCountVi(minRatings)} đánh giá trong kỳ không được xếp hạng.`;
  const apart = tooFew > 0 ? `<p>${formatCountVi(tooFew)} cán bộ có đánh giá nhưng chưa đủ ${formatCountVi(minRatings)} đánh giá: không xếp hạng.</p>` : '';
  const options: RowsTableOptions = { detailHead: 'Chức vụ', unitColumn: report.units.length > 0, rank: true, fair: true };
  if (ranked.length <= RANKING_ENDS * 2) {
    return `<h2>${number}. Xếp hạng cán bộ</h2><p class="note">${method}</p>${rowsTable('Cán bộ được xếp hạng', 'Cán bộ', ranked, options)}${apart}`;
  }
  return `<h2>${number}. Xếp hạng cán bộ</h2><p class="note">${method} Bảng đầy đủ ${formatCountVi(ranked.length)} cán bộ trong tệp Excel.</p>
${rowsTable(`${RANKING_ENDS} cán bộ đứng đầu`, 'Cán bộ', ranked.slice(0, RANKING_ENDS), options)}
${rowsTable(`${RANKING_ENDS} cán bộ đứng cuối`, 'Cán bộ', ranked.slice(-RANKING_ENDS), options)}${apart}`;
}

function commentsSection(report: EvaluationReport, number: string): string {
  const { comments } = report;
  const counts = comments.byScore.map((s) => `<tr><th scope="row">${SCORE_NAMES_VI[s.score]}</th><td class="num">${formatCountVi(s.count)}</td></tr>`).join('\n');
  let quoted = '';
  if (comments.quoted === null) quoted = '<p class="note">Nội dung ý kiến chỉ dành cho Sở Nội vụ và thủ trưởng đơn vị.</p>';
  else if (comments.quoted.length > 0) {
    quoted =
      `<h3>Một số ý kiến gần nhất</h3>` +
      (comments.masked ? '<p class="note">Số điện thoại, địa chỉ thư điện tử và số giấy tờ tùy thân trong ý kiến đã được che (Nghị định 13/2023/NĐ-CP).</p>' : '') +
      comments.quoted
        .map(
          (c) =>
            `<blockquote>${escapeHtml(c.text)}<span class="who">${SCORE_NAMES_VI[c.score]} · ${dateTimeVi(c.at)} · ${escapeHtml(c.counterName)}, ${escapeHtml(c.unitName)}${c.staffName ? ` · ${escapeHtml(c.staffName)}` : ''}</span></blockquote>`,
        )
        .join('\n');
  }
  return `<h2>${number}. Ý kiến của người dân</h2>
<table><caption>Số ý kiến theo mức đánh giá</caption><thead><tr><th>Mức đánh giá</th><th>Số ý kiến</th></tr></thead><tbody>
${counts}
<tr><th scope="row"><strong>Tổng cộng</strong></th><td class="num"><strong>${formatCountVi(comments.total)}</strong></td></tr>
</tbody></table>
${quoted}`;
}

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X'];

export function evaluationReportHtml(report: EvaluationReport): string {
  const subjectLine =
    report.subject.kind === 'province' ? 'Phạm vi: toàn tỉnh' : `Đơn vị: ${escapeHtml(report.subject.name)} (${escapeHtml(LEVEL_NAMES_VI[report.subject.level ?? ''] ?? report.subject.level ?? '')}), gồm các đơn vị trực thuộc`;
  const sections: ((number: string) => string)[] = [];
  if (report.units.length > 0) {
    sections.push((n) => `<h2>${n}. Kết quả theo đơn vị</h2>${rowsTable('Các đơn vị trực thuộc (mỗi đơn vị gồm cả các đơn vị cấp dưới), xếp theo tỷ lệ hài lòng', 'Đơn vị', report.units, { rank: true, detailHead: 'Cấp', detail: (row) => LEVEL_NAMES_VI[row.detail ?? ''] ?? row.detail ?? '' })}`);
  }
  sections.push(
    (n) =>
      `<h2>${n}. Kết quả theo quầy</h2>${rowsTable('Các quầy, theo đơn vị', 'Quầy', report.counters, { detailHead: 'Bộ phận', groupByUnit: true, detail: (row) => DESK_ROLE_NAMES_VI[row.detail as keyof typeof DESK_ROLE_NAMES_VI] ?? row.detail ?? '' })}`,
  );
  sections.push((n) => `<h2>${n}. Kết quả theo cán bộ</h2>${rowsTable('Các cán bộ, theo đơn vị', 'Cán bộ', report.officers, { detailHead: 'Chức vụ', groupByUnit: true })}`);
  sections.push((n) => rankingSection(report, n));
  sections.push((n) => commentsSection(report, n));
  const numbered = sections.map((section, index) => section(ROMAN[index + 3]!)).join('\n');
  const title = `Báo cáo đánh giá – ${report.subject.name} – ${periodNameVi(report.period, report.periodName)}`;
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>${fontFaces()}
${STYLE}</style></head><body>
<header class="masthead">
  <div class="issuer"><strong>HỆ THỐNG ĐÁNH GIÁ “NỤ CƯỜI CÔNG SỞ”</strong>${escapeHtml(report.subject.name)}</div>
  <div><strong>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</strong><span class="motto">Độc lập – Tự do – Hạnh phúc</span></div>
</header>
<h1>Báo cáo đánh giá mức độ hài lòng</h1>
<p class="subtitle">của người dân về tinh thần, thái độ phục vụ của cán bộ, công chức tại Bộ phận tiếp nhận và trả kết quả</p>
<div class="meta"><p><strong>${subjectLine}</strong></p><p>${periodLine(report)}</p><p class="note">Số liệu lập lúc ${dateTimeVi(report.generatedAt)} (giờ Việt Nam)</p></div>
${totalsSection(report)}
${behavioursSection(report)}
${trendSection(report)}
${numbered}
<h2>Ghi chú</h2>
<p class="note">Tỷ lệ hài lòng = (Rất hài lòng + Hài lòng) ÷ tổng số đánh giá. Tỷ lệ của một tiêu chí = số trả lời “có” ÷ số người đã trả lời tiêu chí đó. Nhóm có dưới ${report.minRatingsForFigures} đánh giá ghi “${TOO_FEW}” và không hiện các mức, để không lộ lựa chọn của từng người dân. Thời gian tính theo giờ Việt Nam.</p>
</body></html>`;
}
