import { describe, expect, it } from 'vitest';
import { BACKOFF_MAX_MS, BACKOFF_MIN_MS, backoffDelay, retryAfterMs } from '../../../../electron/core/sync/backoff';
import { NetworkWatch } from '../../../../electron/core/sync/network-watch';

describe('retry backoff', () => {
  it('grows exponentially from 1 s and never exceeds 5 minutes, whatever the dice', () => {
    for (const dice of [0, 0.5, 0.999]) {
      const delays = Array.from({ length: 40 }, (_v, i) => backoffDelay(i + 1, () => dice));
      expect(delays.every((d) => d >= BACKOFF_MIN_MS && d <= BACKOFF_MAX_MS)).toBe(true);
      expect(delays.at(-1)).toBeGreaterThanOrEqual(BACKOFF_MAX_MS / 2);
    }
    expect(backoffDelay(1, () => 0)).toBe(1_000);
    expect(backoffDelay(4, () => 1)).toBe(8_000);
    expect(backoffDelay(4, () => 0)).toBe(4_000);
    expect(backoffDelay(1_000_000, () => 1)).toBe(BACKOFF_MAX_MS);
  });

  it('spreads kiosks that failed together (jitter)', () => {
    let seed = 1;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(6, random)));
    expect(delays.size).toBeGreaterThan(40);
  });

  it('reads Retry-After in seconds or as a date, capped', () => {
    expect(retryAfterMs('3', 0)).toBe(3_000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 0)).toBe(10_000);
    expect(retryAfterMs('99999', 0)).toBe(BACKOFF_MAX_MS);
    expect(retryAfterMs(null, 0)).toBeNull();
    expect(retryAfterMs('soon', 0)).toBeNull();
  });
});

describe('network watch', () => {
  it('calls back when the machine gains an address (the network came back), not when it loses one', () => {
    let interfaces: Record<string, { address: string; internal: boolean }[]> = {
      lo: [{ address: '127.0.0.1', internal: true }],
      eth0: [{ address: '10.0.0.5', internal: false }],
    };
    let calls = 0;
    const watch = new NetworkWatch(() => (calls += 1), (() => interfaces) as never);
    watch.start();
    interfaces = { lo: interfaces.lo! };
    watch.check();
    expect(calls).toBe(0);
    interfaces = { ...interfaces, eth0: [{ address: '10.0.0.5', internal: false }] };
    watch.check();
    expect(calls).toBe(1);
    watch.stop();
  });
});
