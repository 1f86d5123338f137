// Shared dependencies of the OAuth parts, and a per-upstream cache of discovery results.
import type { Store } from '../store/index.js';
import type { UpstreamServer } from '../store/types.js';
import { discoverAuthContext, type AuthContext, type Challenge } from './discovery.js';

export interface OAuthDeps {
  store: Store;
  fetchFn: typeof fetch;
  /** Opens the system browser (BROWSER, the platform opener, or shell.openExternal). */
  openBrowser: (url: string) => Promise<void>;
  /** `http://127.0.0.1:<port>/oauth/callback`: read at use time, so a port change re-registers. */
  redirectUri: () => string;
  now: () => number;
  version: string;
  /** Identifies this process for cross-process leases. */
  instanceId: string;
}

const DISCOVERY_TTL_MS = 10 * 60_000;

export class DiscoveryCache {
  private readonly entries = new Map<string, { ctx: AuthContext; at: number; url: string }>();

  constructor(private readonly deps: OAuthDeps) {}

  async get(server: UpstreamServer, challenge?: Challenge): Promise<AuthContext> {
    const hit = this.entries.get(server.name);
    const fresh = hit && hit.url === server.url && this.deps.now() - hit.at < DISCOVERY_TTL_MS;
    if (fresh && !challenge?.resourceMetadataUrl && !challenge?.scope) return hit.ctx;
    const ctx = await discoverAuthContext(server.url, challenge, this.deps.fetchFn);
    this.entries.set(server.name, { ctx, at: this.deps.now(), url: server.url });
    return ctx;
  }

  forget(serverName: string): void {
    this.entries.delete(serverName);
  }
}
