import { describe, expect, it } from 'vitest';
import { describeSheetRow, rosterFileBadges, UnknownSheetUnitError } from '../../../server/roster-import/badge-sheet';
import { readRosterFile } from '../../../server/roster-import/read-file';

const json = (data: unknown) => readRosterFile('roster.json', Buffer.from(JSON.stringify(data)));

describe('badges from an HR file (npm run badges -- --roster)', () => {
  it('refuses, with the row and the reason, what a kiosk could not read or the file cannot vouch for; prints the rest', async () => {
    const file = await json({
      staff: [
        { unitId: 'bg-x', fullName: 'Nguyễn Văn A', badgeCode: 'bg-26-1 ' },
        { unitId: 'bg-x', fullName: 'Trần Thị B', badgeCode: 'BG 26 2' },
        { unitId: 'bg-x', fullName: 'Lê Văn C', badgeCode: 260003 },
        { unitId: 'bg-x', fullName: '<b>Phạm D</b>', badgeCode: 'BG-26-4' },
        { unitId: '', fullName: 'Hà E', badgeCode: 'BG-26-5' },
        { unitId: 'bg-x', fullName: 'Vũ G', badgeCode: 'BG-26-6', active: false },
      ],
    });
    const result = rosterFileBadges(file);
    expect(result.units).toEqual([{ id: 'bg-x', name: 'bg-x', cards: [{ staffId: '', fullName: 'Nguyễn Văn A', title: '', code: 'BG-26-1' }] }]);
    expect(result.notPrinted.map((row) => describeSheetRow(row, 'vi'))).toEqual([
      'staff, dòng 2 (Trần Thị B): “Số thẻ” không đúng dạng thẻ (3–64 ký tự: chữ in hoa, chữ số, - . _ /), kiosk sẽ không nhận',
      'staff, dòng 3 (Lê Văn C): “Số thẻ” không hợp lệ: wrong type.',
      'staff, dòng 4 (<b>Phạm D</b>): “Họ và tên” chứa mã HTML (dấu <…>).',
      'staff, dòng 5 (Hà E): “Đơn vị” để trống.',
      'staff, dòng 6 (Vũ G): đã nghỉ (trạng thái trong tệp): không in',
    ]);
    expect(result.notPrinted.map((row) => row.action)).toEqual(['refused', 'refused', 'refused', 'refused', 'skipped']);
    expect(result).toMatchObject({ oldFormat: 1, issued: 0 });
  });

  it('finds a unit by id or by name in any case and tone, and says which units the file has when it is not there', async () => {
    const file = await json({
      units: [{ id: 'bg-y', name: 'Bộ phận Một cửa xã Yên Thế', level: 'commune', parentId: null }],
      staff: [
        { unitId: 'bg-y', fullName: 'Nguyễn Văn A', badgeCode: 'BG-1-001' },
        { unitId: 'BỘ PHẬN MỘT CỬA XÃ YÊN THẾ', fullName: 'Trần Thị B', badgeCode: 'BG-1-002' },
        { unitId: 'bg-z', fullName: 'Lê Văn C', badgeCode: 'BG-1-003' },
      ],
    });
    expect(rosterFileBadges(file, 'bo phan mot cua xa yen the').units).toEqual([
      {
        id: 'bg-y',
        name: 'Bộ phận Một cửa xã Yên Thế',
        cards: [
          { staffId: '', fullName: 'Nguyễn Văn A', title: '', code: 'BG-1-001' },
          { staffId: '', fullName: 'Trần Thị B', title: '', code: 'BG-1-002' },
        ],
      },
    ]);
    expect(rosterFileBadges(file, 'bg-z').units.map((u) => u.cards.map((c) => c.fullName))).toEqual([['Lê Văn C']]);
    expect(() => rosterFileBadges(file, 'bg-q')).toThrow(UnknownSheetUnitError);
  });
});
