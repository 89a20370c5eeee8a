import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { badgeCards, badgeSheetHtml } from '../../scripts/badge-sheet';
import { BADGE_CODE_PATTERN_V2 } from '../../server/badges';
import { startTestServer, type TestServer } from '../server/helpers';

describe('badge sheet (npm run badges)', () => {
  // The demo roster on a server: the sheet prints the codes the server issued, not HR's.
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  it('prints the active staff of the unit, and says whom it left out', async () => {
    const { badges } = await server.admin.currentBadges('bg-ln-motcua');
    const { cards, skipped } = badgeCards(badges);
    expect(cards.map((card) => card.staffId)).not.toContain('st-010299');
    expect(cards.map((card) => card.staffId)).toEqual(badges.filter((b) => b.active).map((b) => b.staffId));
    expect(skipped).toEqual(['st-010299 (inactive)']);
  });

  it('encodes the server’s badge code in QR alphanumeric mode, in a small QR', async () => {
    const { badges } = await server.admin.currentBadges('bg-ttpvhcc');
    const { cards } = badgeCards(badges);
    expect(cards[0]).toEqual({ staffId: 'st-000101', fullName: 'Nguyễn Thị Thu Hà', title: 'Chuyên viên', code: badges[0]!.code });
    expect(cards[0]!.code).toMatch(BADGE_CODE_PATTERN_V2);
    const qr = QRCode.create(cards[0]!.code, { errorCorrectionLevel: 'M' });
    expect(qr.segments.map((segment) => segment.mode.id)).toEqual(['Alphanumeric']);
    expect(qr.version).toBeLessThanOrEqual(2);
  });

  it('prints only the officers named, after a reissue with the new code', async () => {
    const before = (await server.admin.currentBadges('bg-ttpvhcc', ['st-000102'])).badges[0]!;
    const reissued = await server.admin.reissueBadge('st-000102');
    const { unitName, badges } = await server.admin.currentBadges('bg-ttpvhcc', ['st-000102']);
    expect(unitName).toBe('Trung tâm Phục vụ hành chính công tỉnh Bắc Giang');
    expect(badges).toEqual([{ ...before, issue: before.issue + 1, code: reissued.code }]);
    expect(reissued.code).not.toBe(before.code);
    await expect(server.admin.currentBadges('bg-ttpvhcc', ['st-010201'])).rejects.toThrow(/no staff of unit bg-ttpvhcc: st-010201/);
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
