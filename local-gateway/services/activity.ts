// Proxied requests are recorded off the hot path: kept in memory and written to the event log
// in one transaction per second, so a burst of MCP calls costs the proxy nothing but a push.
import type { ProxyEvent } from '../proxy/index.js';
import type { Store } from '../store/index.js';

const FLUSH_MS = 1000;
const MAX_BUFFER = 2000;

export class ActivityRecorder {
  private buffer: ProxyEvent[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly store: Store) {}

  record = (e: ProxyEvent): void => {
    if (this.buffer.length >= MAX_BUFFER) return; // under extreme load, sample rather than grow
    this.buffer.push(e);
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), FLUSH_MS);
      this.timer.unref();
    }
  };

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.buffer;
    if (batch.length === 0) return;
    this.buffer = [];
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
