// GET /:tenant/:server/authorize and the consent form POST. The client/redirect check is the
// v0.148 change (TF148): strict wants an active in-scope registration and an exact registered
// redirect; lenient trusts any client_id ever issued with any loopback redirect. Those
// failures (and a replayed state) are answered directly, never redirected (RFC 6749 §4.1.2.1).
import express, { type Request, type Response, type Router } from 'express';
import { isLoopbackRedirect, scopedServer, str, type CpContext } from './context.js';
import { renderConsentPage } from './consent-page.js';
import type { AuthorizationRequest } from './grants.js';
import { isMetadataDocumentUrl, resolveMetadataDocument } from './metadata-documents.js';
import { DEFAULT_SCOPE, GRANTABLE_SCOPES } from './options.js';

export const INVALID_CLIENT_BODY = { statusCode: 400, message: 'Invalid client_id or redirect_uri' };
export const INVALID_STATE_BODY = { statusCode: 400, message: 'Invalid state' };

export function clientAllowed(ctx: CpContext, server: string, clientId?: string, redirectUri?: string): boolean {
  if (!clientId || !redirectUri) return false;
  if (ctx.mode === 'strict') {
    const reg = ctx.registry.activeInScope(clientId, ctx.opts.tenant, server);
    return reg !== undefined && reg.redirectUris.includes(redirectUri);
  }
  return ctx.registry.get(clientId) !== undefined && isLoopbackRedirect(redirectUri);
}

function redirectTo(
  ctx: CpContext,
  res: Response,
  server: string,
  redirectUri: string,
  params: Record<string, string>,
): void {
  const url = new URL(redirectUri);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  if (ctx.opts.issParameter) url.searchParams.set('iss', ctx.urls.issuer(server));
  res.redirect(302, url.toString());
}

function approve(ctx: CpContext, res: Response, req: AuthorizationRequest): void {
  ctx.grants.completeState(req.state);
  const code = ctx.grants.issueCode(req);
  redirectTo(ctx, res, req.server, req.redirectUri, { code, state: req.state });
}

/**
 * A URL client_id: fetch and check its document on every request (no caching here, so tests see
 * each fetch), and hold the redirect URI to the document's list exactly. False: answered already.
 */
async function checkMetadataDocument(ctx: CpContext, res: Response, clientId: string, redirectUri?: string) {
  const refuse = (error: string, description: string) => {
    ctx.stats.authorizeRejections += 1;
    ctx.stats.metadataDocumentRejections += 1;
    res.status(400).json({ error, error_description: description });
    return false;
  };
  ctx.stats.metadataDocumentFetches += 1;
  const resolved = await resolveMetadataDocument(clientId, ctx.opts.tenant, ctx.opts.clientIdMetadata ?? {});
  if (!resolved.ok) return refuse(resolved.error, resolved.description);
  if (!redirectUri || !resolved.client.redirectUris.includes(redirectUri))
    return refuse('invalid_request', 'redirect_uri is not listed in the client metadata document');
  ctx.registry.adopt(resolved.client);
  return true;
}

async function handleAuthorize(ctx: CpContext, req: Request, res: Response): Promise<void> {
  const server = scopedServer(ctx, req, res);
  if (server === undefined) return;
  ctx.stats.authorizeRequests += 1;
  const q = req.query;
  const clientId = str(q.client_id);
  const redirectUri = str(q.redirect_uri);
  if (ctx.opts.clientIdMetadata && clientId && isMetadataDocumentUrl(clientId)) {
    if (!(await checkMetadataDocument(ctx, res, clientId, redirectUri))) return;
  }
  if (!clientAllowed(ctx, server, clientId, redirectUri) || !clientId || !redirectUri) {
    ctx.stats.authorizeRejections += 1;
    res.status(400).json(INVALID_CLIENT_BODY);
    return;
  }
  const state = str(q.state);
  if (!state || ctx.grants.isStateUsed(state)) {
    res.status(400).json(INVALID_STATE_BODY);
    return;
  }
  const fail = (error: string, description: string) =>
    redirectTo(ctx, res, server, redirectUri, { error, error_description: description, state });
  if (str(q.response_type) !== 'code') return fail('unsupported_response_type', 'response_type must be code');
  const codeChallenge = str(q.code_challenge);
  if (!codeChallenge || str(q.code_challenge_method) !== 'S256') {
    return fail('invalid_request', 'PKCE with code_challenge_method=S256 is required');
  }
  const resource = str(q.resource);
  if (resource !== ctx.urls.mcpUrl(server) && resource !== ctx.urls.sseUrl(server)) {
    return fail('invalid_target', "resource must be this server's MCP URL");
  }
  const scope = str(q.scope)?.trim() || ctx.registry.get(clientId)?.scope || DEFAULT_SCOPE;
  if (!scope.split(/\s+/).every((s) => GRANTABLE_SCOPES.includes(s))) return fail('invalid_scope', 'Unknown scope');
  const authReq: AuthorizationRequest = { server, clientId, redirectUri, codeChallenge, resource, scope, state };
  if (ctx.opts.autoApprove) return approve(ctx, res, authReq);
  const txn = ctx.grants.openConsent(authReq);
  const clientName = ctx.registry.get(clientId)?.extra.client_name;
  res
    .type('html')
    .set('Cache-Control', 'no-store')
    .send(
      renderConsentPage({
        action: `${ctx.urls.issuer(server)}/authorize`,
        txn,
        tenant: ctx.opts.tenant,
        clientName: typeof clientName === 'string' ? clientName : undefined,
        req: authReq,
      }),
    );
}

function handleConsent(ctx: CpContext, req: Request, res: Response): void {
  const server = scopedServer(ctx, req, res);
  if (server === undefined) return;
  const body = (req.body ?? {}) as Record<string, unknown>;
  const authReq = ctx.grants.takeConsent(str(body.txn) ?? '');
  if (!authReq || authReq.server !== server || ctx.grants.isStateUsed(authReq.state)) {
    res.status(400).json(INVALID_STATE_BODY);
    return;
  }
  // The registration may have been revoked while the page was open.
  if (!clientAllowed(ctx, server, authReq.clientId, authReq.redirectUri)) {
    ctx.stats.authorizeRejections += 1;
    res.status(400).json(INVALID_CLIENT_BODY);
    return;
  }
  if (str(body.decision) === 'allow') return approve(ctx, res, authReq);
  ctx.grants.completeState(authReq.state);
  redirectTo(ctx, res, server, authReq.redirectUri, {
    error: 'access_denied',
    error_description: 'The user denied access',
    state: authReq.state,
  });
}

export function mountAuthorize(ctx: CpContext, router: Router): void {
  router.get('/:tenant/:server/authorize', (req, res) => handleAuthorize(ctx, req, res));
  router.post('/:tenant/:server/authorize', express.urlencoded({ extended: false, limit: '16kb' }), (req, res) =>
    handleConsent(ctx, req, res),
  );
}
