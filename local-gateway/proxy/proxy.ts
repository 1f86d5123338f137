// Transparent streaming proxy (spec §C): the router calls `handle` after the local guards passed.
import { DEFAULT_MAX_BODY_BYTES } from './body.js';
import { Exchange, type ExchangeContext } from './exchange.js';
import type { Proxy, ProxyOptions } from './types.js';
import { UpstreamPool } from './upstreams.js';

export function createProxy(opts: ProxyOptions): Proxy {
  const pool = new UpstreamPool((origin, secure) => opts.connections.agent(origin, secure));
  const maxBody = opts.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  let active = 0;
  const exchanges: ExchangeContext = { opts, pool, maxBody };
  return {
    handle(req, res, target, kind) {
      // GETs are event streams that may stay open for hours: only calls count as in flight.
      if (req.method !== 'GET') {
        active++;
        res.once('close', () => {
          active--;
        });
      }
      new Exchange(exchanges, req, res, target, kind).start();
    },
    inFlight: () => active,
    close() {
      pool.close();
    },
  };
}
