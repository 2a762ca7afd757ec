/**
 * A token bucket per source: `ratePerMinute` sustained, the same as burst.
 * Kept per replica in memory; with N replicas a source gets up to N times its
 * rate, which is acceptable for protecting the bus from a runaway CI loop.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; updatedMs: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Takes `cost` tokens; returns 0 when allowed, else the seconds until enough tokens refill. */
  take(key: string, ratePerMinute: number, cost = 1): number {
    const now = this.now();
    const perMs = ratePerMinute / 60_000;
    const bucket = this.buckets.get(key) ?? { tokens: ratePerMinute, updatedMs: now };
    bucket.tokens = Math.min(ratePerMinute, bucket.tokens + (now - bucket.updatedMs) * perMs);
    bucket.updatedMs = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= cost) {
      bucket.tokens -= cost;
      return 0;
    }
    return Math.max(1, Math.ceil((cost - bucket.tokens) / perMs / 1000));
  }
}
