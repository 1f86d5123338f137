// A scripted OAuth client for the control plane (no browser): DCR, the authorize request with
// the 302 followed by hand, and token requests. Used by the control plane's own tests and
// handy for integration tests and benchmarks that need a real upstream login.
import { createHash, randomBytes } from 'node:crypto';
import type { ControlPlane } from './index.js';

export const TEST_REDIRECT_URI = 'http://127.0.0.1:43111/oauth/callback';

export type Json = Record<string, unknown>;

export async function registerClient(cp: ControlPlane, server: string, body: Json = {}): Promise<Json> {
  const res = await fetch(`${cp.issuer(server)}/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      redirect_uris: [TEST_REDIRECT_URI],
      client_name: 'Test IDE',
      grant_types: ['authorization_code', 'refresh_token'],
      ...body,
    }),
  });
  if (res.status !== 201) throw new Error(`registration failed with HTTP ${res.status}`);
  return (await res.json()) as Json;
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export interface AuthorizeParams {
  clientId: string;
  redirectUri?: string;
  state?: string;
  challenge?: string;
  resource?: string;
  scope?: string;
}

export function authorizeUrl(cp: ControlPlane, server: string, p: AuthorizeParams): string {
  const url = new URL(`${cp.issuer(server)}/authorize`);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: p.clientId,
    redirect_uri: p.redirectUri ?? TEST_REDIRECT_URI,
    code_challenge: p.challenge ?? pkcePair().challenge,
    code_challenge_method: 'S256',
    state: p.state ?? randomBytes(12).toString('base64url'),
    resource: p.resource ?? cp.mcpUrl(server),
    scope: p.scope ?? 'mcp:read mcp:write offline_access',
  }).toString();
  return url.toString();
}

/** GET /authorize without following the redirect. */
export function authorizeRequest(cp: ControlPlane, server: string, p: AuthorizeParams): Promise<Response> {
  return fetch(authorizeUrl(cp, server, p), { redirect: 'manual' });
}

export function tokenRequest(
  cp: ControlPlane,
  server: string,
  params: Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${cp.issuer(server)}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(params).toString(),
  });
}

/** Register (unless given a client), authorize (auto-approve), redeem the code. */
export async function loginScripted(cp: ControlPlane, server: string, clientId?: string) {
  const id = clientId ?? String((await registerClient(cp, server)).client_id);
  const { verifier, challenge } = pkcePair();
  const res = await authorizeRequest(cp, server, { clientId: id, challenge });
  if (res.status !== 302) throw new Error(`authorize answered HTTP ${res.status}`);
  const code = new URL(res.headers.get('location') ?? '').searchParams.get('code') ?? '';
  const tok = await tokenRequest(cp, server, {
    grant_type: 'authorization_code',
    code,
    code_verifier: verifier,
    redirect_uri: TEST_REDIRECT_URI,
    client_id: id,
    resource: cp.mcpUrl(server),
  });
  if (tok.status !== 200) throw new Error(`token endpoint answered HTTP ${tok.status}`);
  const body = (await tok.json()) as { access_token: string; refresh_token: string };
  return { clientId: id, accessToken: body.access_token, refreshToken: body.refresh_token };
}
