/**
 * The fair ranking against figures worked out by hand (in the comments) and against published
 * Wilson intervals.
 */
import { describe, expect, it } from 'vitest';
import { bayesianAverage, median, rankFairly, wilsonInterval, type RankingCandidate } from '../../../shared/reports/fair-ranking';

/** An officer with `satisfied` of `ratings` satisfied (all of them "Rất hài lòng"). */
function officer(key: string, name: string, ratings: number, satisfied: number): RankingCandidate {
  return { key, name, counts: { ratings, verySatisfied: satisfied, satisfied: 0, notSatisfied: ratings - satisfied } };
}

// A scope of 550 ratings, 495 satisfied: p̄ = 0.9 exactly. Rated counts 3, 50, 97, 100, 300: median 97.
const A = officer('st-a', 'Nguyễn Thị An', 3, 3); // 3 ratings, all "Rất hài lòng"
const B = officer('st-b', 'Trần Văn Bình', 300, 291); // 300 ratings at 97%
const C = officer('st-c', 'Lê Thị Cúc', 97, 66);
const D = officer('st-d', 'Phạm Văn Dũng', 50, 45); // 90%, the scope's own rate
const E = officer('st-e', 'Hoàng Thị Én', 100, 90); // 90% too, with more ratings
const SCOPE = [A, B, C, D, E];

const order = (entries: { candidate: RankingCandidate; rank: number | null }[]) => entries.map((e) => [e.candidate.key, e.rank]);

describe('the fair ranking', () => {
  it('an officer with 3 ratings all "Rất hài lòng" does not outrank one with 300 ratings at 97%', () => {
    // m = 30: A = (3 + 30·0.9) / (3 + 30) = 30/33 = 90.91%; B = (291 + 27) / 330 = 96.36%.
    const fixed = rankFairly(SCOPE, { minRatings: 1, weight: 30 });
    expect(fixed.priorRate).toBe(0.9);
    const score = (key: string) => fixed.ranked.find((e) => e.candidate.key === key)!.scorePct;
    expect(score('st-a')).toBe(90.91);
    expect(score('st-b')).toBe(96.36);
    expect(score('st-c')).toBe(73.23); // (66 + 27) / 127
    expect(fixed.ranked[0]!.candidate.key).toBe('st-b');

    // m = the median count, 97: A = (3 + 87.3) / 100 = 90.30%; B = (291 + 87.3) / 397 = 95.29%.
    const byMedian = rankFairly(SCOPE, { minRatings: 1, weight: null });
    expect(byMedian.weight).toBe(97);
    expect(byMedian.weightFrom).toBe('median');
    expect(byMedian.ranked.find((e) => e.candidate.key === 'st-a')!.scorePct).toBe(90.3);
    expect(byMedian.ranked.find((e) => e.candidate.key === 'st-b')!.scorePct).toBe(95.29);
    expect(byMedian.ranked[0]!.candidate.key).toBe('st-b');

    // With the default minimum of 30, A is not ranked at all: listed apart.
    const withMinimum = rankFairly(SCOPE, { minRatings: 30, weight: null });
    expect(withMinimum.notEnough.map((e) => [e.candidate.key, e.rank])).toEqual([['st-a', null]]);
    expect(withMinimum.ranked.map((e) => e.candidate.key)).not.toContain('st-a');
  });

  it('ties share a rank and come out in the same order whatever the input order: more ratings, then the name', () => {
    // D (45/50) and E (90/100) are both at p̄ = 90%, so both score exactly 90.00 whatever m is.
    const expected = [
      ['st-b', 1],
      ['st-a', 2],
      ['st-e', 3],
      ['st-d', 3],
      ['st-c', 5],
    ];
    expect(order(rankFairly(SCOPE, { minRatings: 1, weight: 30 }).ranked)).toEqual(expected);
    expect(order(rankFairly([...SCOPE].reverse(), { minRatings: 1, weight: 30 }).ranked)).toEqual(expected);
    expect(order(rankFairly([C, E, A, D, B], { minRatings: 1, weight: 30 }).ranked)).toEqual(expected);

    // Equal counts too: the name decides (Vietnamese order: "Đ" after "D"), then the key.
    const twins = [officer('st-2', 'Đỗ Văn Hải', 40, 36), officer('st-1', 'Dương Văn Hải', 40, 36), officer('st-0', 'Đỗ Văn Hải', 40, 36)];
    const ranked = rankFairly(twins, { minRatings: 30, weight: 10 }).ranked;
    expect(order(ranked)).toEqual([
      ['st-1', 1],
      ['st-0', 1],
      ['st-2', 1],
    ]);
    expect(order(rankFairly([...twins].reverse(), { minRatings: 30, weight: 10 }).ranked)).toEqual(order(ranked));
  });

  it('those under the minimum are listed apart, most rated first, with their interval but no rank', () => {
    const result = rankFairly([officer('x', 'Bùi Văn Xuân', 0, 0), A, officer('y', 'Vũ Thị Yến', 29, 20), B], { minRatings: 30, weight: null });
    expect(result.ranked.map((e) => e.candidate.key)).toEqual(['st-b']);
    expect(result.notEnough.map((e) => e.candidate.key)).toEqual(['y', 'st-a', 'x']);
    expect(result.notEnough.every((e) => e.rank === null)).toBe(true);
    expect(result.notEnough.find((e) => e.candidate.key === 'x')).toMatchObject({ scorePct: null, interval: null });
    // The median is taken over those rated (29, 3 and 300), not over the officer without a rating.
    expect(result.weight).toBe(29);
  });

  it('nobody rated: nothing ranked, no scope rate, no error', () => {
    const result = rankFairly([officer('x', 'Bùi Văn Xuân', 0, 0)], { minRatings: 30, weight: null });
    expect(result).toMatchObject({ ranked: [], priorRate: null, weight: 0, ratings: 0 });
  });

  it('refuses a minimum of 0 and a negative weight', () => {
    expect(() => rankFairly(SCOPE, { minRatings: 0, weight: null })).toThrow(/minimum of at least 1/);
    expect(() => rankFairly(SCOPE, { minRatings: 30, weight: -1 })).toThrow(/may not be negative/);
    expect(() => rankFairly(SCOPE, { minRatings: 30, weight: Number.NaN })).toThrow(/may not be negative/);
  });
});

describe('the Bayesian average and the median', () => {
  it('pulls a small count toward the prior and leaves a large one near its own rate', () => {
    expect(bayesianAverage(3, 3, 0.9, 30)).toBeCloseTo(30 / 33, 12);
    expect(bayesianAverage(2910, 3000, 0.9, 30)).toBeCloseTo(2937 / 3030, 12);
    expect(bayesianAverage(3, 3, 0.9, 0)).toBe(1);
  });

  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([300, 3, 97])).toBe(97);
    expect(median([3, 50, 97, 300])).toBe(73.5);
    expect(median([])).toBeNull();
  });
});

describe('the Wilson interval', () => {
  // Newcombe R.G. (1998), "Two-sided confidence intervals for the single proportion: comparison of
  // seven methods", Statistics in Medicine 17:857–872, Table I, method 3 (score interval without
  // continuity correction), to four decimals.
  const PUBLISHED: [successes: number, trials: number, low: number, high: number][] = [
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ];
  it.each(PUBLISHED)('%i of %i: %f to %f, as published', (successes, trials, low, high) => {
    const interval = wilsonInterval(successes, trials)!;
    expect(interval.low).toBeCloseTo(low, 4);
    expect(interval.high).toBeCloseTo(high, 4);
  });

  it('stays within 0–1 and is not zero-width at 100%; none without ratings', () => {
    const allSatisfied = wilsonInterval(3, 3)!;
    expect(allSatisfied.high).toBe(1);
    expect(allSatisfied.low).toBeCloseTo(0.4385, 4); // 3 of 3 leaves a wide interval: little is known
    const many = wilsonInterval(291, 300)!;
    expect(many.low).toBeGreaterThan(allSatisfied.low);
    expect(wilsonInterval(0, 0)).toBeNull();
  });
});
