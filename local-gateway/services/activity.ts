// Proxied requests are recorded off the hot path: kept in memory and written to the event log
// in one transaction every FLUSH_MS while there is something to write (and at shutdown), so a
// burst of MCP calls costs the proxy a push each and one short write per batch.
import type { ProxyEvent } from '../proxy/index.js';
import type { Store } from '../store/index.js';

const FLUSH_MS = 500;
/** Under extreme load, events beyond this many per batch are dropped rather than held. */
const MAX_BUFFER = 2000;

export class ActivityRecorder {
  private buffer: ProxyEvent[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly store: Store) {}

  record = (e: ProxyEvent): void => {
    if (this.buffer.length >= MAX_BUFFER) return;
    this.buffer.push(e);
    // Armed by the first event of a batch: an idle gateway has no timer to wake it.
    if (!this.timer) {
      this.timer = setTimeout(this.flush, FLUSH_MS);
      this.timer.unref();
    }
  };

  /** Writes everything pending now (the timer, and shutdown). */
  flush = (): void => {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.buffer;
    this.buffer = [];
    if (batch.length === 0) return;
    try {
      this.store.addEvents(
        batch.map((e) => ({
          type: 'proxy.request',
          server: e.server,
          detail: {
            method: e.method,
            kind: e.kind,
            status: e.status,
            ms: Math.round(e.ms * 10) / 10,
            rpcMethod: e.rpcMethod,
          },
        })),
        true,
      );
    } catch {
      // The activity log is best-effort; a busy or closed store must not break proxying.
    }
  };
}
