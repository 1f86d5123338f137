// How far a latency check's verdict can be trusted. A p99 over a few thousand calls is one of the
// slowest few dozen, and on a shared 2-core VM it moves between runs of the same code by more
// than the checks' allowances (README: how it measures). Resampling each target's own samples
// (the bootstrap) gives an interval for the check's headroom: the verdict stays the point
// estimate's, and the interval says whether another run could well have said the opposite.

import { seededRandom } from './stats.js';

/** Nearest-rank quantile `q` of `xs` (as stats.ts `summarize`); reorders `xs`. */
export function selectQuantile(xs: Float64Array, q: number): number {
  const k = Math.min(xs.length - 1, Math.max(0, Math.ceil(q * xs.length) - 1));
  let lo = 0,
    hi = xs.length - 1;
  // Quickselect (Hoare partition around the middle element): O(n) on average.
  while (lo < hi) {
    const pivot = xs[(lo + hi) >> 1]!;
    let i = lo,
      j = hi;
    while (i <= j) {
      while (xs[i]! < pivot) i++;
      while (xs[j]! > pivot) j--;
      if (i <= j) {
        const t = xs[i]!;
        xs[i] = xs[j]!;
        xs[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return xs[k]!;
  }
  return xs[k]!;
}

export interface Interval {
  lo: number;
  hi: number;
}

/**
 * 95% bootstrap interval of `statistic`, computed from the `q`-quantile of each sample in
 * `samples` (each resampled with replacement, independently, `iterations` times; seeded, so a
 * results file always reports the same interval).
 */
export function bootstrapInterval(
  samples: number[][],
  q: number,
  statistic: (quantiles: number[]) => number,
  iterations = 1000,
  seed = 1,
): Interval {
  const random = seededRandom(seed);
  const buffers = samples.map((s) => new Float64Array(s.length));
  const stats = new Float64Array(iterations);
  const quantiles = new Array<number>(samples.length);
  for (let it = 0; it < iterations; it++) {
    for (let s = 0; s < samples.length; s++) {
      const src = samples[s]!,
        buf = buffers[s]!;
      for (let i = 0; i < buf.length; i++) buf[i] = src[Math.floor(random() * src.length)]!;
      quantiles[s] = selectQuantile(buf, q);
    }
    stats[it] = statistic(quantiles);
  }
  stats.sort();
  return { lo: stats[Math.floor(0.025 * iterations)]!, hi: stats[Math.ceil(0.975 * iterations) - 1]! };
}
