import { RateLimiter } from './rate-limiter';

describe(RateLimiter.name, () => {
  it('allows a burst up to the per-minute rate, then asks to retry after the refill time', () => {
    let now = 0;
    const limiter = new RateLimiter(() => now);
    expect([limiter.take('a', 3), limiter.take('a', 3), limiter.take('a', 3)]).toEqual([0, 0, 0]);
    expect(limiter.take('a', 3)).toBe(20);
    now += 20_000;
    expect(limiter.take('a', 3)).toBe(0);
  });

  it('keeps a bucket per source', () => {
    const limiter = new RateLimiter(() => 0);
    expect(limiter.take('a', 1)).toBe(0);
    expect(limiter.take('b', 1)).toBe(0);
    expect(limiter.take('a', 1)).toBeGreaterThan(0);
  });

  it('charges a batch by its number of events', () => {
    const limiter = new RateLimiter(() => 0);
    expect(limiter.take('a', 10, 11)).toBeGreaterThan(0);
    expect(limiter.take('a', 10, 10)).toBe(0);
  });
});
