// The bench's pass/fail judgement of the latency targets (report.ts `evaluate`).
import { describe, expect, it } from 'vitest';
import { evaluate, formatTables, type BenchResults, type TargetResult } from './report.js';
import { seededRandom, summarize } from './stats.js';

const lat = (p50: number, p99: number) => ({ ...summarize([p50]), p50, p99 });
const target = (k1: [number, number], m1: [number, number]): TargetResult => ({
  latency1k: lat(...k1),
  latency1m: lat(...m1),
  seqCallsPerSec: 200,
  concurrentCallsPerSec: 500,
  sse: { ...summarize([0.3]), streamed: true, received: 10, expected: 10 },
  connect: summarize([10]),
});
const run = (t: Partial<BenchResults['targets']>): Omit<BenchResults, 'checks'> => ({
  date: '',
  machine: {} as BenchResults['machine'],
  options: {},
  unavailable: {},
  targets: t,
  gateway: {
    rssIdleMb: 60,
    rssUnderLoadMb: 80,
    rssPeakMb: 80,
    rss1MiBFirstMb: 70,
    rss1MiBLastMb: 72,
    payloads1MiB: 10,
    coldStart: { readyMs: summarize([300]), firstCallMs: summarize([350]) },
    bareHopRssIdleMb: 44,
    bareHopRssPeakMb: 90,
  },
});
const check = (checks: ReturnType<typeof evaluate>, name: string) => checks.find((c) => c.name.startsWith(name))!;

describe('bench latency targets', () => {
  const direct = target([3, 12], [17, 40]);

  it('allows the gateway 1.1× the bare hop’s added p50 and 1.2× its added p99, plus 0.05 ms', () => {
    const bare = target([4, 14], [20, 46]); // +1 / +2 at 1 KiB, +3 / +6 at 1 MiB
    const ok = evaluate(run({ direct, bare, gateway: target([4.14, 14.44], [20.34, 47.19]) }));
    expect(
      ['added p50 1 KiB', 'added p99 1 KiB', 'added p50 1 MiB', 'added p99 1 MiB'].map((n) => check(ok, n).pass),
    ).toEqual([true, true, true, true]);
    const slow = evaluate(run({ direct, bare, gateway: target([4.2, 14.5], [20.4, 47.3]) }));
    expect(
      ['added p50 1 KiB', 'added p99 1 KiB', 'added p50 1 MiB', 'added p99 1 MiB'].map((n) => check(slow, n).pass),
    ).toEqual([false, false, false, false]);
    expect(check(slow, 'added p50 1 KiB').detail).toBe('gateway +1.200 vs bare +1.000 ms');
  });

  it('counts a bare hop measured faster than direct as adding nothing, never as a negative allowance', () => {
    const bare = target([4, 11], [20, 34]); // p99s below direct's: noise in the tail samples
    const near = evaluate(run({ direct, bare, gateway: target([4, 12.04], [20, 39.9]) }));
    expect(check(near, 'added p99 1 KiB').pass).toBe(true);
    expect(check(near, 'added p99 1 KiB').detail).toBe('gateway +0.040 vs bare −1.000 ms (counted as 0)');
    expect(check(near, 'added p99 1 MiB').pass).toBe(true);
    const worse = evaluate(run({ direct, bare, gateway: target([4, 12.5], [20, 41]) }));
    expect(check(worse, 'added p99 1 KiB').pass).toBe(false);
    expect(check(worse, 'added p99 1 MiB').pass).toBe(false);
  });
});

describe('bench headroom intervals', () => {
  /** 4,000 1 KiB latencies around `base` ms with a 2% tail 4–8 ms slower. */
  const k1 = (base: number, seed: number) => {
    const random = seededRandom(seed);
    return Array.from({ length: 4000 }, () => base + random() + (random() < 0.02 ? 4 + 4 * random() : 0));
  };
  const fromSamples = (xs: number[]) => ({
    ...summarize(xs),
    streamed: true,
    received: xs.length,
    expected: xs.length,
  });

  it('gives each latency check its headroom and a 95% interval from the raw samples, and prints both', () => {
    const raw = { direct: k1(3, 1), bare: k1(4, 2), gateway: k1(4, 3) };
    const t = (xs: number[]): TargetResult => ({
      ...target([0, 0], [0, 0]),
      latency1k: summarize(xs),
      latency1m: summarize(xs),
      sse: fromSamples(xs),
    });
    const r = run({ direct: t(raw.direct), bare: t(raw.bare), gateway: t(raw.gateway) });
    const samples = Object.fromEntries(
      Object.entries(raw).map(([n, xs]) => [n, { latency1k: xs, latency1m: xs, sse: xs }]),
    );
    const checks = evaluate(r, samples);
    const p99 = check(checks, 'added p99 1 KiB');
    const added = (n: 'bare' | 'gateway', q: 'p50' | 'p99') => summarize(raw[n])[q] - summarize(raw.direct)[q];
    expect(p99.headroom!.ms).toBeCloseTo(1.2 * Math.max(0, added('bare', 'p99')) + 0.05 - added('gateway', 'p99'), 9);
    expect(p99.pass).toBe(p99.headroom!.ms >= 0);
    // Same distribution through both hops: the interval spans the verdict's boundary.
    expect(p99.headroom!.interval!.lo).toBeLessThan(0);
    expect(p99.headroom!.interval!.hi).toBeGreaterThan(0);
    const sse = check(checks, 'SSE event forwarded');
    expect(sse.headroom!.interval!.lo).toBeLessThanOrEqual(sse.headroom!.ms);
    expect(sse.headroom!.interval!.hi).toBeGreaterThanOrEqual(sse.headroom!.ms);
    expect(formatTables({ ...r, checks })).toMatch(
      /added p99 1 KiB.*; headroom [+−]\d+\.\d{3} ms \[[+−]\d+\.\d{3}, [+−]\d+\.\d{3}\]/,
    );
  });

  it('leaves the interval out when no samples are given, and never for the other checks', () => {
    const checks = evaluate(
      run({ direct: target([3, 12], [17, 40]), bare: target([4, 14], [20, 46]), gateway: target([4, 14], [20, 46]) }),
    );
    expect(check(checks, 'added p50 1 KiB').headroom).toEqual({ ms: expect.closeTo(0.15, 9) }); // 1.1 × 1 + 0.05 − 1
    expect(check(checks, 'throughput').headroom).toBeUndefined();
  });
});

describe('bench report', () => {
  const t = target([3, 12], [17, 40]);
  const results = (tcpCongestionControl?: string): BenchResults => {
    const r = run({ direct: t, bare: t, gateway: t });
    return {
      ...r,
      machine: { cpus: 2, model: 'x', memGb: 24, node: 'v20', platform: 'linux', tcpCongestionControl },
      checks: evaluate(r),
    };
  };

  it('warns under the tables when loopback TCP runs BBR, whose probing decides the 1 MiB tails', () => {
    expect(formatTables(results('bbr'))).toContain('sudo sysctl -w net.ipv4.tcp_congestion_control=cubic');
    expect(formatTables(results('cubic'))).not.toContain('congestion control');
    expect(formatTables(results(undefined))).not.toContain('congestion control');
  });
});
