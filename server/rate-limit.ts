/**
 * Token buckets by key (a device id, or an address for enrolment): `burst` requests at once, then
 * `perSecond` on average. Memory stays bounded: full buckets are forgotten.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
    private readonly now: () => number,
  ) {}

  /** The ms to wait before a token is there, without taking it (0: one is there). */
  wait(key: string): number {
    const bucket = this.refill(key);
    return bucket.tokens >= 1 ? 0 : Math.ceil(((1 - bucket.tokens) / this.perSecond) * 1000);
  }

  /** Takes one token: 0 when allowed, otherwise the ms to wait before the next try. */
  take(key: string): number {
    const now = this.now();
    const bucket = this.refill(key);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      this.buckets.set(key, bucket);
      if (this.buckets.size > 50_000) this.sweep(now);
      return 0;
    }
    this.buckets.set(key, bucket);
    return Math.ceil(((1 - bucket.tokens) / this.perSecond) * 1000);
  }

  private refill(key: string): { tokens: number; at: number } {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
    bucket.at = now;
    return bucket;
  }

  private sweep(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond >= this.burst) this.buckets.delete(key);
    }
  }
}
