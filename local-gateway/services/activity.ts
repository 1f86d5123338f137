// Proxied requests are recorded off the hot path: kept in memory and written to the event log
// in one transaction about once a second, so a burst of MCP calls costs the proxy nothing but a
// push. The write is synchronous (a few ms for hundreds of rows), so it waits for a moment when
// no call is in flight, and goes in chunks of CHUNK rows, each in its own turn of the event loop:
// a call that arrives meanwhile waits for one small chunk at most. Under unbroken load it goes
// ahead after MAX_DEFER_MS anyway, so the log never falls far behind.
import type { ProxyEvent } from '../proxy/index.js';
import type { Store } from '../store/index.js';

const FLUSH_MS = 1000;
const IDLE_POLL_MS = 5;
const MAX_DEFER_MS = 5000;
const MAX_BUFFER = 2000;
const CHUNK = 50;

export class ActivityRecorder {
  private buffer: ProxyEvent[] = [];
  private timer: NodeJS.Timeout | undefined;
  private deferredMs = 0;

  /** `busy`: whether requests are in flight right now (the flush waits for a quiet moment). */
  constructor(private readonly store: Store, private readonly busy: () => boolean = () => false) {}

  record = (e: ProxyEvent): void => {
    if (this.buffer.length >= MAX_BUFFER) return; // under extreme load, sample rather than grow
    this.buffer.push(e);
    if (!this.timer) this.schedule(FLUSH_MS);
  };

  private schedule(ms: number): void {
    this.timer = setTimeout(this.due, ms);
    this.timer.unref();
  }

  private readonly due = (): void => {
    this.timer = undefined;
    if (this.busy() && this.deferredMs < MAX_DEFER_MS && this.buffer.length < MAX_BUFFER) {
      this.deferredMs += IDLE_POLL_MS;
      this.schedule(IDLE_POLL_MS);
      return;
    }
    this.write(this.buffer.splice(0, CHUNK));
    if (this.buffer.length > 0) this.schedule(0);
    else this.deferredMs = 0;
  };

  /** Writes everything pending at once (shutdown). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.deferredMs = 0;
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
