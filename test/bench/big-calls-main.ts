// Child process: the 1 MiB workload's own MCP SDK client (big-calls.ts starts it). The same
// client code as the main driver, in a process of its own with a small heap and
// `--single-threaded-gc`, that collects between timed calls: the main driver's heap (the SDK
// clients of every workload, the companion used to sign in) made its concurrent marking a lottery
// for whichever 1 MiB call was in flight (README: the slow 1 MiB calls).
import { collectFull } from './collect.js';
import { targetsFor, type Session, type Target, type TargetName } from './targets.js';
import { blobOnce, renewSessions, sequentialTurn, settleEndpoints, type Settle } from './workloads.js';

export interface BigCallsSetup {
  up: { mcpUrl: string; token: string };
  barePort: number;
  gw: { port: number; dataDir: string; localToken: string };
  server: string;
}
export type BigCallsRequest =
  | { type: 'setup'; setup: BigCallsSetup; warmUp: number }
  | { type: 'round'; round: number; calls: number }
  | { type: 'collected' };
export type BigCallsMessage =
  | { type: 'ready' }
  | { type: 'collect'; full: boolean }
  | { type: 'samples'; samples: Partial<Record<TargetName, number[]>> }
  | { type: 'failed'; message: string };

/**
 * Targets whose calls run in a block of their own after each interleaved set. The bridge relays
 * through the gateway's own process (run.ts). mcp-remote keeps its process busy after each 1 MiB
 * result is out (parsing and re-serializing the MiB, then V8's helper threads collecting it), and
 * that work landed on the next targets' calls: in a 400-step A/B the calls right after an
 * mcp-remote one had p90 27.8 vs 24.7 ms through the gateway.
 */
const BLOCKS: TargetName[] = ['mcp-remote', 'bridge'];

const send = (m: BigCallsMessage) => process.send!(m);
let collected: (() => void) | undefined;
let targets: Target[] = [];
const sessions = new Map<TargetName, Session>();

/** The upstream collects through the parent (it is the parent's child); this process collects too. */
const settle: Settle = settleEndpoints({
  collect: (full) => {
    if (full) collectFull();
    return new Promise<void>((resolve) => {
      collected = resolve;
      send({ type: 'collect', full });
    });
  },
});

async function setup(s: BigCallsSetup, warmUp: number): Promise<void> {
  targets = targetsFor(s.up, s.barePort, s.gw, s.server);
  for (const t of targets) sessions.set(t.name, await t.connect());
  for (const t of targets) for (let i = 0; i < warmUp; i++) await blobOnce(sessions.get(t.name)!);
}

async function round(r: number, calls: number): Promise<Partial<Record<TargetName, number[]>>> {
  if (r > 0) await renewSessions(targets, sessions);
  const out: Partial<Record<TargetName, number[]>> = {};
  await sequentialTurn(sessions, BLOCKS, calls, r * calls, blobOnce, (name) => (out[name] ??= []), settle);
  return out;
}

process.on('message', (m: BigCallsRequest) => {
  if (m.type === 'collected') {
    collected?.();
    return;
  }
  const work = m.type === 'setup' ? setup(m.setup, m.warmUp).then(() => send({ type: 'ready' }))
    : round(m.round, m.calls).then((samples) => send({ type: 'samples', samples }));
  work.catch((err: unknown) => send({ type: 'failed', message: err instanceof Error ? err.message : String(err) }));
});
process.on('disconnect', () => {
  void Promise.allSettled([...sessions.values()].map((s) => s.close())).finally(() => process.exit(0));
});
