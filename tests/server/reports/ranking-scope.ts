/**
 * Ratings for the ranking and export tests, in 2026 on the fixture roster, with counts chosen so
 * that the fair ranking can be worked out by hand: the officers' 550 ratings are 495 satisfied
 * (p̄ = 90% exactly), their counts 3, 50, 97, 100 and 300 (median 97), and ten more ratings at
 * a results desk were given with no officer signed in.
 */
import type { ServerDb } from '../../../server/db/connect';
import { addKiosk, ingest, makeRating } from './ratings';

export interface RatedOfficer {
  staffId: string;
  counterId: string;
  ratings: number;
  /** Of them score 3 (Rất hài lòng); */
  verySatisfied: number;
  /** score 2 (Hài lòng); the rest score 1. */
  satisfied: number;
}

export const RATED_OFFICERS: RatedOfficer[] = [
  { staffId: 'st-000101', counterId: 'ttpvhcc-q01', ratings: 3, verySatisfied: 3, satisfied: 0 }, // 3 of 3, all "Rất hài lòng"
  { staffId: 'st-000102', counterId: 'ttpvhcc-q02', ratings: 300, verySatisfied: 200, satisfied: 91 }, // 97%
  { staffId: 'st-000103', counterId: 'ttpvhcc-q09', ratings: 97, verySatisfied: 40, satisfied: 26 }, // 66 of 97, results desk
  { staffId: 'st-010201', counterId: 'ln-q01', ratings: 50, verySatisfied: 30, satisfied: 15 }, // 90%
  { staffId: 'st-020301', counterId: 'ps-q01', ratings: 100, verySatisfied: 60, satisfied: 30 }, // 90%
];
/** Given at ln-q05 (results, Lục Ngạn) with no officer signed in: 5 of them satisfied. */
export const WITHOUT_OFFICER = { counterId: 'ln-q05', ratings: 10, verySatisfied: 5, satisfied: 0 };

const HOUR = 3_600_000;

/** Ingests every rating above, spread over 2026 before `now` (21 November 2026). */
export async function seedRankingScope(db: ServerDb, now: number): Promise<void> {
  const groups = [...RATED_OFFICERS, { ...WITHOUT_OFFICER, staffId: null }];
  for (const group of groups) {
    const kiosk = await addKiosk(db, group.counterId, now);
    const ratings = Array.from({ length: group.ratings }, (_, i) =>
      makeRating(kiosk, Date.UTC(2026, 0, 5, 2) + i * 25 * HOUR, {
        staffId: group.staffId,
        score: i < group.verySatisfied ? 3 : i < group.verySatisfied + group.satisfied ? 2 : 1,
      }),
    );
    for (let start = 0; start < ratings.length; start += 200) await ingest(db, kiosk, ratings.slice(start, start + 200), now);
  }
}
