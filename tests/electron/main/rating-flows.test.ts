import { describe, expect, it } from 'vitest';
import { AFTER_IDLE_MARGIN_MS, DETAILS_WINDOW_MS, RatingFlowWatch } from '../../../electron/main/rating-flows';

const submitted = (id: string) => ({ ok: true as const, value: { id, seq: 1, createdAt: 0 } });

describe('whether a citizen may be in front of the kiosk', () => {
  it('no: nobody touched it and no rating is open', () => {
    expect(new RatingFlowWatch(() => 1_000_000).isOpen(30_000)).toBe(false);
  });

  it('yes: a touch within the idle timeout (and a margin), someone may be choosing a face', () => {
    let now = 1_000_000;
    const flows = new RatingFlowWatch(() => now);
    flows.observeInput();
    now += 30_000 + AFTER_IDLE_MARGIN_MS - 1;
    expect(flows.isOpen(30_000)).toBe(true);
    now += 1;
    expect(flows.isOpen(30_000)).toBe(false);
  });

  it('yes: a rating submitted and not finished, until it is finished or its details window ends', () => {
    let now = 1_000_000;
    const flows = new RatingFlowWatch(() => now);
    flows.observeCall('submitRating', { flowId: 'f1' }, submitted('r1'));
    flows.observeCall('submitRating', { flowId: 'f2' }, submitted('r2'));
    now += 10 * 60_000;
    expect(flows.isOpen(30_000)).toBe(true);
    flows.observeCall('finishRating', { id: 'r1' }, submitted('r1'));
    expect(flows.isOpen(30_000)).toBe(true);
    now += DETAILS_WINDOW_MS - 10 * 60_000;
    expect(flows.isOpen(30_000)).toBe(false);
  });

  it('a refused rating opens nothing beyond the touch that made it, and other calls change nothing', () => {
    let now = 1_000_000;
    const flows = new RatingFlowWatch(() => now);
    flows.observeCall('submitRating', { flowId: 'f' }, { ok: false, error: { code: 'rating_disabled', message: 'no officer' } });
    flows.observeCall('getKioskState', undefined, { ok: true, value: {} });
    now += 60_000 + AFTER_IDLE_MARGIN_MS;
    expect(flows.isOpen(60_000)).toBe(false);
  });
});
