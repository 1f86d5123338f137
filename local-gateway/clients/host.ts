// What the client adapters need from the rest of the companion. The composition root
// (local-gateway/companion.ts) implements it over the store; tests can build a real one on a
// temporary data dir. Adapters never reach into the store or the OAuth code directly.
import type { PreRegisteredClient } from '../store/types.js';

export interface AdoptInput {
  /** The upstream MCP URL found in the client's entry. */
  url: string;
  transport: 'streamable-http' | 'sse';
  /** Headers the entry sent (API keys etc.): kept by the companion and sent upstream. */
  headers: Record<string, string>;
  /** The entry's name in the client config; names a new upstream when none has this URL and headers. */
  suggestedName: string;
  /** An OAuth client the entry signs in with, registered beforehand: the companion signs in with it. */
  oauthClient?: PreRegisteredClient;
}

export interface BridgeLaunch {
  command: string;
  args: string[];
  env?: Record<string, string>;
}

export interface RouteHost {
  /** The companion's data dir (backups live under `<dataDir>/backups/`). */
  readonly dataDir: string;
  /** Reuse the upstream server with this URL and exactly these headers, or add one. Returns its name. */
  adoptServer(input: AdoptInput): { name: string };
  /** `http://127.0.0.1:<port>/servers/<name>/mcp` (or `/sse`). */
  localEndpoint(serverName: string, kind: 'mcp' | 'sse'): string;
  /** The client's local token (same value on every call until revoked), granted `serverName`. */
  localToken(clientId: string, serverName: string): string;
  /** Revoke a client's local token (after unroute/reset). */
  revokeLocalToken(clientId: string): void;
  /**
   * Absolute command line that runs `mcp-companion bridge <name>` with no PATH lookup, and any
   * environment it needs (the packaged app sets ELECTRON_RUN_AS_NODE); written into the entry.
   */
  bridgeCommand(serverName: string): BridgeLaunch;
  /** Record an event in the companion's activity log (no secret values). */
  recordEvent(type: string, detail: Record<string, unknown>): void;
  /** Seal/open secrets for encrypted backups. */
  seal(plain: string): string;
  open(sealed: string): string;
}
