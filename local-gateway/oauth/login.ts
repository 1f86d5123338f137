// Interactive login: one browser flow per upstream at a time (everyone who needs it joins),
// a liveness check before reusing a stored client_id, and exactly one automatic
// re-registration when the AS rejects the client.
import { exchangeAuthorization, startAuthorization } from '@modelcontextprotocol/sdk/client/auth.js';
import { InvalidClientError, UnauthorizedClientError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import { CompanionError, errorMessage } from '../core/errors.js';
import type { Registration, UpstreamServer } from '../store/types.js';
import type { OAuthDeps, DiscoveryCache } from './context.js';
import type { AuthContext, Challenge } from './discovery.js';
import { handleOAuthCallback } from './callback.js';
import { afterMetadataDocumentRefused, chooseClient } from './client-choice.js';
import { probeAuthorize } from './liveness.js';
import { listenLoopbackCallback } from './loopback-callback.js';
import { PendingLogins, STATE_TTL_MS, type CallbackOutcome } from './pending.js';
import { clientInformation, dropRegistration, registerFresh } from './registration.js';
import { saveTokenResponse } from './token-store.js';

export class LoginCoordinator {
  readonly pending: PendingLogins;
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(
    private readonly deps: OAuthDeps,
    private readonly discovery: DiscoveryCache,
  ) {
    this.pending = new PendingLogins(deps.now);
  }

  isRunning(server: string): boolean {
    return this.inFlight.has(server);
  }

  /** Waits (bounded) for the running login of `server`; returns its error, if any. */
  async outcome(server: string, timeoutMs = 30_000): Promise<Error | undefined> {
    const running = this.inFlight.get(server);
    if (!running) return undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), timeoutMs);
    });
    try {
      return await Promise.race([
        running.then(
          () => undefined,
          (err: unknown) => (err instanceof Error ? err : new Error(String(err))),
        ),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * An explicit "log in" from the user (CLI, dashboard, tray): a browser leg still pending (a tab
   * the user closed, say) is withdrawn and a fresh one opens, instead of joining a dead flow.
   */
  async restart(server: UpstreamServer): Promise<void> {
    const running = this.inFlight.get(server.name);
    const attempt = this.pending.pendingFor(server.name);
    if (running && attempt) {
      this.pending.cancel(attempt.state);
      attempt.settle({ ok: false, error: 'superseded', description: 'A new sign-in was started.' });
      await running.catch(() => undefined);
    }
    return this.login(server);
  }

  /** Starts a login for `server`, or joins the one already running. */
  login(server: UpstreamServer, challenge?: Challenge): Promise<void> {
    this.pending.sweep(); // ends a login whose browser leg expired, instead of joining it forever
    const running = this.inFlight.get(server.name);
    if (running) return running;
    const p = this.run(server, challenge).finally(() => this.inFlight.delete(server.name));
    p.catch(() => undefined); // callers may have gone; the outcome is recorded as an event
    this.inFlight.set(server.name, p);
    return p;
  }

  private async run(server: UpstreamServer, challenge?: Challenge): Promise<void> {
    const { store } = this.deps;
    store.addEvent('login.started', server.name, {});
    try {
      const ctx = await this.discovery.get(server, challenge);
      let reg = await chooseClient(this.deps, server, ctx);
      for (let attempt = 1; ; attempt++) {
        try {
          await this.authorize(server, ctx, reg);
          store.addEvent('login.completed', server.name, { clientId: reg.clientId, client: reg.kind });
          return;
        } catch (err) {
          const clientRejected =
            err instanceof InvalidClientError ||
            err instanceof UnauthorizedClientError ||
            (err instanceof CompanionError && err.code === 'registration_stale');
          if (!clientRejected || attempt > 1) throw err;
          if (reg.kind === 'pre-registered') {
            throw new CompanionError(
              'client_rejected',
              `${ctx.issuer} rejected the pre-registered OAuth client ${reg.clientId} (${String(reg.metadata.source ?? 'carried over from an IDE entry')}): ${errorMessage(err)}. Ask your administrator whether that client is still active and allows the redirect URI ${reg.redirectUri}.`,
            );
          }
          if (reg.kind === 'cimd') {
            reg = await afterMetadataDocumentRefused(this.deps, server, ctx, reg, errorMessage(err));
            continue;
          }
          dropRegistration(this.deps, reg, `rejected by the authorization server: ${errorMessage(err)}`);
          reg = await registerFresh(this.deps, ctx, this.deps.redirectUri(), server.name);
        }
      }
    } catch (err) {
      store.addEvent('login.failed', server.name, { error: errorMessage(err) });
      throw err instanceof CompanionError
        ? err
        : new CompanionError('authorization_failed', `Sign-in to ${server.name} failed: ${errorMessage(err)}`);
    }
  }

  private async authorize(server: UpstreamServer, ctx: AuthContext, reg: Registration): Promise<void> {
    // A pre-registered client's own loopback redirect URI: listened on for this sign-in only.
    const listener =
      reg.redirectUri === this.deps.redirectUri()
        ? undefined
        : await listenLoopbackCallback(reg.redirectUri, (params) => handleOAuthCallback(this, params, () => undefined));
    try {
      const redirectUri = listener?.redirectUri ?? reg.redirectUri;
      if (reg.kind === 'pre-registered') {
        // Nothing to re-register: ask the AS first, so a refusal is reported here, not in the browser.
        const probe = await probeAuthorize(reg, ctx, this.deps.fetchFn, redirectUri).catch(() => undefined);
        if (probe?.verdict === 'stale')
          throw new CompanionError('registration_stale', probe.detail ?? 'refused at /authorize');
      }
      await this.authorizeAt(server, ctx, reg, redirectUri);
    } finally {
      listener?.close();
    }
  }

  private async authorizeAt(
    server: UpstreamServer,
    ctx: AuthContext,
    reg: Registration,
    redirectUri: string,
  ): Promise<void> {
    const state = PendingLogins.newState();
    const { authorizationUrl, codeVerifier } = await startAuthorization(ctx.issuer, {
      metadata: ctx.metadata,
      clientInformation: clientInformation(reg),
      redirectUrl: redirectUri,
      scope: ctx.scope,
      state,
      resource: ctx.resource,
    });
    const outcome = await new Promise<CallbackOutcome>((settle) => {
      this.pending.add({
        state,
        server: server.name,
        issuer: ctx.issuer,
        clientId: reg.clientId,
        registrationId: reg.id,
        redirectUri,
        resource: ctx.resource,
        codeVerifier,
        issRequired: ctx.issRequired,
        expiresAt: this.deps.now() + STATE_TTL_MS,
        settle,
      });
      this.deps.openBrowser(authorizationUrl.href).catch((err: unknown) => {
        this.pending.cancel(state);
        settle({ ok: false, error: 'browser', description: `Could not open a browser: ${errorMessage(err)}` });
      });
    });
    if (!outcome.ok) {
      if (outcome.error === 'invalid_client' || outcome.error === 'unauthorized_client') {
        throw new CompanionError('registration_stale', `The authorization server rejected client ${reg.clientId}.`);
      }
      throw new CompanionError(
        'authorization_failed',
        `Sign-in to ${server.name} did not complete: ${outcome.description ?? outcome.error}`,
      );
    }
    const tokens = await exchangeAuthorization(ctx.issuer, {
      metadata: ctx.metadata,
      clientInformation: clientInformation(reg),
      authorizationCode: outcome.code,
      codeVerifier,
      redirectUri,
      resource: ctx.resource,
      fetchFn: this.deps.fetchFn,
    });
    await saveTokenResponse(this.deps, server.name, reg.id, tokens);
  }
}
