// An event stream's headers ride with its first event, and go alone only if no event came within
// a short delay (Exchange.flushForStreaming). One timer serves every waiting response: a timer
// per response would be set and cleared again on nearly every tools/call answered as SSE, where
// the first event follows the headers within a millisecond or two.
import type { ServerResponse } from 'node:http';

/** One response's wait; `forget` marks it done (a plain queue entry: no hashing of responses). */
export interface HeaderWait {
  readonly res: ServerResponse;
  readonly due: number;
  done: boolean;
}

export class HeaderFlusher {
  /** Waits in due order (the delay is fixed), from `head` on; done ones are dropped as met. */
  private queue: HeaderWait[] = [];
  private head = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly delayMs: number) {}

  /** Sends `res`'s headers in `delayMs` unless it ended (or `forget` came) first. */
  watch(res: ServerResponse): HeaderWait {
    const wait: HeaderWait = { res, due: performance.now() + this.delayMs, done: false };
    this.queue.push(wait);
    if (!this.timer) this.arm(this.delayMs);
    return wait;
  }

  forget(wait: HeaderWait): void {
    wait.done = true;
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.queue = [];
    this.head = 0;
  }

  private arm(ms: number): void {
    this.timer = setTimeout(this.sweep, ms);
    this.timer.unref();
  }

  private readonly sweep = (): void => {
    this.timer = undefined;
    const now = performance.now();
    const q = this.queue;
    while (this.head < q.length) {
      const wait = q[this.head]!;
      // Not due yet, and neither is anything after it: wake up again for this one. With nothing
      // left waiting the timer stays off, so an idle gateway never wakes up for this.
      if (!wait.done && wait.due > now) {
        this.arm(Math.max(1, Math.ceil(wait.due - now)));
        break;
      }
      this.head++;
      const res = wait.res;
      // Not `headersSent`: that is true from writeHead on, before anything went out. Headers that
      // did go out with an event make this a zero-length write, once per stream that outlives the
      // delay; a stream with no event yet finally shows its headers.
      if (!wait.done && !res.writableEnded && !res.destroyed) res.flushHeaders();
    }
    if (this.head === q.length) {
      q.length = 0;
      this.head = 0;
    } else if (this.head >= 1024) {
      q.splice(0, this.head);
      this.head = 0;
    }
  };
}
