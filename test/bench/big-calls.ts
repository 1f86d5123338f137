// The 1 MiB workload runs in a client process of its own (big-calls-main.ts); this is the
// driver's handle on it. The upstream it calls is the driver's child, so the client's requests
// for a collection there are relayed through here.
import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BigCallsMessage, BigCallsRequest, BigCallsSetup } from './big-calls-main.js';
import { requestReply } from './ipc.js';
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
  child.on('message', (m: BigCallsMessage) => {
    if (m.type !== 'collect') return;
    // Not sent once the client is gone (a relayed collection finishing late): that send would
    // emit an unhandled 'error' and crash the bench; the pending request rejects on its exit.
    void upstream.collect(m.full).then(() => {
      if (child.connected) child.send({ type: 'collected' } satisfies BigCallsRequest);
    });
  });
  const request = <T extends BigCallsMessage['type']>(m: BigCallsRequest, type: T) => requestReply<BigCallsMessage, T>(child, '1 MiB client', m, type);
  await request({ type: 'setup', setup, warmUp }, 'ready');
  return {
    round: async (round, calls) => (await request({ type: 'round', round, calls }, 'samples')).samples,
    stop: () => {
      // Disconnecting lets it close its sessions (and the stdio bridges they spawned) and exit.
      if (child.connected) child.disconnect();
    },
  };
}
