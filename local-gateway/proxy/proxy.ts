// Transparent streaming proxy (spec §C): the router calls `handle` after the local guards passed.
import { DEFAULT_MAX_BODY_BYTES } from './body.js';
import { Exchange } from './exchange.js';
import { HeaderFlusher } from './header-flush.js';
import type { Proxy, ProxyOptions } from './types.js';
import { UpstreamPool } from './upstreams.js';

/** How long after a call's response was handed over the proxy still counts as busy. */
const SETTLE_MS = 10;
/** An event stream's headers wait this long for its first event before they are sent alone. */
const HEADER_FLUSH_MS = 20;

export function createProxy(opts: ProxyOptions): Proxy {
  const pool = new UpstreamPool();
  const maxBody = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  let active = 0;
  let lastEnded = -Infinity;
  // A response handed to the kernel may still be on its way into the IDE: housekeeping (the
  // activity log) waits until no call is in flight and none just ended.
  const busy = (): boolean => active > 0 || performance.now() - lastEnded < SETTLE_MS;
  const flusher = new HeaderFlusher(HEADER_FLUSH_MS);
  return {
    handle(req, res, target, kind) {
      // GETs are event streams that may stay open for hours: only calls count as in flight.
      if (req.method !== 'GET') {
        active++;
        res.once('close', () => {
          active--;
          lastEnded = performance.now();
        });
      }
      new Exchange(req, res, target, kind, opts, pool, maxBody, flusher).start();
    },
    inFlight: () => active,
    busy,
    close() {
      flusher.close();
      pool.close();
    },
  };
}
