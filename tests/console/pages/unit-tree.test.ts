import { describe, expect, it } from 'vitest';
import { unitsInTreeOrder } from '../../../console/src/pages/unit-tree';

const unit = (id: string, name: string, parentId: string | null) => ({ id, name, level: 'commune', parentId });

describe('units listed as a tree', () => {
  it('each unit comes before the units under it, siblings in Vietnamese order', () => {
    const ordered = unitsInTreeOrder([
      unit('ps', 'Bộ phận Một cửa UBND xã Phượng Sơn', 'ln'),
      unit('ttp', 'Trung tâm Phục vụ hành chính công tỉnh', null),
      unit('ln', 'Bộ phận Một cửa UBND huyện Lục Ngạn', null),
      unit('ds', 'Bộ phận Một cửa UBND xã Đồng Sơn', 'ln'),
      unit('ch', 'Bộ phận Một cửa UBND thị trấn Chũ', 'ln'),
    ]);
    expect(ordered.map(({ unit, depth }) => `${depth}:${unit.id}`)).toEqual(['0:ln', '1:ch', '1:ds', '1:ps', '0:ttp']);
  });

  it('a unit head’s list starts at their own unit, whose parent they cannot see', () => {
    expect(unitsInTreeOrder([unit('ps', 'Phượng Sơn', 'ln'), unit('x', 'Thôn X', 'ps')]).map(({ unit, depth }) => `${depth}:${unit.id}`)).toEqual(['0:ps', '1:x']);
  });

  it('a loop in the data does not hang the page', () => {
    expect(unitsInTreeOrder([unit('a', 'A', 'b'), unit('b', 'B', 'a')])).toEqual([]);
  });
});
