import { describe, expect, it } from 'vitest';
import { commentSearchKey, likeContaining, searchWords } from '../../../server/reports/comment-search';

describe('comment search keys', () => {
  it('a comment typed with tones, decomposed or in capitals gives the key a search without tones finds', () => {
    const decomposed = 'Cán bộ Hòa rất NHIỆT TÌNH'.normalize('NFD');
    expect(commentSearchKey(decomposed)).toBe('can bo hoa rat nhiet tinh');
    expect(searchWords('  nhiệt   TINH ')).toEqual(['nhiet', 'tinh']);
    expect(commentSearchKey(null)).toBeNull();
  });

  it('a phone number, an ID number or an e-mail address is not in the key, so a search cannot probe for it', () => {
    const key = commentSearchKey('SĐT 0912345678, CCCD 001203004567, thư an.nguyen@gmail.com')!;
    expect(key).not.toMatch(/0912|1203|nguyen|gmail/);
    expect(key).toContain('sdt');
  });

  it('a search for % or _ looks for those characters, not for anything', () => {
    expect(likeContaining('100%')).toBe('%100\\%%');
    expect(likeContaining('a_b\\')).toBe('%a\\_b\\\\%');
  });
});
