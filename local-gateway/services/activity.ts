// Proxied requests are recorded off the hot path: kept in memory and written to the event log
// in one transaction about once a second, so a burst of MCP calls costs the proxy nothing but a
// push. The write is synchronous (a few ms for hundreds of rows), so it waits for a moment when
// no call is in flight, and goes in chunks of CHUNK rows, each in its own turn of the event loop:
// a call that arrives meanwhile waits for one small chunk at most. Under unbroken load it goes
// ahead after MAX_DEFER_MS anyway, so the log never falls far behind.
import { QuietTimer } from '../core/quiet-timer.js';
import type { ProxyEvent } from '../proxy/index.js';
import type { Store } from '../store/index.js';

const FLUSH_MS = 1000;
const MAX_DEFER_MS = 5000;
const MAX_BUFFER = 2000;
const CHUNK = 50;

export class ActivityRecorder {
  private buffer: ProxyEvent[] = [];
  private readonly timer: QuietTimer;

  /** `busy`: whether requests are in flight right now (the flush waits for a quiet moment). */
  constructor(private readonly store: Store, busy: () => boolean = () => false) {
    // A full buffer is written at once: waiting longer would only drop events.
    this.timer = new QuietTimer(() => busy() && this.buffer.length < MAX_BUFFER, MAX_DEFER_MS, this.writeChunk);
  }

  record = (e: ProxyEvent): void => {
    if (this.buffer.length >= MAX_BUFFER) return; // under extreme load, sample rather than grow
    this.buffer.push(e);
    if (!this.timer.pending) this.timer.start(FLUSH_MS);
  };

  private readonly writeChunk = (): void => {
    this.write(this.buffer.splice(0, CHUNK));
    if (this.buffer.length > 0) this.timer.start(0);
    else this.timer.settle();
  };

  /** Writes everything pending at once (shutdown). */
  flush(): void {
    this.timer.cancel();
    const batch = this.buffer;
    this.buffer = [];
    this.write(batch);
  }

  private write(batch: ProxyEvent[]): void {
    if (batch.length === 0) return;
    try {
      this.store.addEvents(batch.map((e) => ({
        type: 'proxy.request',
        server: e.server,
        detail: { method: e.method, kind: e.kind, status: e.status, ms: Math.round(e.ms * 10) / 10, rpcMethod: e.rpcMethod },
      })), true);
    } catch {
      // The activity log is best-effort; a busy or closed store must not break proxying.
    }
  }
}
