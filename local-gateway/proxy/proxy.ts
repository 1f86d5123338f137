// Transparent streaming proxy (spec §C): the router calls `handle` after the local guards passed.
import { DEFAULT_MAX_BODY_BYTES } from './body.js';
import { Exchange } from './exchange.js';
import type { Proxy, ProxyOptions } from './types.js';
import { UpstreamPool } from './upstreams.js';

/** How long after a call's response was handed over the proxy still counts as busy. */
const SETTLE_MS = 10;

export function createProxy(opts: ProxyOptions): Proxy {
  const pool = new UpstreamPool();
  const maxBody = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  let active = 0;
  let lastEnded = -Infinity;
  // A response handed to the kernel may still be on its way into the IDE: housekeeping (the
  // activity log) waits until no call is in flight and none just ended.
  const busy = (): boolean => active > 0 || performance.now() - lastEnded < SETTLE_MS;
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
      new Exchange(req, res, target, kind, opts, pool, maxBody).start();
    },
    inFlight: () => active,
    busy,
    close() {
      pool.close();
    },
  };
}
