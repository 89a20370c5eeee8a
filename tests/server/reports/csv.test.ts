import { describe, expect, it } from 'vitest';
import { toCsv, UTF8_BOM } from '../../../server/reports/csv';

describe('CSV for spreadsheets', () => {
  it('quotes what must be quoted, ends lines with CRLF and leaves empty cells empty', () => {
    expect(toCsv(['key', 'name', 'pct'], [['u1', 'Bộ phận "Một cửa", huyện', null], ['u2', 'hai\ndòng', 97.5]])).toBe(
      'key,name,pct\r\nu1,"Bộ phận ""Một cửa"", huyện",\r\nu2,"hai\ndòng",97.5\r\n',
    );
  });

  it('a name a spreadsheet would run as a formula is written as text', () => {
    expect(toCsv(['name'], [['=HYPERLINK("http://x")'], ['+84 912'], ['-1'], ['@SUM(A1)'], ['Nguyễn = Hà']])).toBe(
      `name\r\n"'=HYPERLINK(""http://x"")"\r\n'+84 912\r\n'-1\r\n'@SUM(A1)\r\nNguyễn = Hà\r\n`,
    );
  });

  it('the byte order mark is the one Excel looks for', () => {
    expect([...Buffer.from(UTF8_BOM)]).toEqual([0xef, 0xbb, 0xbf]);
  });
});
