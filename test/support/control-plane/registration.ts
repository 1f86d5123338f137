// RFC 7591 Dynamic Client Registration and the RFC 7592 read/delete of a registration.
import express, { type Router } from 'express';
import { timingSafeEqual } from 'node:crypto';
import { scopedServer, type CpContext } from './context.js';
import { registrationResponse, TOKEN_AUTH_METHODS, type RegistrationInput, type TokenAuthMethod } from './registry.js';

const KNOWN_GRANTS = ['authorization_code', 'refresh_token'];
const CONSUMED = [
  'redirect_uris',
  'token_endpoint_auth_method',
  'grant_types',
  'response_types',
  'scope',
  'client_id',
  'client_secret',
  'client_id_issued_at',
  'client_secret_expires_at',
  'registration_access_token',
  'registration_client_uri',
];

type Parsed =
  { ok: true; input: Omit<RegistrationInput, 'tenant' | 'server'> } | { ok: false; error: string; description: string };

function isAbsoluteUrl(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  try {
    return new URL(v).hash === '';
  } catch {
    return false;
  }
}

function stringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

export function parseClientMetadata(body: unknown): Parsed {
  const bad = (error: string, description: string): Parsed => ({ ok: false, error, description });
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return bad('invalid_client_metadata', 'The body must be a JSON object');
  }
  const m = body as Record<string, unknown>;
  const uris = m.redirect_uris;
  if (!Array.isArray(uris) || uris.length === 0 || !uris.every(isAbsoluteUrl)) {
    return bad('invalid_redirect_uri', 'redirect_uris must be a non-empty array of absolute URLs');
  }
  // Spec brief: a secret is issued only when the client asks for a secret method, so an
  // omitted method means a public client.
  const method = m.token_endpoint_auth_method ?? 'none';
  if (!TOKEN_AUTH_METHODS.includes(method as TokenAuthMethod)) {
    return bad('invalid_client_metadata', 'Unsupported token_endpoint_auth_method');
  }
  const grantTypes = m.grant_types ?? ['authorization_code'];
  if (!stringArray(grantTypes) || !grantTypes.every((g) => KNOWN_GRANTS.includes(g))) {
    return bad('invalid_client_metadata', 'Unsupported grant_types');
  }
  const responseTypes = m.response_types ?? ['code'];
  if (!stringArray(responseTypes) || !responseTypes.every((r) => r === 'code')) {
    return bad('invalid_client_metadata', 'Unsupported response_types');
  }
  if (m.scope !== undefined && typeof m.scope !== 'string')
    return bad('invalid_client_metadata', 'scope must be a string');
  const extra = Object.fromEntries(Object.entries(m).filter(([k]) => !CONSUMED.includes(k)));
  return {
    ok: true,
    input: {
      redirectUris: uris as string[],
      tokenEndpointAuthMethod: method as TokenAuthMethod,
      grantTypes,
      responseTypes,
      ...(typeof m.scope === 'string' ? { scope: m.scope } : {}),
      extra,
    },
  };
}

function bearer(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1];
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function mountRegistration(ctx: CpContext, router: Router): void {
  if (!ctx.opts.registration) return;
  router.post('/:tenant/:server/register', express.json({ limit: '100kb' }), (req, res) => {
    const server = scopedServer(ctx, req, res);
    if (server === undefined) return;
    const parsed = parseClientMetadata(req.body);
    if (!parsed.ok) {
      res.status(400).json({ error: parsed.error, error_description: parsed.description });
      return;
    }
    const reg = ctx.registry.create({ ...parsed.input, tenant: ctx.opts.tenant, server }, ctx.opts.rfc7592);
    ctx.stats.registrations += 1;
    const clientUri = ctx.opts.rfc7592 ? ctx.urls.registrationClientUri(server, reg.clientId) : undefined;
    res.status(201).set('Cache-Control', 'no-store').json(registrationResponse(reg, clientUri));
  });

  // RFC 7592: 401 when the client no longer exists or the token does not match.
  const lookup = (req: express.Request, res: express.Response) => {
    const server = scopedServer(ctx, req, res);
    if (server === undefined) return undefined;
    const token = bearer(req.get('authorization'));
    const reg = ctx.registry.activeInScope(String(req.params.clientId), ctx.opts.tenant, server);
    if (
      !ctx.opts.rfc7592 ||
      !reg?.registrationAccessToken ||
      !token ||
      !sameSecret(token, reg.registrationAccessToken)
    ) {
      res.status(401).set('WWW-Authenticate', 'Bearer error="invalid_token"').json({ error: 'invalid_token' });
      return undefined;
    }
    return { server, reg };
  };
  router.get('/:tenant/:server/register/:clientId', (req, res) => {
    const found = lookup(req, res);
    if (!found) return;
    const uri = ctx.urls.registrationClientUri(found.server, found.reg.clientId);
    res.set('Cache-Control', 'no-store').json(registrationResponse(found.reg, uri));
  });
  router.delete('/:tenant/:server/register/:clientId', (req, res) => {
    const found = lookup(req, res);
    if (!found) return;
    ctx.registry.revoke(found.reg.clientId);
    res.status(204).end();
  });
}
