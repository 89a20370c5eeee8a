import { describe, expect, it } from 'vitest';
import { FLAG_REASONS } from '../../../shared/console/integrity';
import { RATING_FLAG_REASONS } from '../../../server/integrity/rating-flags';

describe('the console names every reason the server can raise a flag for', () => {
  it('the contract’s list of reasons is the server’s, in the same order', () => {
    expect([...FLAG_REASONS]).toEqual([...RATING_FLAG_REASONS]);
  });
});
