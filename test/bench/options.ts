// Bench flags. Defaults are sized so the bare hop's own cost is stable between runs on a 2-core
// machine (thousands of samples per target); --quick is the CI smoke: tiny counts, same code path.
import { parseArgs } from 'node:util';

export interface BenchOptions {
  quick: boolean;
  /** Rounds; every workload visits all targets once per round, in a rotated order. */
  rounds: number;
  /**
   * Sequential 1 KiB echo calls per target per round. A p99 over 4,000 calls is the 40th slowest,
   * and the tail checks swung between runs with it (the gateway's added p99 minus the bare hop's
   * ranged −0.9 to +0.3 ms over six runs): 10,000 per target by default.
   */
  calls: number;
  /**
   * Interleaved 1 KiB calls per target before round 1, timed but kept out of the checks: V8
   * compiles a hop's hot path over its first few thousand calls, and the gateway has more of it.
   */
  warmCalls: number;
  /** Sequential 1 KiB calls per round on each hop alone (bare, gateway), timed by the hop's CPU. */
  cpuCalls: number;
  /** Sequential 1 MiB blob calls per target per round (2,000 per target by default, for the p99). */
  bigCalls: number;
  /** Concurrent sessions in the throughput workload (HTTP targets). */
  sessions: number;
  /** Calls each concurrent session makes per round. */
  sessionCalls: number;
  /**
   * Events in one SSE stream, and the upstream's delay between them. 2 ms by default: at 1 ms the
   * client's own SDK parsing keeps a core busy and the p99 measures the machine, not the hop.
   */
  events: number;
  eventDelayMs: number;
  /**
   * SSE streams per target (one per round until this many). Every round by default: with three
   * streams a target's p99 hung on whether one of its streams met a busy moment (direct's own
   * p99 ranged 4.6–7.0 ms over three runs, the hops' 3.1–7.6 ms), and the check failed in two
   * runs of seven, once with the bare hop further over direct than the gateway.
   */
  sseRounds: number;
  /** New-session connects per target per round. */
  connects: number;
  /** `serve` cold starts (the last one stays up for the run). */
  coldStarts: number;
  /** Upstreams configured in the gateway (RSS target: 50). */
  upstreams: number;
  out: string;
  /** When set, `serve` and the bare hop run with --cpu-prof: profiles and flame graphs land here. */
  cpuProfDir?: string;
}

const FULL = {
  rounds: 10,
  calls: 1000,
  warmCalls: 1000,
  cpuCalls: 30,
  bigCalls: 200,
  sessions: 64,
  sessionCalls: 5,
  events: 1000,
  eventDelayMs: 2,
  sseRounds: 10,
  connects: 1,
  coldStarts: 3,
  upstreams: 50,
};
const QUICK = {
  rounds: 2,
  calls: 10,
  warmCalls: 5,
  cpuCalls: 5,
  bigCalls: 2,
  sessions: 8,
  sessionCalls: 3,
  events: 20,
  eventDelayMs: 1,
  sseRounds: 1,
  connects: 1,
  coldStarts: 1,
  upstreams: 5,
};

export function parseBenchArgs(argv: string[], defaultOut: string): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      rounds: { type: 'string' },
      calls: { type: 'string' },
      'warm-calls': { type: 'string' },
      'cpu-calls': { type: 'string' },
      'big-calls': { type: 'string' },
      sessions: { type: 'string' },
      'session-calls': { type: 'string' },
      events: { type: 'string' },
      'event-delay': { type: 'string' },
      'sse-rounds': { type: 'string' },
      connects: { type: 'string' },
      'cold-starts': { type: 'string' },
      upstreams: { type: 'string' },
      out: { type: 'string' },
      'cpu-prof': { type: 'string' },
    },
  });
  const base = values.quick ? QUICK : FULL;
  const num = (v: string | undefined, d: number, min = 1): number => {
    if (v === undefined) return d;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new Error(`Expected an integer >= ${min}, got "${v}"`);
    return n;
  };
  return {
    quick: values.quick ?? false,
    rounds: num(values.rounds, base.rounds),
    calls: num(values.calls, base.calls),
    warmCalls: num(values['warm-calls'], base.warmCalls, 0),
    cpuCalls: num(values['cpu-calls'], base.cpuCalls),
    bigCalls: num(values['big-calls'], base.bigCalls),
    sessions: num(values.sessions, base.sessions),
    sessionCalls: num(values['session-calls'], base.sessionCalls),
    events: num(values.events, base.events),
    eventDelayMs: num(values['event-delay'], base.eventDelayMs, 0),
    sseRounds: num(values['sse-rounds'], base.sseRounds),
    connects: num(values.connects, base.connects),
    coldStarts: num(values['cold-starts'], base.coldStarts),
    upstreams: num(values.upstreams, base.upstreams),
    out: values.out ?? defaultOut,
    ...(values['cpu-prof'] !== undefined && { cpuProfDir: values['cpu-prof'] }),
  };
}

export const USAGE = `npm run bench -- [--quick] [--rounds N] [--calls N] [--warm-calls N] [--cpu-calls N] [--big-calls N] [--sessions N]
  [--session-calls N] [--events N] [--event-delay MS] [--sse-rounds N] [--connects N]
  [--cold-starts N] [--upstreams N] [--out results.json] [--cpu-prof DIR]
--cpu-prof DIR: CPU profiles of \`serve\` and the bare hop, and a flame graph (.svg) of each.`;
