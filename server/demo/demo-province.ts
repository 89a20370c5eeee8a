/**
 * A small province with two years of ratings, for `npm run server`'s demo, the console's
 * end-to-end tests, screenshots and first-load benchmark: the demo roster (the provincial centre,
 * Lục Ngạn district's one-stop section and Phượng Sơn commune under it) and two units with long
 * names, ratings every working day from 2025-01-01 to the day before "today", through the server's
 * own ingest (so anything ingest keeps up to date is), deterministic from a seed.
 */
import fixture from '../../assets/demo/roster.json';
import { CRITERIA_KEYS, type CriteriaAnswers } from '../../shared/criteria';
import { vietnamDayStart, parseDay } from '../../shared/reports/periods';
import type { RatingV1 } from '../../shared/rating';
import { uuidv7 } from '../../shared/uuid';
import type { ServerDb } from '../db/connect';
import { sealUnknownSecret } from '../devices';
import { ingestBatch, ReferenceCache } from '../ingest';
import { DEFAULT_LIMITS } from '../limits';
import { importRoster } from '../roster';
import type { SecretKeyRing } from '../secret-keys';

/** "Now" of the seeded console: 10:00 on Saturday 21 November 2026 in Vietnam. */
export const SEEDED_NOW = Date.UTC(2026, 10, 21, 3, 0, 0);
export const FIRST_DAY = '2025-01-01';

/** Units with the long names real provinces have, to see that they fit. */
export const EXTRA_ROSTER = {
  units: [
    { id: 'bg-sd-motcua', name: 'Bộ phận Tiếp nhận và Trả kết quả UBND huyện Sơn Động', level: 'district', parentId: null },
    {
      id: 'bg-sd-anchau',
      name: 'Bộ phận Tiếp nhận và Trả kết quả UBND thị trấn An Châu, huyện Sơn Động, tỉnh Bắc Giang',
      level: 'commune',
      parentId: 'bg-sd-motcua',
    },
  ],
  counters: [
    { id: 'sd-q01', unitId: 'bg-sd-motcua', name: 'Quầy 01 – Lĩnh vực Đất đai, Tài nguyên và Môi trường', deskRole: 'reception' },
    { id: 'ac-q01', unitId: 'bg-sd-anchau', name: 'Quầy tiếp nhận và trả kết quả thủ tục hành chính cấp xã', deskRole: 'results' },
  ],
  staff: [
    { id: 'st-030101', unitId: 'bg-sd-motcua', fullName: 'Hoàng Thị Phương Thảo', title: 'Chuyên viên Phòng Tài nguyên và Môi trường huyện Sơn Động', active: true },
    { id: 'st-030102', unitId: 'bg-sd-motcua', fullName: 'Nguyễn Văn Trường', title: 'Chuyên viên', active: true },
    { id: 'st-040101', unitId: 'bg-sd-anchau', fullName: 'Tôn Nữ Thị Khánh Huyền', title: 'Công chức Văn phòng – Thống kê thị trấn An Châu', active: true },
  ],
};

/** How satisfied each unit's citizens are (shares of score 3 and 2; the rest is 1): units differ. */
const MOOD: Record<string, [number, number]> = {
  'bg-ttpvhcc': [0.72, 0.23],
  'bg-ln-motcua': [0.55, 0.35],
  'bg-ln-phuongson': [0.45, 0.4],
  'bg-sd-motcua': [0.5, 0.36],
  'bg-sd-anchau': [0.62, 0.3],
};

/** Comments as citizens write them, with tones; some carry personal data the console must mask. */
export const COMMENTS = [
  'Cán bộ nhiệt tình, giải thích rõ ràng. Rất hài lòng!',
  'Chờ hơi lâu nhưng cán bộ rất lịch sự.',
  'Thủ tục nhanh gọn, cảm ơn chị cán bộ.',
  'Cần thêm ghế ngồi chờ cho người già.',
  'Cán bộ hướng dẫn tận tình, đúng hẹn trả kết quả.',
  'Phải đi lại nhiều lần vì thiếu giấy tờ, mong được hướng dẫn rõ hơn từ đầu.',
  'Thái độ chưa niềm nở, nói hơi to.',
  'Có việc gấp xin gọi lại cho tôi: 0912 345 678.',
  'Gửi kết quả qua thư điện tử nguyenvana@gmail.com giúp tôi.',
  'Số CCCD của tôi 001203004567 bị ghi sai trên giấy hẹn.',
  'Máy lấy số thứ tự bị hỏng cả buổi sáng.',
  'Nhân viên trẻ, vui vẻ, làm việc chuyên nghiệp.',
];

export interface SeedSummary {
  ratings: number;
  comments: number;
  byUnit: Record<string, number>;
}

/** A small deterministic PRNG (mulberry32): the same data on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function seedProvince(db: ServerDb, keys: SecretKeyRing, options: { now?: number; perCounterDay?: number; seed?: number } = {}): Promise<SeedSummary> {
  // The roster may already be there (a server started with the demo roster): importing it again changes nothing.
  const now = options.now ?? SEEDED_NOW;
  const rate = options.perCounterDay ?? 0.55;
  const next = random(options.seed ?? 20211125);
  await importRoster(db, fixture);
  await importRoster(db, EXTRA_ROSTER);
  const counters = [...fixture.counters, ...EXTRA_ROSTER.counters];
  const staff = [...fixture.staff, ...EXTRA_ROSTER.staff].filter((s) => s.active !== false);
  const units = [...new Set(counters.map((c) => c.unitId))];
  for (const unitId of units) {
    await db
      .insertInto('devices')
      .values({ id: `dev-${unitId}`, ...sealUnknownSecret(keys, `dev-${unitId}`), unit_id: unitId, counter_id: null, name: `Kiosk ${unitId}`, app_version: '0.1.0', enrolled_at: vietnamDayStart(parseDay(FIRST_DAY)!) - 86_400_000 })
      .execute();
  }

  const pending = new Map<string, RatingV1[]>(units.map((u) => [u, []]));
  const seq = new Map<string, number>();
  const summary: SeedSummary = { ratings: 0, comments: 0, byUnit: {} };
  const lastDay = Math.floor((now + 7 * 3_600_000) / 86_400_000) - 1;
  for (let day = parseDay(FIRST_DAY)!; day <= lastDay; day++) {
    const weekday = (((day + 3) % 7) + 7) % 7; // 0 = Monday
    if (weekday >= 5) continue;
    for (const counter of counters) {
      const officers = staff.filter((s) => s.unitId === counter.unitId);
      const officer = officers[(day + counter.id.length) % officers.length]!;
      let count = 0;
      for (let draw = next(); draw < rate * (count === 0 ? 1 : 0.5) && count < 4; draw = next()) count++;
      for (let i = 0; i < count; i++) {
        // 07:30–17:00 in Vietnam.
        const createdAt = vietnamDayStart(day) + 7.5 * 3_600_000 + Math.floor(next() * 9.5 * 3_600_000);
        const [very, satisfied] = MOOD[counter.unitId] ?? [0.6, 0.3];
        const roll = next();
        const score = roll < very ? 3 : roll < very + satisfied ? 2 : 1;
        const criteria = Object.fromEntries(CRITERIA_KEYS.map((key) => [key, next() < 0.45 ? next() < (score === 1 ? 0.5 : 0.9) : null])) as CriteriaAnswers;
        const withoutOfficer = counter.unitId === 'bg-ln-phuongson' && next() < 0.1;
        const comment = next() < 0.12 ? COMMENTS[Math.floor(next() * COMMENTS.length)]! : null;
        const deviceId = `dev-${counter.unitId}`;
        seq.set(deviceId, (seq.get(deviceId) ?? 0) + 1);
        pending.get(counter.unitId)!.push({
          id: uuidv7(createdAt),
          deviceId,
          seq: seq.get(deviceId)!,
          unitId: counter.unitId,
          counterId: counter.id,
          deskRole: counter.deskRole as RatingV1['deskRole'],
          staffId: withoutOfficer ? null : officer.id,
          staffSessionId: withoutOfficer ? null : uuidv7(createdAt),
          createdAt,
          clockOffsetMs: 0,
          scale: 'vn3',
          score: score as RatingV1['score'],
          criteria,
          comment,
          dossierCode: null,
          locale: 'vi',
          durationMs: 3_000 + Math.floor(next() * 20_000),
          appVersion: '0.1.0',
        });
        summary.ratings += 1;
        summary.byUnit[counter.unitId] = (summary.byUnit[counter.unitId] ?? 0) + 1;
        if (comment) summary.comments += 1;
      }
    }
  }

  const references = new ReferenceCache();
  for (const [unitId, ratings] of pending) {
    ratings.sort((a, b) => a.createdAt - b.createdAt || a.seq - b.seq);
    for (let start = 0; start < ratings.length; start += 500) {
      const batch = ratings.slice(start, start + 500);
      // Each batch arrives a minute after its last rating, as a kiosk online all along would send it.
      const receivedAt = batch[batch.length - 1]!.createdAt + 60_000;
      const answer = await ingestBatch(db, {
        device: { id: `dev-${unitId}`, unit_id: unitId },
        body: { batchId: uuidv7(receivedAt), sentAt: receivedAt, ratings: batch },
        receivedAt,
        // Old enough for every seeded day, whatever "now" is (a demo started years later).
        limits: {
          maxRatings: 500,
          futureToleranceMs: 5 * 60_000,
          maxAgeMs: now - vietnamDayStart(parseDay(FIRST_DAY)!) + 2 * 86_400_000,
          maxConflictsPerRating: DEFAULT_LIMITS.maxConflictsPerRating,
          maxConflictsPerDevicePerDay: DEFAULT_LIMITS.maxConflictsPerDevicePerDay,
        },
        references,
      });
      if (answer.accepted.length !== batch.length) throw new Error(`seeding ${unitId}: ${JSON.stringify(answer.rejected.slice(0, 3))}`);
    }
  }
  return summary;
}
