// Request and reply over a forked bench child's IPC channel (the upstream, the 1 MiB client).
import type { ChildProcess } from 'node:child_process';

/**
 * Sends `m` and resolves with the child's first reply of type `type`. Rejects if the child
 * replies `{ type: 'failed', message }` or exits first; other messages are left to other
 * listeners.
 */
export function requestReply<M extends { type: string }, T extends M['type']>(
  child: ChildProcess,
  label: string,
  m: object,
  type: T,
): Promise<Extract<M, { type: T }>> {
  return new Promise((resolve, reject) => {
    const done = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    const onMessage = (r: M) => {
      if (r.type === 'failed') {
        done();
        reject(new Error(`${label}: ${(r as { message?: string }).message ?? 'failed'}`));
      } else if (r.type === type) {
        done();
        resolve(r as Extract<M, { type: T }>);
      }
    };
    const onExit = (code: number | null) => {
      done();
      reject(new Error(`${label} exited early (${code})`));
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
    child.send(m);
  });
}
