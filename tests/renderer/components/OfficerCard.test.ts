import { describe, expect, it } from 'vitest';
import { initials } from '../../../renderer/src/components/OfficerCard';

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
