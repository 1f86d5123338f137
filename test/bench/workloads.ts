// The client-side workloads, all through the MCP SDK client. Each runs one target's turn of one
// round; run.ts interleaves the turns so every target sees the same machine conditions.
import { performance } from 'node:perf_hooks';
import { LoggingMessageNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import type { Session, Target, TargetName } from './targets.js';
import { collectYoung } from './collect.js';
import { monoMs, seededRandom } from './stats.js';

/**
 * What the bench's own endpoints do between two timed calls, after the driver's young collection
 * (timedStep). `done` counts the timed calls of the current block so far.
 */
export type Settle = (done: number) => Promise<void>;

/**
 * The driver's own garbage (the SDK parses every result: a 1 MiB one is a 1 MiB string and its
 * JSON) is collected between timed calls. Otherwise the driver's collections land inside
 * whichever call is being timed and turn the tails into a lottery: in interleaved 1 MiB A/Bs
 * (direct, bare hop, gateway) p99 was 27–134 ms over three runs without it, 25–34 ms with it,
 * and p99.5 38–140 ms against 27–66 ms.
 */
export async function timedStep(
  call: (s: Session) => Promise<number>,
  s: Session,
  settle?: () => Promise<void>,
): Promise<number> {
  const ms = await call(s);
  collectYoung();
  await settle?.();
  return ms;
}

/** Every this many calls, `settleEndpoints` has the upstream collect in full. */
export const FULL_COLLECTION_EVERY = 16;

/**
 * For 1 MiB calls, whose upstream runs with `--single-threaded-gc` (processes.ts): it collects its
 * young garbage after every call and everything every `FULL_COLLECTION_EVERY` calls (each call
 * leaves a few MiB of large strings behind). `perf sched` showed the slowest 1 MiB calls of every
 * target losing the cores to the upstream's GC helper threads (20–38 ms of concurrent marking
 * inside a 40 ms call). Every target pays for that, but a call through a hop, with a third busy
 * process on two cores, pays more, and the few such calls per run set each p99. In four 400-step
 * A/Bs (direct / bare hop / gateway) with an ordinary upstream, the calls more than 15 ms over
 * direct's median numbered 1–12 / 1–18 / 4–12 and p99 was 24–50 / 27–57 / 32–55 ms; with this
 * one, 0 / 0–2 / 2–6 and 22 / 27–29 / 31–67 ms over three (README: the gateway's remaining gap).
 */
export function settleEndpoints(up: { collect(full: boolean): Promise<void> }): Settle {
  return (done) => up.collect(done % FULL_COLLECTION_EVERY === 0);
}

export const KIB_TEXT = 'k'.repeat(1024);
export const MIB = 1024 * 1024;

function textOf(result: unknown): string {
  const content = (result as { content?: Array<{ type: string; text?: string }> }).content;
  return content?.[0]?.text ?? '';
}

/** One tool call; resolves to its latency in ms once its text result proved to be `length` long. */
async function timedToolCall(s: Session, name: string, args: Record<string, unknown>, length: number): Promise<number> {
  const t0 = performance.now();
  const r = await s.client.callTool({ name, arguments: args });
  const ms = performance.now() - t0;
  if (textOf(r).length !== length) throw new Error(`${name} returned the wrong payload size`);
  return ms;
}

/** One 1 KiB echo (request and result); resolves to its latency in ms. */
export const echoOnce = (s: Session): Promise<number> => timedToolCall(s, 'echo', { text: KIB_TEXT }, KIB_TEXT.length);

/** One 1 MiB result (the blob tool); resolves to its latency in ms. */
export const blobOnce = (s: Session): Promise<number> => timedToolCall(s, 'blob', { bytes: MIB }, MIB);

/**
 * Sequential calls, interleaved call by call: each of the `n` steps makes one call on every
 * target, in a fresh shuffled order. A burst of machine noise (another VM, a GC in the driver)
 * then lands on all targets alike instead of on whichever one had the turn, and no target always
 * follows the same one (mcp-remote and the bridge leave work behind them that a fixed rotation
 * would hand to their successor every time).
 */
async function interleavedCalls(
  sessions: Array<[TargetName, Session]>,
  n: number,
  seed: number,
  call: (s: Session) => Promise<number>,
  out: (name: TargetName) => number[],
  settle?: Settle,
): Promise<void> {
  const random = seededRandom(seed);
  let done = 0;
  const after = settle && (() => settle(++done));
  const order = [...sessions];
  for (let i = 0; i < n; i++) {
    for (let j = order.length - 1; j > 0; j--) {
      const k = Math.floor(random() * (j + 1));
      [order[j], order[k]] = [order[k]!, order[j]!];
    }
    for (const [name, s] of order) out(name).push(await timedStep(call, s, after));
  }
}

/**
 * Replaces each target's sequential session with a fresh one (warmed by 5 echoes): the SDK client
 * adds an abort listener per call to a session-wide signal, and past ~1,500 calls it warns and
 * slows down a little. Run between rounds.
 */
export async function renewSessions(targets: Target[], sessions: Map<TargetName, Session>): Promise<void> {
  for (const t of targets) {
    await sessions.get(t.name)!.close();
    sessions.set(t.name, await t.connect());
    await echoCalls(sessions.get(t.name)!, 5, []);
  }
}

/**
 * One sequential turn of `n` calls per target: interleaved (interleavedCalls) for all but the
 * targets in `blocks`, which then make theirs one block each, in that order. `blocks` are the
 * targets whose calls would burden the others' if interleaved with them (run.ts, quiet-client-main.ts).
 */
export async function sequentialTurn(
  sessions: Map<TargetName, Session>,
  blocks: TargetName[],
  n: number,
  seed: number,
  call: (s: Session) => Promise<number>,
  out: (name: TargetName) => number[],
  settle?: Settle,
): Promise<void> {
  await interleavedCalls(
    [...sessions].filter(([name]) => !blocks.includes(name)),
    n,
    seed,
    call,
    out,
    settle,
  );
  for (const name of blocks) {
    const s = sessions.get(name);
    if (s) await blockCalls(s, call, n, out(name), settle);
  }
}

/** `n` sequential calls on one session, each a timed step (settled like interleavedCalls). */
async function blockCalls(
  s: Session,
  call: (s: Session) => Promise<number>,
  n: number,
  out: number[],
  settle?: Settle,
): Promise<void> {
  for (let i = 0; i < n; i++) out.push(await timedStep(call, s, settle && (() => settle(i + 1))));
}

/** Sequential 1 KiB echoes on one session; pushes one latency (ms) per call. */
export async function echoCalls(s: Session, n: number, out: number[]): Promise<void> {
  for (let i = 0; i < n; i++) out.push(await echoOnce(s));
}

/** All sessions call at once, each `perSession` times in a row; returns calls and elapsed ms. */
export async function concurrentCalls(sessions: Session[], perSession: number): Promise<{ calls: number; ms: number }> {
  const t0 = performance.now();
  await Promise.all(
    sessions.map(async (s) => {
      for (let i = 0; i < perSession; i++) await s.client.callTool({ name: 'echo', arguments: { text: KIB_TEXT } });
    }),
  );
  return { calls: sessions.length * perSession, ms: performance.now() - t0 };
}

export interface SseTurn {
  /**
   * Per event: arrival at the client minus the upstream's write, in ms (same monotonic clock).
   * HTTP targets: when the event's bytes reach the client process; stdio targets (mcp-remote,
   * bridge): when the SDK hands over the notification, the first moment the driver can see it.
   */
  delays: number[];
  /** The first event arrived before the upstream wrote the last one: nothing held to the end. */
  streamed: boolean;
  received: number;
}

/** One `ticks` stream; `record` starts the upstream's write log and returns its stopper. */
export async function sseStream(
  s: Session,
  count: number,
  delayMs: number,
  record: () => Promise<() => Promise<Array<[number, number]>>>,
): Promise<SseTurn> {
  const arrivals = new Map<number, number>();
  const arrived = (i: number, at: number) => {
    if (!arrivals.has(i)) arrivals.set(i, at);
  };
  s.client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
    const m = /tick (\d+)\//.exec(String(n.params.data));
    if (m) arrived(Number(m[1]), monoMs());
  });
  let pending = '';
  s.tapEventStreams?.((text) => {
    const at = monoMs();
    pending += text;
    for (const m of pending.matchAll(/tick (\d+)\//g)) arrived(Number(m[1]), at);
    pending = pending.slice(pending.lastIndexOf('\n') + 1);
  });
  const stop = await record();
  try {
    await s.client.callTool({ name: 'ticks', arguments: { count, delayMs } }, undefined, { timeout: 120_000 });
  } finally {
    s.tapEventStreams?.(undefined);
  }
  const writes = await stop();
  const delays: number[] = [];
  let lastWrite = -Infinity;
  for (const [i, w] of writes) {
    lastWrite = Math.max(lastWrite, w);
    const a = arrivals.get(i);
    if (a !== undefined) delays.push(a - w);
  }
  const first = arrivals.get(1);
  return { delays, streamed: count < 2 || (first !== undefined && first < lastWrite), received: arrivals.size };
}

/** New session (initialize round trip; for stdio targets including the process start). */
export async function connectOnce(t: Target): Promise<number> {
  const t0 = performance.now();
  const s = await t.connect();
  const ms = performance.now() - t0;
  await s.close();
  return ms;
}
