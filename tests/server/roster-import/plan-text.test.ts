/**
 * The import plan as `npm run admin -- import-roster` prints it: in Vietnamese like the console's
 * preview and the other admin commands, its refusal reasons the shared texts the console shows.
 */
import { describe, expect, it } from 'vitest';
import { planText } from '../../../server/roster-import/plan-text';
import { describeRosterProblem, type RosterImportResult } from '../../../shared/roster-import';

const zero = { add: 0, change: 0, unchanged: 0, refused: 0 };
const result: RosterImportResult = {
  applied: false,
  deactivated: 0,
  plan: {
    planId: 'p1',
    fileName: 'phuong-son.csv',
    fileSha256: 'a'.repeat(64),
    deactivateMissing: false,
    counts: { unit: zero, counter: zero, staff: { add: 1, change: 1, unchanged: 3, refused: 1 } },
    ignoredRows: 1,
    coveredUnits: ['bg-ln-phuongson'],
    rows: [
      { kind: 'staff', sheet: null, row: 2, action: 'add', id: 'st-1', name: 'Hà Thị Mới Tuyển', unitId: 'bg-ln-phuongson', matchedBy: null, changes: [], problems: [] },
      { kind: 'staff', sheet: null, row: 3, action: 'change', id: 'st-2', name: 'Nông Thị Mai', unitId: 'bg-ln-phuongson', matchedBy: 'name', changes: ['title'], problems: [] },
      { kind: 'staff', sheet: null, row: 4, action: 'refused', id: null, name: '', unitId: null, matchedBy: null, changes: [], problems: [{ code: 'empty_field', params: { field: 'fullName' } }] },
    ],
    missing: [{ id: 'st-9', name: 'Lý Văn Cũ', unitId: 'bg-ln-phuongson' }],
  },
};

describe('the import plan on the command line', () => {
  it('reads in Vietnamese, its refusal reason the shared text the console shows', () => {
    const text = planText(result, { apply: false });
    expect(text.split('\n')).toEqual([
      'Kế hoạch nhập phuong-son.csv (sha256 aaaaaaaaaaaa…):',
      '  Cán bộ  thêm 1, thay đổi 1, không đổi 3, từ chối 1',
      '  bỏ qua 1 dòng trống',
      '  dòng 2: thêm cán bộ st-1 Hà Thị Mới Tuyển (bg-ln-phuongson)',
      '  dòng 3: thay đổi cán bộ st-2 Nông Thị Mai (tìm theo đơn vị và tên): đổi Chức danh',
      `  dòng 4: từ chối cán bộ: ${describeRosterProblem({ code: 'empty_field', params: { field: 'fullName' } }, 'vi')}`,
      '  1 cán bộ đang hoạt động của các đơn vị trong tệp không có trong tệp, vẫn giữ hoạt động (thêm --deactivate-missing để cho ngừng hoạt động):',
      '    st-9 Lý Văn Cũ (bg-ln-phuongson)',
      'Không có gì được lưu: 1 dòng bị từ chối; sửa tệp rồi chạy lại.',
    ]);
    expect(text).toContain('“Họ và tên” để trống.');
  });

  it('says what happened: applied, or a dry run', () => {
    const clean = { ...result, plan: { ...result.plan, rows: result.plan.rows.slice(0, 2), missing: [] } };
    expect(planText(clean, { apply: false })).toMatch(/\nKhông có gì được lưu \(chạy thử\): chạy lại với --apply để áp dụng kế hoạch này\.$/);
    expect(planText({ ...clean, applied: true, deactivated: 2 }, { apply: true })).toMatch(/\nĐã nhập; 2 cán bộ ngừng hoạt động\.$/);
  });
});
