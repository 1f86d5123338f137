// Upstream lookups for the hot path: cached in memory, dropped whenever the store changes
// (another process: through the store's freshness; this one: invalidate()).
import { hasOwnAuthorization } from '../core/own-authorization.js';
import type { UpstreamTarget } from '../proxy/index.js';
import type { Store, UpstreamServer } from '../store/index.js';

export class ServerDirectory {
  private readonly cache = new Map<string, UpstreamTarget | null>();

  constructor(private readonly store: Store) {
    store.freshness.onChange(() => this.cache.clear());
  }

  get(name: string): UpstreamTarget | undefined {
    this.store.freshness.check();
    let hit = this.cache.get(name);
    if (hit === undefined) {
      const s = this.store.getServer(name);
      hit = s ? toTarget(s) : null;
      this.cache.set(name, hit);
    }
    return hit ?? undefined;
  }

  /** Own writes are not seen by freshness; callers that change servers in-process clear the cache. */
  invalidate(): void {
    this.cache.clear();
  }
}

function toTarget(s: UpstreamServer): UpstreamTarget {
  const target: UpstreamTarget = {
    name: s.name,
    url: s.url,
    transport: s.transport,
    headers: s.headers,
    auth: s.auth,
    ownAuthorization: hasOwnAuthorization(s.headers),
  };
  if (s.authProblem !== undefined) target.authProblem = s.authProblem;
  return target;
}
