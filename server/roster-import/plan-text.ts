import { describeRosterProblem, ROSTER_RECORD_KINDS, rosterFieldName, rowPlace, type RosterImportResult } from '../../shared/roster-import';

/** The command line speaks Vietnamese, as `report` does; the refusal reasons and field names are shared/roster-import's. */
const KIND_NAMES = { unit: 'Đơn vị', counter: 'Quầy', staff: 'Cán bộ' } as const;
const MATCHED_BY = { id: 'tìm theo mã', badge: 'tìm theo số thẻ', name: 'tìm theo đơn vị và tên' } as const;

/**
 * A plan as the command line prints it (`import-roster`), in Vietnamese: the numbers per kind, each
 * row that adds, changes or is refused (unchanged rows only counted), the staff missing from the
 * file, and what happened. Names come from HR's file: the caller escapes control characters for
 * the terminal.
 */
export function planText(result: RosterImportResult, asked: { apply: boolean }): string {
  const { plan } = result;
  const lines = [`Kế hoạch nhập ${plan.fileName} (sha256 ${plan.fileSha256.slice(0, 12)}…):`];
  for (const kind of ROSTER_RECORD_KINDS) {
    const c = plan.counts[kind];
    if (c.add + c.change + c.unchanged + c.refused === 0) continue;
    lines.push(`  ${KIND_NAMES[kind].padEnd(7)} thêm ${c.add}, thay đổi ${c.change}, không đổi ${c.unchanged}, từ chối ${c.refused}`);
  }
  if (plan.ignoredRows > 0) lines.push(`  bỏ qua ${plan.ignoredRows} dòng trống`);
  for (const row of plan.rows) {
    const where = rowPlace(row, 'vi');
    const what = `${KIND_NAMES[row.kind].toLowerCase()} ${row.id ?? ''} ${row.name}`.replace(/\s+/g, ' ').trim();
    if (row.action === 'add') lines.push(`  ${where}: thêm ${what}${row.unitId ? ` (${row.unitId})` : ''}`);
    else if (row.action === 'change') {
      const fields = row.changes.map((field) => rosterFieldName(field, 'vi')).join(', ');
      lines.push(`  ${where}: thay đổi ${what}${row.matchedBy ? ` (${MATCHED_BY[row.matchedBy]})` : ''}: đổi ${fields}`);
    } else if (row.action === 'refused') lines.push(`  ${where}: từ chối ${what}: ${row.problems.map((p) => describeRosterProblem(p, 'vi')).join(' ')}`);
  }
  if (plan.missing.length > 0) {
    lines.push(
      plan.deactivateMissing
        ? `  ${plan.missing.length} cán bộ đang hoạt động của các đơn vị trong tệp không có trong tệp, sẽ ngừng hoạt động:`
        : `  ${plan.missing.length} cán bộ đang hoạt động của các đơn vị trong tệp không có trong tệp, vẫn giữ hoạt động (thêm --deactivate-missing để cho ngừng hoạt động):`,
    );
    for (const member of plan.missing) lines.push(`    ${member.id} ${member.name} (${member.unitId})`);
  }
  const refused = plan.rows.filter((row) => row.action === 'refused').length;
  if (result.applied) lines.push(`Đã nhập${result.deactivated > 0 ? `; ${result.deactivated} cán bộ ngừng hoạt động` : ''}.`);
  else if (refused > 0) lines.push(`Không có gì được lưu: ${refused} dòng bị từ chối; sửa tệp rồi chạy lại.`);
  else if (asked.apply) lines.push('Không có gì được lưu.');
  else lines.push('Không có gì được lưu (chạy thử): chạy lại với --apply để áp dụng kế hoạch này.');
  return lines.join('\n');
}
