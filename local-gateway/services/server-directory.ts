// Upstream lookups for the hot path: cached in memory, dropped whenever the store changes
// (from this process or another one, via PRAGMA data_version).
import { hasOwnAuthorization } from '../core/own-authorization.js';
import type { UpstreamTarget } from '../proxy/index.js';
import type { Store, UpstreamServer } from '../store/index.js';

export class ServerDirectory {
  private readonly cache = new Map<string, UpstreamTarget | null>();
  private version = -1;

  constructor(private readonly store: Store) {}

  get(name: string): UpstreamTarget | undefined {
    const v = this.store.dataVersion();
    if (v !== this.version) {
      this.cache.clear();
      this.version = v;
    }
    let hit = this.cache.get(name);
    if (hit === undefined) {
      const s = this.store.getServer(name);
      hit = s ? toTarget(s) : null;
      this.cache.set(name, hit);
    }
    return hit ?? undefined;
  }

  /** Own writes do not bump data_version; callers that change servers in-process clear the cache. */
  invalidate(): void {
    this.cache.clear();
  }
}

function toTarget(s: UpstreamServer): UpstreamTarget {
  const target: UpstreamTarget = { name: s.name, url: s.url, transport: s.transport, headers: s.headers, auth: s.auth, ownAuthorization: hasOwnAuthorization(s.headers) };
  if (s.authProblem !== undefined) target.authProblem = s.authProblem;
  return target;
}
