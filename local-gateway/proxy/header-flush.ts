// An event stream's headers ride with its first event, and go alone only if no event came within
// a short delay (Exchange.flushForStreaming). One timer serves every waiting response: a timer
// per response would be set and cleared again on nearly every tools/call answered as SSE, where
// the first event follows the headers within a millisecond or two.
import type { ServerResponse } from 'node:http';

export class HeaderFlusher {
  /** Waiting responses and when they are due; a fixed delay keeps insertion order = due order. */
  private readonly waiting = new Map<ServerResponse, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly delayMs: number) {}

  /** Sends `res`'s headers in `delayMs` unless it ended (or `forget` came) first. */
  watch(res: ServerResponse): void {
    this.waiting.set(res, performance.now() + this.delayMs);
    if (!this.timer) this.arm(this.delayMs);
  }

  forget(res: ServerResponse): void {
    this.waiting.delete(res);
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.waiting.clear();
  }

  private arm(ms: number): void {
    this.timer = setTimeout(this.sweep, ms);
    this.timer.unref();
  }

  private readonly sweep = (): void => {
    this.timer = undefined;
    const now = performance.now();
    for (const [res, due] of this.waiting) {
      // Not due yet, and neither is anything after it: wake up again for this one. With nothing
      // left waiting the timer stays off, so an idle gateway never wakes up for this.
      if (due > now) return this.arm(Math.max(1, Math.ceil(due - now)));
      this.waiting.delete(res);
      // Not `headersSent`: that is true from writeHead on, before anything went out. Headers that
      // did go out with an event make this a zero-length write, once per stream that outlives the
      // delay; a stream with no event yet finally shows its headers.
      if (!res.writableEnded && !res.destroyed) res.flushHeaders();
    }
  };
}
