// Seeded randomness and the small statistics the scan benches share, so two runs ask the same questions.
import { performance } from 'node:perf_hooks';

export type Random = () => number;

/** mulberry32: a fast 32-bit PRNG, plenty for picking fixtures. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

/** Skewed toward the start of the range (popular packages): index in [0, n); a higher `skew` crowds the start more. */
export function skewedIndex(random: Random, n: number, skew = 2): number {
  return Math.min(n - 1, Math.floor(n * random() ** skew));
}

/** Nearest-rank percentile. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

export async function timedMs(run: () => unknown): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}
