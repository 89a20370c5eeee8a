import { describe, expect, it } from 'vitest';
import { crashRounds } from './crash-harness';

describe('a thanked rating survives kill -9', () => {
  it('after each of 30 kills at random moments, every thanked rating is stored exactly once, the database is intact and so is its record chain', async () => {
    const results = await crashRounds(30);
    expect(results).toHaveLength(30);
    for (const result of results) {
      expect(result.integrity).toBe('ok');
      expect(result.chain).toBe('intact');
      expect(result.missing).toEqual([]);
      expect(result.doubled).toEqual([]);
      expect(result.stored).toBeGreaterThanOrEqual(result.thanked);
    }
    // The kills must land while ratings are being written, or the test proves nothing.
    expect(results[results.length - 1]!.thanked).toBeGreaterThan(30);
  }, 240_000);
});
