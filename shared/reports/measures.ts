/**
 * The measures every report uses (DOMAIN.md "Measures the reports use"), computed from counts.
 * The server's rollups, the console and the command line all go through these functions, so a
 * figure is the same wherever it is read.
 */
import { CRITERIA_KEYS, type CriterionKey } from '../criteria';

/** Counts of ratings per level of the national three-level scale. */
export interface ScoreCounts {
  ratings: number;
  /** score 3: Rất hài lòng */
  verySatisfied: number;
  /** score 2: Hài lòng */
  satisfied: number;
  /** score 1: Không hài lòng */
  notSatisfied: number;
}

/** Yes and no answers to one behaviour; "not answered" counts in neither. */
export interface BehaviourCounts {
  yes: number;
  no: number;
}

export type BehaviourTable = Record<CriterionKey, BehaviourCounts>;

export const EMPTY_COUNTS: Readonly<ScoreCounts> = Object.freeze({ ratings: 0, verySatisfied: 0, satisfied: 0, notSatisfied: 0 });

/** Default smallest number of ratings behind any figure an officer could be shown (DOMAIN: 5). */
export const DEFAULT_MIN_RATINGS_FOR_FIGURES = 5;

export function emptyBehaviours(): BehaviourTable {
  return Object.fromEntries(CRITERIA_KEYS.map((key) => [key, { yes: 0, no: 0 }])) as BehaviourTable;
}

export function addCounts(a: ScoreCounts, b: ScoreCounts): ScoreCounts {
  return {
    ratings: a.ratings + b.ratings,
    verySatisfied: a.verySatisfied + b.verySatisfied,
    satisfied: a.satisfied + b.satisfied,
    notSatisfied: a.notSatisfied + b.notSatisfied,
  };
}

/** A percentage with one decimal, as reports print it; null when there is nothing to divide. */
export function percent(part: number, whole: number): number | null {
  if (whole <= 0) return null;
  return Math.round((part / whole) * 1000) / 10;
}

/** Tỷ lệ hài lòng = (Rất hài lòng + Hài lòng) ÷ all ratings, in percent with one decimal. */
export function satisfactionPct(counts: ScoreCounts): number | null {
  return percent(counts.verySatisfied + counts.satisfied, counts.ratings);
}

/** The three shares, always shown beside the satisfaction rate. */
export function levelShares(counts: ScoreCounts): { verySatisfiedPct: number | null; satisfiedPct: number | null; notSatisfiedPct: number | null } {
  return {
    verySatisfiedPct: percent(counts.verySatisfied, counts.ratings),
    satisfiedPct: percent(counts.satisfied, counts.ratings),
    notSatisfiedPct: percent(counts.notSatisfied, counts.ratings),
  };
}

/** A behaviour's share = yes ÷ (yes + no); the number who answered is always shown with it. */
export function behaviourShare(counts: BehaviourCounts): { answered: number; yesPct: number | null } {
  const answered = counts.yes + counts.no;
  return { answered, yesPct: percent(counts.yes, answered) };
}

/**
 * True when a group has too few ratings for any share of it to be shown where an officer could
 * see it: a share from 1–4 ratings can reveal one citizen's choice.
 */
export function tooFewRatings(ratings: number, minimum: number): boolean {
  return ratings > 0 && ratings < minimum;
}
