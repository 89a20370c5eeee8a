import { describe, expect, it } from 'vitest';
import { maskPersonalData } from '../../shared/personal-data';

describe('personal data in comments is masked', () => {
  it.each([
    ['Gọi tôi số 0912345678 nhé', 'Gọi tôi số ••••••••78 nhé'],
    ['SĐT: 0912 345 678.', 'SĐT: •••• ••• •78.'],
    ['liên hệ +84 912.345.678', 'liên hệ +•• •••.•••.•78'],
    ['CCCD 001203004567 của tôi', 'CCCD ••••••••••67 của tôi'],
    ['CMND 123456789', 'CMND •••••••89'],
    ['mail nguyen.van.an@gmail.com giúp', 'mail n•••@•••.com giúp'],
    ['thư: hà.nguyễn@sở-tư-pháp.gov.vn', 'thư: h•••@•••.vn'],
  ])('%s', (input, expected) => {
    const result = maskPersonalData(input);
    expect(result.text).toBe(expected);
    expect(result.masked).toBeGreaterThan(0);
  });

  it.each([
    'Cán bộ rất nhiệt tình, cảm ơn chị Hà',
    'Chờ 45 phút, hẹn ngày 12/05/2024',
    'Lệ phí 1.500.000 đồng',
    'Hồ sơ số 000.00.00.H05',
  ])('leaves ordinary text alone: %s', (input) => {
    expect(maskPersonalData(input)).toEqual({ text: input, masked: 0 });
  });
});
