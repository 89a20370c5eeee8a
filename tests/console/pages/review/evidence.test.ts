/**
 * A flag's evidence as a reviewer reads it: every kind of flag the server raises has its figures
 * labelled in Vietnamese (or English), its moments in Vietnam time, never an English key or an
 * epoch number.
 */
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import en from '../../../../console/src/i18n/locales/en.json';
import vi from '../../../../console/src/i18n/locales/vi.json';
import { evidenceFields } from '../../../../console/src/pages/review/evidence';

const i18n = i18next.createInstance();
await i18n.init({ resources: { vi: { translation: vi }, en: { translation: en } }, lng: 'vi', interpolation: { escapeValue: false } });
const vn = i18n.getFixedT('vi');

const read = (evidence: Record<string, unknown>, language: 'vi' | 'en' = 'vi') =>
  evidenceFields(evidence, i18n.getFixedT(language), language)
    .map((f) => `${f.label}: ${f.value}`)
    .join(' | ');

// 2026-12-01 10:08:20 and 10:08:51 in Vietnam (UTC+7).
const FROM = Date.UTC(2026, 11, 1, 3, 8, 20, 497);
const TO = Date.UTC(2026, 11, 1, 3, 8, 51, 18);

/** What the server's checks store, by reason (server/integrity/). */
const EVIDENCE = {
  burst: { ratings: 6, seconds: 31, from: FROM, to: TO, burstSeconds: 20, burstMinRatings: 5 },
  near_login: { ratings: 2, loginAt: FROM, secondsFromEdge: [3, 12], nearSessionEdgeSeconds: 30 },
  near_logout: { ratings: 1, logoutAt: TO, secondsFromEdge: [4], nearSessionEdgeSeconds: 30 },
  share_spike: { sessionRatings: 40, sessionVerySatisfiedPct: 98, usualVerySatisfiedPct: 61, counterRatingsThatDay: 1250, counterUsualDay: 35, day: '2026-12-01' },
  off_hours: { day: '2026-12-01', ratingsFoundThisRound: 4, openingHours: [{ days: [1, 2, 3, 4, 5], from: '07:00', to: '17:30' }, { days: [6], from: '07:30', to: '11:30' }], dayStartsAt: Date.UTC(2026, 10, 30, 17) },
  uncertain_time: { receivedDay: '2026-12-01', ratingsInLastBatch: 12 },
  no_session: { ratings: 3, sessionKnown: false },
  device_volume: { day: Date.UTC(2026, 10, 30, 17), ratings: 2400, maximum: 1800, factor: 3, floor: 300 },
};

describe('a flag’s evidence', () => {
  it('a burst reads in Vietnamese with its two moments in Vietnam time', () => {
    expect(read(EVIDENCE.burst)).toBe(
      'Số đánh giá: 6 | Trong khoảng: 31 giây | Từ: 01/12/2026 10:08 | Đến: 01/12/2026 10:08 | Ngưỡng: cách nhau dưới: 20 giây | Ngưỡng: số đánh giá liên tiếp tối thiểu: 5',
    );
  });

  it('every kind of flag: labelled fields, no English key, no epoch number', () => {
    for (const [reason, evidence] of Object.entries(EVIDENCE)) {
      const text = read(evidence);
      expect(text, reason).not.toMatch(/\d{10,}/);
      for (const key of Object.keys(evidence)) expect(text, `${reason} ${key}`).not.toContain(key);
      expect(text, reason).not.toContain('Số liệu khác');
    }
    expect(read(EVIDENCE.near_login)).toBe('Số đánh giá: 2 | Cán bộ đăng nhập lúc: 01/12/2026 10:08 | Cách lúc đăng nhập/đăng xuất: 3, 12 giây | Ngưỡng: trong vòng: 30 giây');
    expect(read(EVIDENCE.near_logout)).toContain('Cán bộ đăng xuất lúc: 01/12/2026 10:08');
    expect(read(EVIDENCE.share_spike)).toBe(
      'Số đánh giá trong phiên: 40 | Tỷ lệ “Rất hài lòng” trong phiên: 98% | Tỷ lệ “Rất hài lòng” thường lệ của cán bộ: 61% | Số đánh giá của quầy trong ngày: 1.250 | Số đánh giá của quầy một ngày thường: 35 | Ngày: 01/12/2026',
    );
    expect(read(EVIDENCE.off_hours)).toBe('Ngày: 01/12/2026 | Số đánh giá ngoài giờ: 4 | Giờ làm việc: Thứ Hai–Thứ Sáu 07:00–17:30; Thứ Bảy 07:30–11:30');
    expect(read(EVIDENCE.uncertain_time)).toBe('Ngày nhận: 01/12/2026 | Số đánh giá trong lần gửi gần nhất: 12');
    expect(read(EVIDENCE.no_session)).toBe('Số đánh giá: 3 | Máy chủ có phiên đăng nhập này: Không');
    expect(read(EVIDENCE.device_volume)).toBe('Ngày: 01/12/2026 | Số đánh giá: 2.400 | Số tối đa hợp lý: 1.800 | Hệ số: × 3 | Mức tối thiểu: 300');
  });

  it('in English', () => {
    expect(read(EVIDENCE.burst, 'en')).toBe(
      'Ratings: 6 | Within: 31 s | From: 01/12/2026 10:08 | To: 01/12/2026 10:08 | Threshold: less apart than: 20 s | Threshold: fewest ratings in a row: 5',
    );
    expect(read(EVIDENCE.no_session, 'en')).toBe('Ratings: 3 | The server has this sign-in session: No');
  });

  it('a key this console does not know gets a generic label, its moments still as moments', () => {
    expect(read({ ratings: 2, seenAt: FROM, partOfRun: true, note: 'x' })).toBe('Số đánh giá: 2 | Số liệu khác: 01/12/2026 10:08 | Số liệu khác: Có | Số liệu khác: x');
    expect(vn('review.evidence.other')).toBe('Số liệu khác');
  });
});
