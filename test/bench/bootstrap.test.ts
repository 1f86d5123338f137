// The bench's bootstrap intervals (bootstrap.ts): the quantile they resample, and what they say
// about two samples that differ and two that do not.
import { describe, expect, it } from 'vitest';
import { bootstrapInterval, selectQuantile } from './bootstrap.js';
import { seededRandom, summarize } from './stats.js';

/** `n` latencies with a long tail: 1–3 ms, and 2% of them 5–25 ms. */
function latencies(n: number, seed: number, shift = 0): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => shift + (random() < 0.02 ? 5 + 20 * random() : 1 + 2 * random()));
}

describe('selectQuantile', () => {
  it('picks the same nearest-rank quantile as the summaries, duplicates and tiny samples included', () => {
    for (const [n, seed] of [
      [1, 1],
      [2, 2],
      [7, 3],
      [100, 4],
      [2001, 5],
    ] as const) {
      const xs = latencies(n, seed).map((x) => Math.round(x * 4) / 4); // many equal values
      const s = summarize(xs);
      expect(selectQuantile(Float64Array.from(xs), 0.5)).toBe(s.p50);
      expect(selectQuantile(Float64Array.from(xs), 0.99)).toBe(s.p99);
    }
  });
});

describe('bootstrapInterval', () => {
  const diff = ([a, b]: number[]) => b! - a!;

  it('spans zero for two samples of the same distribution', () => {
    const i = bootstrapInterval([latencies(2000, 11), latencies(2000, 12)], 0.99, diff, 300);
    expect(i.lo).toBeLessThan(0);
    expect(i.hi).toBeGreaterThan(0);
  });

  it('excludes zero and covers the shift when one sample is slower throughout', () => {
    // The p99 falls inside the 5–25 ms tail, so its own spread is several ms: shift well past it.
    const i = bootstrapInterval([latencies(2000, 11), latencies(2000, 12, 15)], 0.99, diff, 300);
    expect(i.lo).toBeGreaterThan(0);
    expect(i.lo).toBeLessThan(15);
    expect(i.hi).toBeGreaterThan(15);
  });

  it('is reproducible: the same samples and seed give the same interval', () => {
    const a = latencies(500, 1),
      b = latencies(500, 2);
    expect(bootstrapInterval([a, b], 0.99, diff, 200)).toEqual(bootstrapInterval([a, b], 0.99, diff, 200));
  });
});
