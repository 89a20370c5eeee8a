import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { badgeCards, badgeSheetHtml } from '../../scripts/badge-sheet';
import { RosterSchema } from '../../shared/roster';
import roster from '../fixtures/roster.json';

describe('badge sheet (npm run badges)', () => {
  const parsed = RosterSchema.parse(roster);

  it('prints the active staff of the unit, and says whom it left out', () => {
    const { cards, skipped } = badgeCards(parsed, 'bg-ln-motcua');
    expect(cards.map((card) => card.staffId)).not.toContain('st-010299');
    expect(cards.every((card) => parsed.staff.find((s) => s.id === card.staffId)?.unitId === 'bg-ln-motcua')).toBe(true);
    expect(skipped).toEqual(['st-010299 (inactive)']);
  });

  it('encodes the normalised badge code in QR alphanumeric mode', () => {
    const { cards } = badgeCards(parsed, 'bg-ttpvhcc');
    expect(cards[0]).toEqual({ staffId: 'st-000101', fullName: 'Nguyễn Thị Thu Hà', title: 'Chuyên viên', code: 'BG-26-000101' });
    const qr = QRCode.create(cards[0]!.code, { errorCorrectionLevel: 'M' });
    expect(qr.segments.map((segment) => segment.mode.id)).toEqual(['Alphanumeric']);
    expect(qr.version).toBeLessThanOrEqual(2);
  });

  it('makes an A4 sheet with one QR and the name of each officer, escaping the text', async () => {
    const html = await badgeSheetHtml('Đơn vị <thử>', [
      { staffId: 'st-1', fullName: 'Ngô Thị Ngọc Ánh', title: 'Chuyên viên', code: 'BG-26-000105' },
      { staffId: 'st-2', fullName: 'Đặng Minh Khôi', title: 'A & B', code: 'BG-26-000106' },
    ]);
    expect(html.match(/<svg/g)).toHaveLength(2);
    expect(html).toContain('Ngô Thị Ngọc Ánh');
    expect(html).toContain('BG-26-000106');
    expect(html).toContain('Đơn vị &lt;thử&gt;');
    expect(html).toContain('A &amp; B');
    expect(html).toContain('size: A4');
  });
});
