import { describe, expect, it } from 'vitest';
import roster from '../fixtures/roster.json';
import dirty from '../fixtures/roster-dirty-inputs.json';
import { hasControlCharacters, initials, matchesSearch, searchKey, toNfc, visibleLength } from '../../shared/text';

function findStaff(query: string): string[] {
  return roster.staff.filter((member) => matchesSearch(member.fullName, query)).map((member) => member.id);
}

describe('Vietnamese text helpers', () => {
  it.each(dirty.cases)('finds the clean roster record for "$input"', (testCase) => {
    const expected = 'expectAll' in testCase && testCase.expectAll ? testCase.expectAll : [testCase.expect];
    expect(findStaff(testCase.input).sort()).toEqual([...expected].sort());
  });

  it('gives the same key to old and new tone placement, NFD and NFC, đ and d', () => {
    expect(searchKey('Dương Thị Hoà')).toBe('duong thi hoa');
    expect(searchKey('Dương Thị Hòa')).toBe('duong thi hoa');
    expect(searchKey('Nguyễn Thị Thu Hà'.normalize('NFD'))).toBe('nguyen thi thu ha');
    expect(searchKey('  ĐẶNG   Minh\tKhôi ')).toBe('dang minh khoi');
  });

  it('stores text as NFC', () => {
    const decomposed = 'Nguyễn'.normalize('NFD');
    expect(decomposed).not.toBe('Nguyễn');
    expect(toNfc(decomposed)).toBe('Nguyễn');
    expect(visibleLength(decomposed)).toBe(6);
  });

  it('finds nothing for an empty or blank query', () => {
    expect(findStaff('')).toEqual([]);
    expect(findStaff('   ')).toEqual([]);
  });

  it('flags NUL and control characters but allows newlines and tabs', () => {
    expect(hasControlCharacters('a\u0000b')).toBe(true);
    expect(hasControlCharacters('a\u001bb')).toBe(true);
    expect(hasControlCharacters('a\u0085b')).toBe(true);
    expect(hasControlCharacters('dòng 1\ndòng 2\tcột')).toBe(false);
  });
});

describe('initials of an officer without a photo', () => {
  it('are the family and given names', () => {
    expect(initials('Nguyễn Thị Thu Hà')).toBe('NH');
    expect(initials('  Đặng   Minh Khôi ')).toBe('ĐK');
    expect(initials('Ưng')).toBe('Ư');
    expect(initials('')).toBe('');
  });

  it('come out NFC from a decomposed name', () => {
    expect(initials('E\u0302n Ơ\u0301')).toBe('ÊỚ'.normalize('NFC'));
  });
});
