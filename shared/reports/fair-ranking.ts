/**
 * Fair rankings for rewards (DOMAIN.md "Fair ranking"): a handful of ratings gives an extreme
 * satisfaction rate by luck, so officers and units are ordered by a Bayesian average that pulls a
 * small count toward the scope's rate, shown with a 95% Wilson interval, and anyone under a
 * minimum number of ratings is listed apart, never ranked. Pure: the server ranks with it, the
 * tests check it by hand. Formulas and their reasons: docs/console.md "Rankings".
 */
import type { ScoreCounts } from './measures';

/** The 97.5th percentile of the standard normal distribution: two-sided 95%. */
export const Z_95 = 1.959963984540054;

/** A proportion's bounds, as fractions from 0 to 1. */
export interface Interval {
  low: number;
  high: number;
}

/**
 * The Wilson score interval (Wilson 1927) for `successes` out of `trials`: unlike the textbook
 * p ± z·√(p(1−p)/n) it stays within 0–1 and is not zero-width at 0% or 100%, which is exactly where
 * small counts land. Null when there is no trial.
 */
export function wilsonInterval(successes: number, trials: number, z = Z_95): Interval | null {
  if (trials <= 0) return null;
  const p = successes / trials;
  const z2 = z * z;
  const centre = p + z2 / (2 * trials);
  const halfWidth = z * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials));
  const denominator = 1 + z2 / trials;
  return { low: Math.max(0, (centre - halfWidth) / denominator), high: Math.min(1, (centre + halfWidth) / denominator) };
}

/**
 * score = (n·p + m·p̄) / (n + m): the rate p of n ratings pulled toward the scope's rate p̄ as if
 * m more ratings at p̄ had been given. Large n keeps its own rate; small n stays near p̄.
 */
export function bayesianAverage(successes: number, trials: number, priorRate: number, weight: number): number {
  return (successes + weight * priorRate) / (trials + weight);
}

/** The middle value (the mean of the two middle ones for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Someone or something to rank: an officer or a unit, with its counts over the period. */
export interface RankingCandidate {
  /** The id: the last key of the order, so equal rows always come out the same way. */
  key: string;
  name: string;
  counts: ScoreCounts;
}

export interface RankingParameters {
  /** Fewer ratings than this: listed apart as "not enough ratings", never ranked. At least 1. */
  minRatings: number;
  /** m; null for the median number of ratings of the candidates rated in the period. */
  weight: number | null;
}

export interface FairRankingEntry<T extends RankingCandidate> {
  candidate: T;
  /** Rất hài lòng + Hài lòng. */
  satisfied: number;
  /** The Bayesian average in percent, two decimals (what ties are judged on); null without ratings. */
  scorePct: number | null;
  /** The 95% Wilson interval of the satisfaction rate, fractions; null without ratings. */
  interval: Interval | null;
  /** 1 = best; equal scores share a rank (1, 2, 2, 4); null for those under the minimum. */
  rank: number | null;
}

export interface FairRanking<T extends RankingCandidate> {
  ranked: FairRankingEntry<T>[];
  /** Under the minimum: most rated first. */
  notEnough: FairRankingEntry<T>[];
  /** p̄: every candidate's ratings together (those under the minimum too); null when none was rated. */
  priorRate: number | null;
  /** m as used. */
  weight: number;
  weightFrom: 'median' | 'fixed';
  /** All the candidates' ratings. */
  ratings: number;
}

/** Scores as shown: percent with two decimals. Ties are judged on what the reader sees. */
function scorePercent(score: number): number {
  return Math.round(score * 10_000) / 100;
}

/** Most ratings first, then the name in Vietnamese order, then the key: a total order. */
function byEvidenceThenName(a: RankingCandidate, b: RankingCandidate): number {
  return b.counts.ratings - a.counts.ratings || a.name.localeCompare(b.name, 'vi') || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/**
 * Ranks candidates by their Bayesian average, highest first. Ties: equal scores (as shown, to two
 * decimals of a percent) share a rank and are ordered by more ratings, then name, then key — the
 * same order whatever order the candidates came in.
 */
export function rankFairly<T extends RankingCandidate>(candidates: readonly T[], parameters: RankingParameters): FairRanking<T> {
  if (!Number.isInteger(parameters.minRatings) || parameters.minRatings < 1) throw new RangeError('a ranking needs a minimum of at least 1 rating');
  if (parameters.weight !== null && !(parameters.weight >= 0 && Number.isFinite(parameters.weight))) throw new RangeError('the weight of a ranking may not be negative');
  const satisfiedOf = (c: RankingCandidate) => c.counts.verySatisfied + c.counts.satisfied;
  const ratings = candidates.reduce((sum, c) => sum + c.counts.ratings, 0);
  const priorRate = ratings > 0 ? candidates.reduce((sum, c) => sum + satisfiedOf(c), 0) / ratings : null;
  const weight = parameters.weight ?? median(candidates.filter((c) => c.counts.ratings > 0).map((c) => c.counts.ratings)) ?? 0;

  const entries = candidates.map((candidate): FairRankingEntry<T> => {
    const n = candidate.counts.ratings;
    const satisfied = satisfiedOf(candidate);
    return {
      candidate,
      satisfied,
      scorePct: n > 0 && priorRate !== null ? scorePercent(bayesianAverage(satisfied, n, priorRate, weight)) : null,
      interval: wilsonInterval(satisfied, n),
      rank: null,
    };
  });
  const ranked = entries
    .filter((e) => e.candidate.counts.ratings >= parameters.minRatings)
    .sort((a, b) => b.scorePct! - a.scorePct! || byEvidenceThenName(a.candidate, b.candidate));
  ranked.forEach((entry, index) => {
    entry.rank = index > 0 && entry.scorePct === ranked[index - 1]!.scorePct ? ranked[index - 1]!.rank : index + 1;
  });
  const notEnough = entries.filter((e) => e.candidate.counts.ratings < parameters.minRatings).sort((a, b) => byEvidenceThenName(a.candidate, b.candidate));
  return { ranked, notEnough, priorRate, weight, weightFrom: parameters.weight === null ? 'median' : 'fixed', ratings };
}
