import { describe, expect, it } from 'vitest';
import { SAME_CODE_ABSENCE_MS, SameCodeFilter } from '../../../renderer/src/scanner/camera-scanner';

describe('camera: a badge held in view is one scan', () => {
  it('counts a code once while it stays in view, and again after it was out of sight', () => {
    const filter = new SameCodeFilter();
    expect(filter.accept('BG-26-000101', 0)).toBe(true);
    // Decoded in every frame for ten seconds: still the same scan.
    for (let t = 200; t <= 10_000; t += 200) expect(filter.accept('BG-26-000101', t)).toBe(false);
    // Frames without a code (the badge is taken away) do not count as seeing it.
    expect(filter.accept(null, 10_200)).toBe(false);
    expect(filter.accept('BG-26-000101', 10_000 + SAME_CODE_ABSENCE_MS - 1)).toBe(false);
    expect(filter.accept('BG-26-000101', 10_000 + 2 * SAME_CODE_ABSENCE_MS)).toBe(true);
  });

  it('counts another badge at once', () => {
    const filter = new SameCodeFilter();
    expect(filter.accept('BG-26-000101', 0)).toBe(true);
    expect(filter.accept('BG-26-000102', 100)).toBe(true);
    expect(filter.accept('BG-26-000101', 200)).toBe(true);
  });
});
