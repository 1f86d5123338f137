// Transparent streaming proxy (spec §C): the router calls `handle` after the local guards passed.
import { DEFAULT_MAX_BODY_BYTES } from './body.js';
import { Exchange } from './exchange.js';
import type { Proxy, ProxyOptions } from './types.js';
import { UpstreamPool } from './upstreams.js';

export function createProxy(opts: ProxyOptions): Proxy {
  const pool = new UpstreamPool();
  const maxBody = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  let active = 0;
  return {
    handle(req, res, target, kind) {
      // GETs are event streams that may stay open for hours: only calls count as in flight.
      if (req.method !== 'GET') {
        active++;
        res.once('close', () => { active--; });
      }
      new Exchange(req, res, target, kind, opts, pool, maxBody).start();
    },
    inFlight: () => active,
    close() {
      pool.close();
    },
  };
}
