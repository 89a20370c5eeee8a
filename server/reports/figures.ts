/**
 * Counts as the console and the command line show them: the measures of
 * shared/reports/measures.ts, and no share from fewer ratings than the minimum (DOMAIN.md
 * "Privacy"): such a group keeps its counts, says `tooFew`, and has no shares and no rank.
 */
import type { Behaviour, Counts, ReportRow } from '../../shared/console/api';
import { CRITERIA_KEYS } from '../../shared/criteria';
import { behaviourShare, levelShares, satisfactionPct, tooFewRatings, type BehaviourTable, type ScoreCounts } from '../../shared/reports/measures';

export function toCounts(counts: ScoreCounts, minRatings: number): Counts {
  const tooFew = tooFewRatings(counts.ratings, minRatings);
  const shares = levelShares(counts);
  return {
    ...counts,
    satisfactionPct: tooFew ? null : satisfactionPct(counts),
    verySatisfiedPct: tooFew ? null : shares.verySatisfiedPct,
    satisfiedPct: tooFew ? null : shares.satisfiedPct,
    notSatisfiedPct: tooFew ? null : shares.notSatisfiedPct,
    tooFew,
  };
}

/** The eight behaviours in the standard's order; a share from fewer answers than the minimum is withheld. */
export function toBehaviours(table: BehaviourTable, minRatings: number): Behaviour[] {
  return CRITERIA_KEYS.map((key) => {
    const { yes, no } = table[key];
    const { answered, yesPct } = behaviourShare(table[key]);
    const tooFew = tooFewRatings(answered, minRatings);
    return { key, yes, no, answered, yesPct: tooFew ? null : yesPct, tooFew };
  });
}

/**
 * Ranks rows by satisfaction rate, highest first (equal rates share a rank, then more ratings
 * and the name decide the order); rows with too few or no ratings are unranked and come after.
 */
export function rankRows(rows: Omit<ReportRow, 'rank'>[]): ReportRow[] {
  const ranked = rows.filter((r) => r.counts.satisfactionPct !== null);
  const unranked = rows.filter((r) => r.counts.satisfactionPct === null);
  ranked.sort((a, b) => b.counts.satisfactionPct! - a.counts.satisfactionPct! || b.counts.ratings - a.counts.ratings || a.name.localeCompare(b.name, 'vi'));
  unranked.sort((a, b) => b.counts.ratings - a.counts.ratings || a.name.localeCompare(b.name, 'vi'));
  let rank = 0;
  const result = ranked.map((row, index) => {
    if (index === 0 || row.counts.satisfactionPct !== ranked[index - 1]!.counts.satisfactionPct) rank = index + 1;
    return { ...row, rank };
  });
  return [...result, ...unranked.map((row) => ({ ...row, rank: null }))];
}
