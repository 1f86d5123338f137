// The proxy's source of upstream bearer tokens. Hot path: an in-memory cache, invalidated when
// another process (the CLI, the app) commits to the store. Refreshes are single-flight per
// upstream inside this process and guarded by a store lease across processes, so a rotating
// refresh token is never spent twice.
import { refreshAuthorization } from '@modelcontextprotocol/sdk/client/auth.js';
import {
  InvalidClientError,
  InvalidGrantError,
  UnauthorizedClientError,
} from '@modelcontextprotocol/sdk/server/auth/errors.js';
import { CompanionError, errorMessage } from '../core/errors.js';
import type { AuthKind, TokenSet, UpstreamServer } from '../store/types.js';
import { parseChallenge } from './challenge.js';
import type { Challenge } from './discovery.js';
import type { DiscoveryCache, OAuthDeps } from './context.js';
import type { LoginCoordinator } from './login.js';
import { clientInformation, dropRegistration } from './registration.js';
import { saveTokenResponse } from './token-store.js';

const EXPIRY_SKEW_MS = 30_000;
const LEASE_MS = 30_000;

/** The parts of a proxy target the broker reads (proxy/types.ts UpstreamTarget). */
export interface Target {
  name: string;
  url: string;
  auth?: AuthKind;
  ownAuthorization?: boolean;
  headers?: Record<string, string>;
}

export class TokenBroker {
  private readonly cache = new Map<string, TokenSet>();
  private readonly refreshing = new Map<string, Promise<TokenSet | undefined>>();

  constructor(
    private readonly deps: OAuthDeps,
    private readonly discovery: DiscoveryCache,
    private readonly logins: LoginCoordinator,
    private readonly holdTimeoutMs: () => number,
    /** Called after this process recorded what a server's answers showed (caches drop it). */
    private readonly onLearned: (serverName: string) => void = () => undefined,
  ) {
    deps.store.freshness.onChange(() => this.cache.clear());
  }

  /**
   * Current tokens of a server, cached; re-read when another process changed the store (as soon
   * as the store's freshness notices: a token another process replaced stays usable meanwhile, and
   * a refresh always re-reads the store under the lease, so nothing is ever spent twice).
   */
  current(serverName: string): TokenSet | undefined {
    this.deps.store.freshness.check();
    let set = this.cache.get(serverName);
    if (!set) {
      set = this.deps.store.getTokens(serverName);
      if (set) this.cache.set(serverName, set);
    }
    return set;
  }

  /** Refresh a little early, but never so early that a short-lived token is refreshed on every call. */
  private expiring(set: TokenSet): boolean {
    if (set.expiresAt === undefined) return false;
    const skew = Math.min(EXPIRY_SKEW_MS, Math.max(0, (set.expiresAt - set.updatedAt) / 2));
    return set.expiresAt - skew <= this.deps.now();
  }

  forget(serverName: string): void {
    this.cache.delete(serverName);
  }

  /**
   * Auth is learned, not assumed: a server is sent an OAuth token only once it asked for one (a
   * 401 Bearer challenge) or the user signed in, and never when the user configured its
   * Authorization header. Otherwise '' (no bearer) goes out with the stored headers.
   */
  private sendsNoToken(target: Target, set: TokenSet | undefined): boolean {
    return (
      target.ownAuthorization === true || (set === undefined && target.auth !== undefined && target.auth !== 'oauth')
    );
  }

  /** The cached token when it is still fresh, synchronously: the proxy's fast path (no promise, no signal). */
  peek(target: Target): string | undefined {
    const set = this.current(target.name);
    if (this.sendsNoToken(target, set)) return '';
    return set && !this.expiring(set) ? set.accessToken : undefined;
  }

  async token(target: Target, signal: AbortSignal): Promise<string> {
    const set = this.current(target.name);
    if (this.sendsNoToken(target, set)) return '';
    if (set && !this.expiring(set)) return set.accessToken;
    if (set?.refreshToken) {
      const renewed = await this.refresh(target.name, set);
      if (renewed) return renewed.accessToken;
    }
    return this.loginAndWait(target, undefined, signal);
  }

  /** `rejected` '' is the first Bearer challenge of a server sent no token: it is an OAuth server. */
  async renew(target: Target, rejected: string, challenge: string | undefined, signal: AbortSignal): Promise<string> {
    if (target.ownAuthorization)
      throw new CompanionError(
        'authorization_failed',
        `"${target.name}" refused the Authorization header configured for it; the companion never replaces it with a sign-in.`,
      );
    const set = this.current(target.name);
    if (set && set.accessToken !== rejected) return set.accessToken; // someone renewed meanwhile
    if (rejected === '' && target.auth !== 'oauth') this.learnOAuth(target.name);
    if (set?.refreshToken) {
      const renewed = await this.refresh(target.name, set);
      if (renewed && renewed.accessToken !== rejected) return renewed.accessToken;
    }
    if (set) this.dropTokens(target.name, 'upstream rejected the access token');
    return this.loginAndWait(target, challenge, signal);
  }

  /** What a request sent without an OAuth token showed; recorded once, not on every call. */
  learned(target: Target, lesson: { accepted: true } | { accepted: false; problem: string }): void {
    const headerNames = Object.keys(target.headers ?? {});
    const byHeaders: AuthKind = headerNames.length > 0 ? 'headers' : 'none';
    if (lesson.accepted) this.record(target.name, byHeaders, null, 'auth.learned', { auth: byHeaders });
    else
      this.record(
        target.name,
        target.auth === 'oauth' ? 'oauth' : headerNames.length > 0 ? 'headers' : 'unknown',
        lesson.problem,
        'auth.refused',
        { headers: headerNames },
      );
  }

  private learnOAuth(serverName: string): void {
    this.record(serverName, 'oauth', null, 'auth.learned', { auth: 'oauth' });
  }

  /** The one place this process writes a learned auth kind: store, activity log, caches. */
  private record(
    serverName: string,
    auth: AuthKind,
    problem: string | null,
    event: string,
    detail: Record<string, unknown>,
  ): void {
    this.deps.store.setServerAuth(serverName, auth, problem);
    this.deps.store.addEvent(event, serverName, detail);
    this.onLearned(serverName);
  }

  /**
   * 403 insufficient_scope: sign in again asking for what we hold plus what the server demands
   * (a refresh cannot widen scope). Refuses when those scopes were already granted, so a server
   * that keeps refusing cannot make the companion open tab after tab.
   */
  async stepUp(target: Target, rejected: string, rawChallenge: string, signal: AbortSignal): Promise<string> {
    const set = this.current(target.name);
    if (set && set.accessToken !== rejected) return set.accessToken; // someone stepped up meanwhile
    const challenge = await parseChallenge(rawChallenge);
    const held = (set?.scope ?? '').split(' ').filter(Boolean);
    const wanted = (challenge?.scope ?? '').split(' ').filter(Boolean);
    if (wanted.length === 0 || wanted.every((s) => held.includes(s))) {
      throw new CompanionError(
        'authorization_failed',
        `"${target.name}" refused the request for lack of scope${wanted.length ? ` (${wanted.join(' ')})` : ''}, but those scopes were already granted. Ask the server's administrator for access.`,
      );
    }
    this.deps.store.addEvent('login.step_up', target.name, { scope: [...new Set([...held, ...wanted])].join(' ') });
    return this.loginAndWait(target, { ...challenge, scope: [...new Set([...held, ...wanted])].join(' ') }, signal);
  }

  /** Waits for the (shared) login up to the hold timeout; the login itself carries on after that. */
  private async loginAndWait(
    target: Target,
    challenge: string | Challenge | undefined,
    signal: AbortSignal,
  ): Promise<string> {
    const server = this.server(target.name);
    const login = this.logins.login(
      server,
      typeof challenge === 'string' ? await parseChallenge(challenge) : challenge,
    );
    const holdMs = this.holdTimeoutMs();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), holdMs);
    });
    const aborted = new Promise<'aborted'>((resolve) =>
      signal.addEventListener('abort', () => resolve('aborted'), { once: true }),
    );
    try {
      const result = await Promise.race([login.then(() => 'done' as const), timedOut, aborted]);
      if (result === 'timeout') {
        throw new CompanionError(
          'login_timeout',
          `Sign-in to "${target.name}" is waiting in your browser. Finish it there and retry, or run \`mcp-companion login ${target.name}\`.`,
        );
      }
      if (result === 'aborted')
        throw new CompanionError('login_required', 'The request was cancelled while waiting for sign-in.');
    } finally {
      clearTimeout(timer);
    }
    this.forget(target.name);
    const set = this.current(target.name);
    if (!set)
      throw new CompanionError(
        'login_required',
        `Sign-in to "${target.name}" finished without tokens. Run \`mcp-companion login ${target.name}\`.`,
      );
    return set.accessToken;
  }

  /** Single-flight refresh. Resolves undefined when only an interactive login can help. */
  refresh(serverName: string, stale: TokenSet): Promise<TokenSet | undefined> {
    const running = this.refreshing.get(serverName);
    if (running) return running;
    const p = this.refreshAcrossProcesses(serverName, stale).finally(() => this.refreshing.delete(serverName));
    this.refreshing.set(serverName, p);
    return p;
  }

  private async refreshAcrossProcesses(serverName: string, stale: TokenSet): Promise<TokenSet | undefined> {
    const { store, instanceId } = this.deps;
    const key = `refresh:${serverName}`;
    const deadline = this.deps.now() + LEASE_MS;
    while (!store.tryAcquireLease(key, instanceId, LEASE_MS)) {
      if (this.deps.now() > deadline)
        throw new CompanionError('token_failed', `Another MCP Companion process is stuck refreshing "${serverName}".`);
      await new Promise((r) => setTimeout(r, 25));
    }
    try {
      // Another process may have refreshed while we waited for the lease: use its result.
      const latest = store.getTokens(serverName);
      if (!latest) return undefined;
      if (latest.accessToken !== stale.accessToken || !latest.refreshToken) {
        this.cache.set(serverName, latest);
        return latest;
      }
      return await this.refreshNow(serverName, latest);
    } finally {
      store.releaseLease(key, instanceId);
    }
  }

  private async refreshNow(
    serverName: string,
    set: TokenSet & { refreshToken?: string },
  ): Promise<TokenSet | undefined> {
    const { store } = this.deps;
    const reg = store.listRegistrations().find((r) => r.id === set.registrationId);
    if (!reg || !set.refreshToken) return undefined;
    const ctx = await this.discovery.get(this.server(serverName));
    try {
      const tokens = await refreshAuthorization(ctx.issuer, {
        metadata: ctx.metadata,
        clientInformation: clientInformation(reg),
        refreshToken: set.refreshToken,
        resource: ctx.resource,
        fetchFn: this.deps.fetchFn,
      });
      const saved = await saveTokenResponse(this.deps, serverName, reg.id, tokens, set.refreshToken);
      this.cache.set(serverName, saved);
      store.addEvent('token.refreshed', serverName, {
        rotated: tokens.refresh_token !== undefined && tokens.refresh_token !== set.refreshToken,
      });
      return saved;
    } catch (err) {
      if (err instanceof InvalidGrantError) {
        this.dropTokens(serverName, 'refresh token rejected (invalid_grant)');
        return undefined;
      }
      if (err instanceof InvalidClientError || err instanceof UnauthorizedClientError) {
        this.cache.delete(serverName);
        dropRegistration(this.deps, reg, 'token endpoint answered invalid_client');
        return undefined;
      }
      throw new CompanionError(
        'token_failed',
        `Could not refresh the token for "${serverName}": ${errorMessage(err)}. It will be retried on the next request.`,
      );
    }
  }

  private dropTokens(serverName: string, reason: string): void {
    this.cache.delete(serverName);
    this.deps.store.deleteTokens(serverName);
    this.deps.store.addEvent('token.dropped', serverName, { reason });
  }

  private server(name: string): UpstreamServer {
    const server = this.deps.store.getServer(name);
    if (!server) throw new CompanionError('not_found', `No upstream server named "${name}".`);
    return server;
  }
}
