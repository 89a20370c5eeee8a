import { describe, expect, it } from 'vitest';
import { behaviourShare, levelShares, satisfactionPct, tooFewRatings } from '../../../shared/reports/measures';

describe('report measures', () => {
  it('the satisfaction rate counts Rất hài lòng and Hài lòng over all ratings, one decimal', () => {
    expect(satisfactionPct({ ratings: 3, verySatisfied: 1, satisfied: 1, notSatisfied: 1 })).toBe(66.7);
    expect(satisfactionPct({ ratings: 200, verySatisfied: 10, satisfied: 180, notSatisfied: 10 })).toBe(95);
    expect(satisfactionPct({ ratings: 0, verySatisfied: 0, satisfied: 0, notSatisfied: 0 })).toBeNull();
  });

  it('two units at 95% differ in their shares', () => {
    const mostlySatisfied = levelShares({ ratings: 100, verySatisfied: 0, satisfied: 95, notSatisfied: 5 });
    const mostlyVery = levelShares({ ratings: 100, verySatisfied: 95, satisfied: 0, notSatisfied: 5 });
    expect(mostlySatisfied).not.toEqual(mostlyVery);
    expect(mostlyVery.verySatisfiedPct).toBe(95);
  });

  it('a behaviour share counts only those who answered, and says how many did', () => {
    expect(behaviourShare({ yes: 2, no: 1 })).toEqual({ answered: 3, yesPct: 66.7 });
    expect(behaviourShare({ yes: 0, no: 0 })).toEqual({ answered: 0, yesPct: null });
  });

  it('fewer than the minimum ratings is too few; none is simply none', () => {
    expect(tooFewRatings(4, 5)).toBe(true);
    expect(tooFewRatings(5, 5)).toBe(false);
    expect(tooFewRatings(0, 5)).toBe(false);
  });
});
