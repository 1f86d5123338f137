// Public contract of the transparent proxy. The router calls `handle` after the local guards
// (Host, Origin, local token) have passed; everything here is about the upstream leg.
import type { Agent, IncomingMessage, ServerResponse } from 'node:http';

export interface UpstreamTarget {
  name: string;
  url: string;
  transport: 'streamable-http' | 'sse';
  /** Headers the user configured for this server (API keys, a PAT...), sent upstream verbatim. */
  headers: Record<string, string>;
  /** What the upstream's answers showed so far (store/types.ts AuthKind). */
  auth: 'unknown' | 'none' | 'headers' | 'oauth';
  /** The user configured an `Authorization` header: their credential, never replaced by OAuth. */
  ownAuthorization: boolean;
  /** A refusal recorded earlier: the next accepted request clears it. */
  authProblem?: string;
}

/** What an answer taught about a server that was sent no OAuth token. */
export type AuthLesson = { accepted: true } | { accepted: false; problem: string };

export interface TokenSource {
  /**
   * Current upstream bearer for this server, or '' when it is sent none (a server that has not
   * asked for OAuth, or whose Authorization the user configured); may wait for a refresh or an
   * interactive login (honours signal). Throws CompanionError('login_timeout'|'login_required'|'token_failed', msg) when none can be had.
   */
  token(server: UpstreamTarget, signal: AbortSignal): Promise<string>;
  /** Optional fast path: the current token if one is at hand right now, without waiting. */
  peek?(server: UpstreamTarget): string | undefined;
  /** Upstream answered 401 to `rejected`. Refresh (or re-login) and return a new token, or throw CompanionError as above. `challenge` is the raw upstream WWW-Authenticate value. */
  renew(server: UpstreamTarget, rejected: string, challenge: string | undefined, signal: AbortSignal): Promise<string>;
  /** The upstream accepted or refused a request sent without an OAuth token. */
  learned?(server: UpstreamTarget, lesson: AuthLesson): void;
  /** Upstream answered 403 insufficient_scope: re-authorize with the challenged scopes and return the new token (spec §A.8). */
  stepUp?(server: UpstreamTarget, rejected: string, challenge: string, signal: AbortSignal): Promise<string>;
}

export type ProxyKind = 'mcp' | 'sse' | 'messages';

export interface ProxyEvent {
  server: string;
  method: string;
  kind: ProxyKind;
  /** Status sent to the client; 499 when the client went away before a response started. */
  status: number;
  ms: number;
  rpcMethod?: string;
}

/** The outbound-connection layer (net/outbound.ts), as the proxy uses it. */
export interface UpstreamConnections {
  /** The keep-alive agent for one upstream origin: routed (proxy or direct) and trusted. */
  agent(origin: string, secure: boolean): Agent;
  /** A sentence naming the cause and the fix of a failed connection, when it is a known one. */
  explain(err: unknown, url: URL): Promise<string | undefined>;
}

export interface ProxyOptions {
  tokens: TokenSource;
  connections: UpstreamConnections;
  /** Default 32 MiB; larger request bodies get 413 with a JSON-RPC error and no upstream call. */
  maxBodyBytes?: number;
  /** e.g. 'http://127.0.0.1:8765' — used to rewrite legacy SSE endpoint events. */
  localBase: (req: IncomingMessage) => string;
  /** Called once per request after it ends; must be cheap. */
  onEvent?: (e: ProxyEvent) => void;
}

export interface Proxy {
  /** kind 'mcp': Streamable HTTP (POST/GET/DELETE) to target.url. kind 'sse': legacy GET stream to target.url. kind 'messages': legacy POST to the upstream endpoint announced in the stream (`?u=<path>`). */
  handle(req: IncomingMessage, res: ServerResponse, target: UpstreamTarget, kind: ProxyKind): void;
  /** Calls (non-GET requests) being proxied right now; long-lived GET event streams are not counted. */
  inFlight(): number;
  /** Drops cached upstream URLs (the agents belong to the outbound-connection layer, closed by its owner). */
  close(): void;
}
