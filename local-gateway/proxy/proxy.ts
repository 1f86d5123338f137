// Transparent streaming proxy (spec §C): the router calls `handle` after the local guards passed.
import { DEFAULT_MAX_BODY_BYTES } from './body.js';
import { Exchange, type ExchangeContext } from './exchange.js';
import { HeaderFlusher } from './header-flush.js';
import { keepFreedMemoryForReuse, MemoryRelease, youngGenerationCollector } from './release-memory.js';
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
  // collection below, the activity log) waits until no call is in flight and none just ended.
  const busy = (): boolean => active > 0 || performance.now() - lastEnded < SETTLE_MS;
  // V8's own collector unless the caller brings one (tests) or none (null); with V8's, freed
  // relay buffers are also kept mapped for the next body.
  let collect = opts.collect ?? undefined;
  if (opts.collect === undefined) {
    collect = youngGenerationCollector();
    keepFreedMemoryForReuse(collect);
  }
  const release = new MemoryRelease(collect, { busy });
  const flusher = new HeaderFlusher(HEADER_FLUSH_MS);
  const exchanges: ExchangeContext = { opts, pool, maxBody, flusher };
  return {
    handle(req, res, target, kind) {
      // GETs are event streams that may stay open for hours: only calls count as in flight.
      if (req.method !== 'GET') {
        active++;
        // The IDE's connection carries one call at a time (HTTP/1.1), so its byte counters
        // tell how much this call relayed.
        const socket = req.socket;
        const before = socket.bytesRead + socket.bytesWritten;
        res.once('close', () => {
          active--;
          lastEnded = performance.now();
          release.note(socket.bytesRead + socket.bytesWritten - before);
        });
      }
      new Exchange(exchanges, req, res, target, kind).start();
    },
    inFlight: () => active,
    busy,
    close() {
      release.close();
      flusher.close();
      pool.close();
    },
  };
}
