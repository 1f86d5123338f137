// Child process: an MCP SDK client for the workloads whose tails the checks judge, 1 MiB results
// or SSE streams (quiet-client.ts starts one per workload). The same client code as the main
// driver, in a process of its own with a small heap and GC flags chosen for the workload, calling
// the quiet upstream: the main driver's heap (the SDK clients of every workload, the companion
// used to sign in) made its collections a lottery for whichever call or event was in flight
// (README: how it measures).
import { collectFull, collectYoung } from './collect.js';
import { rotate } from './stats.js';
import { targetsFor, type Session, type Target, type TargetName } from './targets.js';
import {
  blobOnce,
  renewSessions,
  sequentialTurn,
  settleEndpoints,
  sseStream,
  type Settle,
  type SseTurn,
} from './workloads.js';

export interface QuietClientSetup {
  up: { mcpUrl: string; token: string };
  barePort: number;
  gw: { port: number; dataDir: string; localToken: string };
  server: string;
}
/** Untimed work per target before the first round: 1 MiB calls, and one stream of this many events. */
export interface QuietClientWarmUp {
  blobs: number;
  events: number;
}
export type QuietClientRequest =
  | { type: 'setup'; setup: QuietClientSetup; warmUp: QuietClientWarmUp }
  | { type: 'round'; round: number; calls: number }
  | { type: 'sse'; round: number; events: number; delayMs: number }
  /** Replies to this process's own requests (QuietClientAsk), relayed by the driver. */
  | { type: 'collected' }
  | { type: 'recording' }
  | { type: 'ticks'; writes: Array<[number, number]> };
/** What this process asks of the driver: the upstream is the driver's child, not this one's. */
export type QuietClientAsk = { type: 'collect'; full: boolean } | { type: 'ticks-start' } | { type: 'ticks-stop' };
export type QuietClientMessage =
  | QuietClientAsk
  | { type: 'ready' }
  | { type: 'samples'; samples: Partial<Record<TargetName, number[]>> }
  | { type: 'sse'; turns: Partial<Record<TargetName, SseTurn>> }
  | { type: 'failed'; message: string };

/**
 * Targets whose calls run in a block of their own after each interleaved set. The bridge relays
 * through the gateway's own process (run.ts). mcp-remote keeps its process busy after each 1 MiB
 * result is out (parsing and re-serializing the MiB, then V8's helper threads collecting it), and
 * that work landed on the next targets' calls: in a 400-step A/B the calls right after an
 * mcp-remote one had p90 27.8 vs 24.7 ms through the gateway.
 */
const BLOCKS: TargetName[] = ['mcp-remote', 'bridge'];

const send = (m: QuietClientMessage) => process.send!(m);
const waiting = new Map<QuietClientRequest['type'], (m: QuietClientRequest) => void>();
let targets: Target[] = [];
const sessions = new Map<TargetName, Session>();

/** Asks the driver for something and resolves with its reply (one request of a kind at a time). */
function ask<T extends QuietClientRequest['type']>(
  m: QuietClientAsk,
  reply: T,
): Promise<Extract<QuietClientRequest, { type: T }>> {
  return new Promise((resolve) => {
    waiting.set(reply, resolve as (m: QuietClientRequest) => void);
    send(m);
  });
}

/** The upstream collects through the driver; this process collects too. */
const settle: Settle = settleEndpoints({
  collect: async (full) => {
    if (full) collectFull();
    await ask({ type: 'collect', full }, 'collected');
  },
});

async function setup(s: QuietClientSetup, warmUp: QuietClientWarmUp): Promise<void> {
  targets = targetsFor(s.up, s.barePort, s.gw, s.server);
  for (const t of targets) sessions.set(t.name, await t.connect());
  for (const t of targets) for (let i = 0; i < warmUp.blobs; i++) await blobOnce(sessions.get(t.name)!);
  if (warmUp.events > 0) await sseRound(0, warmUp.events, 1);
}

async function round(r: number, calls: number): Promise<Partial<Record<TargetName, number[]>>> {
  if (r > 0) await renewSessions(targets, sessions);
  const out: Partial<Record<TargetName, number[]>> = {};
  await sequentialTurn(sessions, BLOCKS, calls, r * calls, blobOnce, (name) => (out[name] ??= []), settle);
  return out;
}

/** One stream per target, one after another (rotated by round), each from a collected heap. */
async function sseRound(r: number, events: number, delayMs: number): Promise<Partial<Record<TargetName, SseTurn>>> {
  const record = async () => {
    await ask({ type: 'ticks-start' }, 'recording');
    return async () => (await ask({ type: 'ticks-stop' }, 'ticks')).writes;
  };
  const turns: Partial<Record<TargetName, SseTurn>> = {};
  for (const t of rotate(targets, r)) {
    collectYoung();
    turns[t.name] = await sseStream(sessions.get(t.name)!, events, delayMs, record);
  }
  return turns;
}

process.on('message', (m: QuietClientRequest) => {
  const reply = waiting.get(m.type);
  if (reply) {
    waiting.delete(m.type);
    reply(m);
    return;
  }
  const work =
    m.type === 'setup'
      ? setup(m.setup, m.warmUp).then(() => send({ type: 'ready' }))
      : m.type === 'round'
        ? round(m.round, m.calls).then((samples) => send({ type: 'samples', samples }))
        : m.type === 'sse'
          ? sseRound(m.round, m.events, m.delayMs).then((turns) => send({ type: 'sse', turns }))
          : Promise.resolve();
  work.catch((err: unknown) => send({ type: 'failed', message: err instanceof Error ? err.message : String(err) }));
});
process.on('disconnect', () => {
  void Promise.allSettled([...sessions.values()].map((s) => s.close())).finally(() => process.exit(0));
});
