// The 1 MiB workload runs in a client process of its own (big-calls-main.ts); this is the
// driver's handle on it. The upstream it calls is the driver's child, so the client's requests
// for a collection there are relayed through here.
import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BigCallsMessage, BigCallsRequest, BigCallsSetup } from './big-calls-main.js';
import type { UpstreamChild } from './processes.js';
import type { TargetName } from './targets.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));

export interface BigCalls {
  /** Runs one round of `calls` 1 MiB calls per target; resolves to each target's latencies (ms). */
  round(round: number, calls: number): Promise<Partial<Record<TargetName, number[]>>>;
  stop(): void;
}

/** Starts the client process, opens its sessions and warms each target up with `warmUp` calls. */
export async function startBigCalls(setup: BigCallsSetup, upstream: Pick<UpstreamChild, 'collect'>, warmUp: number): Promise<BigCalls> {
  const child = fork(path.join(HERE, 'big-calls-main.js'), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: [...process.execArgv, '--single-threaded-gc'],
  });
  const ask = (m: BigCallsRequest) => child.send(m);
  let waiting: { type: BigCallsMessage['type']; resolve(m: BigCallsMessage): void; reject(e: Error): void } | undefined;
  const fail = (err: Error) => {
    const w = waiting;
    waiting = undefined;
    w?.reject(err);
  };
  child.on('message', (m: BigCallsMessage) => {
    if (m.type === 'collect') {
      void upstream.collect(m.full).then(() => ask({ type: 'collected' }));
    } else if (m.type === 'failed') {
      fail(new Error(`1 MiB client: ${m.message}`));
    } else if (waiting?.type === m.type) {
      const w = waiting;
      waiting = undefined;
      w.resolve(m);
    }
  });
  child.once('exit', (code) => fail(new Error(`1 MiB client exited early (${code})`)));
  // A send after the client died (a relayed collection finishing late) must not crash the bench.
  child.on('error', (err) => fail(err));
  const request = <T extends BigCallsMessage['type']>(m: BigCallsRequest, type: T) =>
    new Promise<Extract<BigCallsMessage, { type: T }>>((resolve, reject) => {
      waiting = { type, resolve: resolve as (m: BigCallsMessage) => void, reject };
      ask(m);
    });
  await request({ type: 'setup', setup, warmUp }, 'ready');
  return {
    round: async (round, calls) => (await request({ type: 'round', round, calls }, 'samples')).samples,
    stop: () => {
      // Disconnecting lets it close its sessions (and the stdio bridges they spawned) and exit.
      if (child.connected) child.disconnect();
    },
  };
}
