// POST /:tenant/:server/token: authorization_code (single-use code, PKCE S256, redirect and
// resource binding) and refresh_token (rotation; a dead token is invalid_grant). Client auth is
// checked first so a revoked registration (strict) answers 401 invalid_client — the signal
// clients treat as "re-register" (spec §B.2).
import express, { type Request, type Response, type Router } from 'express';
import { scopedServer, str, type CpContext } from './context.js';
import { s256 } from './grants.js';
import type { Registration } from './registry.js';

type OAuthError = { status: number; error: string; description: string; basic?: boolean };

function oauthError(res: Response, e: OAuthError): void {
  if (e.basic) res.set('WWW-Authenticate', 'Basic realm="token"');
  res.status(e.status).set('Cache-Control', 'no-store').json({ error: e.error, error_description: e.description });
}

function parseBasic(header: string | undefined): { id: string; secret: string } | undefined {
  const m = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!m?.[1]) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  if (i < 0) return undefined;
  try {
    return { id: decodeURIComponent(decoded.slice(0, i)), secret: decodeURIComponent(decoded.slice(i + 1)) };
  } catch {
    return undefined;
  }
}

/** Returns the authenticated registration, or the error to send. */
function authenticateClient(ctx: CpContext, server: string, req: Request): Registration | OAuthError {
  const body = req.body as Record<string, unknown>;
  const basic = parseBasic(req.get('authorization'));
  const clientId = basic?.id ?? str(body.client_id);
  const invalid = (description: string): OAuthError => ({
    status: 401,
    error: 'invalid_client',
    description,
    basic: basic !== undefined,
  });
  if (!clientId) return invalid('Client authentication failed');
  if (basic && str(body.client_id) !== undefined && str(body.client_id) !== basic.id)
    return invalid('client_id mismatch');
  const reg =
    ctx.mode === 'strict' ? ctx.registry.activeInScope(clientId, ctx.opts.tenant, server) : ctx.registry.get(clientId);
  if (!reg) return invalid('Unknown or revoked client');
  if (reg.clientSecret !== undefined) {
    const secret = basic?.secret ?? str(body.client_secret);
    if (secret !== reg.clientSecret) return invalid('Client authentication failed');
  }
  return reg;
}

function wantsRefreshToken(reg: Registration, scope: string): boolean {
  return scope.split(/\s+/).includes('offline_access') || reg.grantTypes.includes('refresh_token');
}

async function handleToken(ctx: CpContext, req: Request, res: Response): Promise<void> {
  const server = scopedServer(ctx, req, res);
  if (server === undefined) return;
  ctx.stats.tokenRequests += 1;
  const body = (req.body ?? {}) as Record<string, unknown>;
  req.body = body;
  const grantType = str(body.grant_type);
  if (grantType === 'refresh_token') ctx.stats.refreshes += 1;
  const reg = authenticateClient(ctx, server, req);
  if ('error' in reg) return oauthError(res, reg);
  const bad = (error: string, description: string) => oauthError(res, { status: 400, error, description });
  const resource = str(body.resource);
  const validResource =
    resource === undefined || resource === ctx.urls.mcpUrl(server) || resource === ctx.urls.sseUrl(server);

  let scope: string;
  let sub: string;
  let refreshToken: string | undefined;
  if (grantType === 'authorization_code') {
    const code = str(body.code);
    const verifier = str(body.code_verifier);
    const redirectUri = str(body.redirect_uri);
    if (!code || !verifier || !redirectUri)
      return bad('invalid_request', 'code, code_verifier and redirect_uri are required');
    const granted = ctx.grants.redeemCode(code);
    if (!granted || granted.server !== server || granted.clientId !== reg.clientId)
      return bad('invalid_grant', 'Invalid authorization code');
    if (granted.redirectUri !== redirectUri)
      return bad('invalid_grant', 'redirect_uri does not match the authorization request');
    if (s256(verifier) !== granted.codeChallenge) return bad('invalid_grant', 'PKCE verification failed');
    if (!validResource || (resource !== undefined && resource !== granted.resource))
      return bad('invalid_target', 'resource does not match');
    scope = granted.scope;
    sub = `user@${ctx.opts.tenant}`;
    if (wantsRefreshToken(reg, scope))
      refreshToken = ctx.grants.issueRefresh({ server, clientId: reg.clientId, scope, sub });
  } else if (grantType === 'refresh_token') {
    const presented = str(body.refresh_token);
    if (!presented) return bad('invalid_request', 'refresh_token is required');
    const rt = ctx.grants.refresh(presented);
    if (!rt || !rt.alive || rt.server !== server || rt.clientId !== reg.clientId)
      return bad('invalid_grant', 'Invalid refresh token');
    if (!validResource) return bad('invalid_target', 'resource does not match');
    const requested = str(body.scope)?.trim();
    const granted = rt.scope.split(/\s+/);
    if (requested && !requested.split(/\s+/).every((s) => granted.includes(s)))
      return bad('invalid_scope', 'A refresh cannot widen scope');
    scope = requested || rt.scope;
    sub = rt.sub;
    if (ctx.opts.rotateRefreshTokens) {
      rt.alive = false;
      refreshToken = ctx.grants.issueRefresh({ server, clientId: reg.clientId, scope: rt.scope, sub });
    } else {
      refreshToken = presented;
    }
  } else {
    return bad('unsupported_grant_type', 'grant_type must be authorization_code or refresh_token');
  }

  const accessToken = await ctx.tokens.sign({
    issuer: ctx.urls.issuer(server),
    audience: ctx.urls.mcpUrl(server),
    sub,
    clientId: reg.clientId,
    scope,
  });
  res.set('Cache-Control', 'no-store').json({
    access_token: accessToken,
    token_type: 'Bearer',
    expires_in: ctx.tokens.expiresIn,
    ...(refreshToken ? { refresh_token: refreshToken } : {}),
    scope,
  });
}

export function mountToken(ctx: CpContext, router: Router): void {
  router.post('/:tenant/:server/token', express.urlencoded({ extended: false, limit: '16kb' }), (req, res, next) => {
    handleToken(ctx, req, res).catch(next);
  });
}
