// The 1 MiB and SSE workloads each run in a client process of their own (quiet-client-main.ts);
// this is the driver's handle on one. The upstream it calls is the driver's child, so the client's
// requests to it (a collection, the log of its event writes) are relayed through here.
import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type {
  QuietClientMessage,
  QuietClientRequest,
  QuietClientSetup,
  QuietClientWarmUp,
} from './quiet-client-main.js';
import { requestReply } from './ipc.js';
import type { UpstreamChild } from './processes.js';
import type { TargetName } from './targets.js';
import type { SseTurn } from './workloads.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));

export interface QuietClient {
  /** Runs one round of `calls` 1 MiB calls per target; resolves to each target's latencies (ms). */
  round(round: number, calls: number): Promise<Partial<Record<TargetName, number[]>>>;
  /** One stream of `events` events per target, one target after another. */
  sse(round: number, events: number, delayMs: number): Promise<Partial<Record<TargetName, SseTurn>>>;
  stop(): void;
}

/**
 * Starts a client process with V8 flags `gcFlags`, opens its sessions and warms each target up.
 * The flags that keep the client's own collections out of the timings differ by workload (run.ts).
 */
export async function startQuietClient(
  setup: QuietClientSetup,
  upstream: Pick<UpstreamChild, 'collect' | 'recordTicks'>,
  gcFlags: string[],
  warmUp: QuietClientWarmUp,
): Promise<QuietClient> {
  const child = fork(path.join(HERE, 'quiet-client-main.js'), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: [...process.execArgv, ...gcFlags],
  });
  // Not sent once the client is gone (a relayed reply finishing late): that send would emit an
  // unhandled 'error' and crash the bench; the pending request rejects on its exit.
  const reply = (m: QuietClientRequest) => {
    if (child.connected) child.send(m);
  };
  let stopRecording: (() => Promise<Array<[number, number]>>) | undefined;
  child.on('message', (m: QuietClientMessage) => {
    if (m.type === 'collect') void upstream.collect(m.full).then(() => reply({ type: 'collected' }));
    else if (m.type === 'ticks-start') {
      void upstream.recordTicks().then((stop) => {
        stopRecording = stop;
        reply({ type: 'recording' });
      });
    } else if (m.type === 'ticks-stop' && stopRecording) {
      const stop = stopRecording;
      stopRecording = undefined;
      void stop().then((writes) => reply({ type: 'ticks', writes }));
    }
  });
  const request = <T extends QuietClientMessage['type']>(m: QuietClientRequest, type: T) =>
    requestReply<QuietClientMessage, T>(child, 'quiet client', m, type);
  await request({ type: 'setup', setup, warmUp }, 'ready');
  return {
    round: async (round, calls) => (await request({ type: 'round', round, calls }, 'samples')).samples,
    sse: async (round, events, delayMs) => (await request({ type: 'sse', round, events, delayMs }, 'sse')).turns,
    stop: () => {
      // Disconnecting lets it close its sessions (and the stdio bridges they spawned) and exit.
      if (child.connected) child.disconnect();
    },
  };
}
