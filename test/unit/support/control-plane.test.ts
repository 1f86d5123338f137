// The reference control plane over real HTTP: discovery, DCR/RFC 7592, the browser leg
// (302 followed by hand), tokens, the strict/lenient v0.148 policy and MCP over both transports.
import { decodeJwt } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { LoggingMessageNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { startControlPlane, type ControlPlane, type ControlPlaneOptions } from '../../support/control-plane/index.js';
import {
  authorizeRequest as authorize,
  loginScripted as login,
  pkcePair as pkce,
  registerClient as register,
  TEST_REDIRECT_URI as REDIRECT,
  tokenRequest,
  type Json,
} from '../../support/control-plane/oauth-driver.js';
const running: ControlPlane[] = [];
const clients: Client[] = [];

afterEach(async () => {
  await Promise.allSettled(clients.splice(0).map((c) => c.close()));
  await Promise.all(running.splice(0).map((cp) => cp.close()));
});

async function start(opts: ControlPlaneOptions = {}): Promise<ControlPlane> {
  const cp = await startControlPlane(opts);
  running.push(cp);
  return cp;
}

async function connect(url: string, token: string, legacy = false): Promise<Client> {
  const client = new Client({ name: 'cp-test', version: '1.0.0' });
  const requestInit = { headers: { Authorization: `Bearer ${token}` } };
  const transport = legacy
    ? new SSEClientTransport(new URL(url), { requestInit })
    : new StreamableHTTPClientTransport(new URL(url), { requestInit });
  await client.connect(transport);
  clients.push(client);
  return client;
}

function mcpPost(cp: ControlPlane, server: string, token?: string) {
  return fetch(cp.mcpUrl(server), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } },
    }),
  });
}

function firstText(result: unknown): string {
  const content = (result as { content: Array<{ type: string; text?: string }> }).content;
  return content[0]?.text ?? '';
}

describe('reference control plane', () => {
  it('serves the discovery documents and a resource_metadata challenge', async () => {
    const cp = await start({ tenant: 'acme' });
    expect(cp.mcpUrl('linear')).toBe(`${cp.baseUrl}/acme/mcp/linear/server`);
    const challenge = await mcpPost(cp, 'linear');
    expect(challenge.status).toBe(401);
    const prmUrl = `${cp.baseUrl}/.well-known/oauth-protected-resource/acme/mcp/linear/server`;
    expect(challenge.headers.get('www-authenticate')).toBe(`Bearer resource_metadata="${prmUrl}"`);
    expect(await (await fetch(prmUrl)).json()).toEqual({
      resource: cp.mcpUrl('linear'),
      authorization_servers: [cp.issuer('linear')],
      scopes_supported: ['mcp:read', 'mcp:write', 'offline_access'],
      bearer_methods_supported: ['header'],
    });
    const ssePrm = (await (
      await fetch(`${cp.baseUrl}/.well-known/oauth-protected-resource/acme/mcp/linear/sse`)
    ).json()) as Json;
    expect(ssePrm.resource).toBe(cp.sseUrl('linear'));
    const as = (await (await fetch(`${cp.baseUrl}/.well-known/oauth-authorization-server/acme/linear`)).json()) as Json;
    expect(as).toMatchObject({
      issuer: cp.issuer('linear'),
      authorization_endpoint: `${cp.baseUrl}/acme/linear/authorize`,
      token_endpoint: `${cp.baseUrl}/acme/linear/token`,
      registration_endpoint: `${cp.baseUrl}/acme/linear/register`,
      response_types_supported: ['code'],
      code_challenge_methods_supported: ['S256'],
      authorization_response_iss_parameter_supported: true,
    });
    expect((await fetch(`${cp.baseUrl}/.well-known/oauth-authorization-server/acme/nope`)).status).toBe(404);
    const noIss = await start({ issParameter: false });
    const meta = (await (
      await fetch(`${noIss.baseUrl}/.well-known/oauth-authorization-server/acme/github`)
    ).json()) as Json;
    expect(meta).not.toHaveProperty('authorization_response_iss_parameter_supported');
  });

  it('registers clients (RFC 7591) and reads them back (RFC 7592)', async () => {
    const cp = await start();
    const reg = await register(cp, 'linear');
    expect(reg).toMatchObject({
      redirect_uris: [REDIRECT],
      client_name: 'Test IDE',
      token_endpoint_auth_method: 'none',
    });
    expect(reg).not.toHaveProperty('client_secret');
    expect(reg.registration_client_uri).toBe(`${cp.issuer('linear')}/register/${String(reg.client_id)}`);
    const read = (token: string) =>
      fetch(String(reg.registration_client_uri), { headers: { authorization: `Bearer ${token}` } });
    const ok = await read(String(reg.registration_access_token));
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as Json).client_id).toBe(reg.client_id);
    expect((await read('wrong')).status).toBe(401);
    cp.forgetClient(String(reg.client_id));
    expect((await read(String(reg.registration_access_token))).status).toBe(401);

    const confidential = await register(cp, 'github', { token_endpoint_auth_method: 'client_secret_basic' });
    expect(typeof confidential.client_secret).toBe('string');
    expect(cp.activeRegistrations('github')).toEqual([
      { clientId: confidential.client_id, redirectUris: [REDIRECT], server: 'github' },
    ]);
    expect(cp.stats.registrations).toBe(2);
    for (const redirect_uris of [[], ['not a url'], 'http://127.0.0.1/cb']) {
      const bad = await fetch(`${cp.issuer('linear')}/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ redirect_uris }),
      });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as Json).error).toBe('invalid_redirect_uri');
    }
    const plain = await start({ rfc7592: false });
    expect(await register(plain, 'linear')).not.toHaveProperty('registration_client_uri');
  });

  it('runs authorize -> token -> tools over Streamable HTTP', async () => {
    const cp = await start();
    const reg = await register(cp, 'linear');
    const { verifier, challenge } = pkce();
    const res = await authorize(cp, 'linear', { clientId: String(reg.client_id), challenge, state: 'st-1' });
    expect(res.status).toBe(302);
    const back = new URL(res.headers.get('location') ?? '');
    expect(`${back.origin}${back.pathname}`).toBe(REDIRECT);
    expect(back.searchParams.get('state')).toBe('st-1');
    expect(back.searchParams.get('iss')).toBe(cp.issuer('linear'));
    const params = {
      grant_type: 'authorization_code',
      code: back.searchParams.get('code') ?? '',
      redirect_uri: REDIRECT,
      client_id: String(reg.client_id),
      resource: cp.mcpUrl('linear'),
    };
    expect((await tokenRequest(cp, 'linear', { ...params, code_verifier: 'wrong'.repeat(10) })).status).toBe(400);
    // The failed attempt burned the code: single use even when the verifier was wrong.
    const again = await tokenRequest(cp, 'linear', { ...params, code_verifier: verifier });
    expect(((await again.json()) as Json).error).toBe('invalid_grant');

    const { accessToken, refreshToken } = await login(cp, 'linear', String(reg.client_id));
    expect(refreshToken).toBeTruthy();
    expect(decodeJwt(accessToken)).toMatchObject({
      aud: cp.mcpUrl('linear'),
      iss: cp.issuer('linear'),
      client_id: reg.client_id,
      scope: 'mcp:read mcp:write offline_access',
    });
    const client = await connect(cp.mcpUrl('linear'), accessToken);
    const tools = await client.listTools();
    expect(tools.tools.map((t) => t.name).sort()).toEqual(['add', 'admin_echo', 'blob', 'echo', 'ticks']);
    expect(firstText(await client.callTool({ name: 'echo', arguments: { text: 'hello' } }))).toBe('hello');
    expect(firstText(await client.callTool({ name: 'add', arguments: { a: 2, b: 40 } }))).toBe('42');
    expect(firstText(await client.callTool({ name: 'blob', arguments: { bytes: 1024 * 1024 } })).length).toBe(
      1024 * 1024,
    );
    expect(cp.stats).toMatchObject({ registrations: 1, authorizeRequests: 2, tokenRequests: 3 });
    expect(cp.stats.mcpRequests).toBeGreaterThanOrEqual(5);
  });

  it('streams ticks as progress and logging notifications before the result', async () => {
    const cp = await start();
    const client = await connect(cp.mcpUrl('github'), await cp.issueTokenForTest('github'));
    const logs: string[] = [];
    client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
      logs.push(String(n.params.data));
    });
    const progress: number[] = [];
    const result = await client.callTool({ name: 'ticks', arguments: { count: 3, delayMs: 20 } }, undefined, {
      onprogress: (p) => {
        progress.push(p.progress);
      },
    });
    expect(firstText(result)).toBe('done');
    expect(progress).toEqual([1, 2, 3]);
    expect(logs).toEqual(['tick 1/3', 'tick 2/3', 'tick 3/3']);
  });

  it('strict mode rejects unknown, foreign and mismatched clients without redirecting', async () => {
    const cp = await start({ mode: 'strict' });
    const linear = await register(cp, 'linear');
    const attempts = [
      { clientId: 'never-issued' },
      { clientId: String(linear.client_id), redirectUri: 'http://127.0.0.1:43112/oauth/callback' },
    ];
    for (const p of attempts) {
      const res = await authorize(cp, 'linear', p);
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      expect(await res.json()).toEqual({ statusCode: 400, message: 'Invalid client_id or redirect_uri' });
    }
    // A registration is in scope for exactly its server.
    expect((await authorize(cp, 'github', { clientId: String(linear.client_id) })).status).toBe(400);
    expect(cp.stats.authorizeRejections).toBe(3);
    expect((await authorize(cp, 'linear', { clientId: String(linear.client_id) })).status).toBe(302);
  });

  it('lenient mode accepts a revoked client with any loopback redirect', async () => {
    const cp = await start({ mode: 'lenient' });
    const reg = await register(cp, 'linear');
    cp.forgetClient(String(reg.client_id));
    expect(cp.activeRegistrations()).toEqual([]);
    const { verifier, challenge } = pkce();
    const ok = await authorize(cp, 'github', {
      clientId: String(reg.client_id),
      redirectUri: 'http://localhost:5999/cb',
      challenge,
    });
    expect(ok.status).toBe(302);
    const back = new URL(ok.headers.get('location') ?? '');
    expect(`${back.origin}${back.pathname}`).toBe('http://localhost:5999/cb');
    const tok = await tokenRequest(cp, 'github', {
      grant_type: 'authorization_code',
      code: back.searchParams.get('code') ?? '',
      code_verifier: verifier,
      redirect_uri: 'http://localhost:5999/cb',
      client_id: String(reg.client_id),
    });
    expect(tok.status).toBe(200);
    const remote = await authorize(cp, 'linear', {
      clientId: String(reg.client_id),
      redirectUri: 'https://evil.example/cb',
    });
    expect(remote.status).toBe(400);
    expect((await authorize(cp, 'linear', { clientId: 'never-issued' })).status).toBe(400);
  });

  it('upgrade() revokes registrations: tokens keep working, refresh gives invalid_client', async () => {
    const cp = await start({ mode: 'lenient' });
    const { clientId, accessToken, refreshToken } = await login(cp, 'linear');
    cp.upgrade();
    expect(cp.mode()).toBe('strict');
    expect(cp.activeRegistrations()).toEqual([]);
    const client = await connect(cp.mcpUrl('linear'), accessToken);
    expect(firstText(await client.callTool({ name: 'echo', arguments: { text: 'still here' } }))).toBe('still here');
    const refresh = await tokenRequest(cp, 'linear', {
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: clientId,
    });
    expect(refresh.status).toBe(401);
    expect(((await refresh.json()) as Json).error).toBe('invalid_client');
    expect(cp.stats.refreshes).toBe(1);
    const res = await authorize(cp, 'linear', { clientId });
    expect(await res.json()).toEqual({ statusCode: 400, message: 'Invalid client_id or redirect_uri' });
    await login(cp, 'linear'); // a fresh DCR handshake works again
  });

  it('rejects a replayed state with "Invalid state"', async () => {
    const cp = await start();
    const clientId = String((await register(cp, 'linear')).client_id);
    expect((await authorize(cp, 'linear', { clientId, state: 'once' })).status).toBe(302);
    const replay = await authorize(cp, 'linear', { clientId, state: 'once' });
    expect(replay.status).toBe(400);
    expect(await replay.json()).toEqual({ statusCode: 400, message: 'Invalid state' });
  });

  it('rotates refresh tokens and rejects the dead one', async () => {
    const cp = await start();
    const { clientId, refreshToken } = await login(cp, 'github');
    const first = await tokenRequest(cp, 'github', {
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: clientId,
    });
    const body = (await first.json()) as { access_token: string; refresh_token: string; token_type: string };
    expect(first.status).toBe(200);
    expect(body.token_type).toBe('Bearer');
    expect(body.refresh_token).not.toBe(refreshToken);
    const reuse = await tokenRequest(cp, 'github', {
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: clientId,
    });
    expect(reuse.status).toBe(400);
    expect(((await reuse.json()) as Json).error).toBe('invalid_grant');
    const next = await tokenRequest(cp, 'github', {
      grant_type: 'refresh_token',
      refresh_token: body.refresh_token,
      client_id: clientId,
    });
    expect(next.status).toBe(200);
    expect(cp.stats.refreshes).toBe(3);

    const stable = await start({ rotateRefreshTokens: false });
    const s = await login(stable, 'github');
    const r = await tokenRequest(stable, 'github', {
      grant_type: 'refresh_token',
      refresh_token: s.refreshToken,
      client_id: s.clientId,
    });
    expect(((await r.json()) as Json).refresh_token).toBe(s.refreshToken);
  });

  it('authenticates confidential clients with client_secret_basic', async () => {
    const cp = await start();
    const reg = await register(cp, 'linear', { token_endpoint_auth_method: 'client_secret_basic' });
    const { verifier, challenge } = pkce();
    const res = await authorize(cp, 'linear', { clientId: String(reg.client_id), challenge });
    const code = new URL(res.headers.get('location') ?? '').searchParams.get('code') ?? '';
    const params = { grant_type: 'authorization_code', code, code_verifier: verifier, redirect_uri: REDIRECT };
    const basic = (secret: string) => ({
      authorization: `Basic ${Buffer.from(`${String(reg.client_id)}:${secret}`).toString('base64')}`,
    });
    const wrong = await tokenRequest(cp, 'linear', params, basic('nope'));
    expect(wrong.status).toBe(401);
    const right = await tokenRequest(cp, 'linear', params, basic(String(reg.client_secret)));
    expect(right.status).toBe(200);

    // No offline_access and no refresh_token grant: no refresh token.
    const once = await register(cp, 'linear', { grant_types: ['authorization_code'] });
    const p2 = pkce();
    const res2 = await authorize(cp, 'linear', {
      clientId: String(once.client_id),
      challenge: p2.challenge,
      scope: 'mcp:read',
    });
    const tok = await tokenRequest(cp, 'linear', {
      grant_type: 'authorization_code',
      code: new URL(res2.headers.get('location') ?? '').searchParams.get('code') ?? '',
      code_verifier: p2.verifier,
      redirect_uri: REDIRECT,
      client_id: String(once.client_id),
    });
    const body = (await tok.json()) as Json;
    expect(body).toMatchObject({ token_type: 'Bearer', scope: 'mcp:read', expires_in: 3600 });
    expect(body).not.toHaveProperty('refresh_token');
  });

  it('expireAccessTokens() turns every token into a 401 invalid_token challenge', async () => {
    const cp = await start();
    const { accessToken } = await login(cp, 'linear');
    expect((await mcpPost(cp, 'linear', accessToken)).status).toBe(200);
    cp.expireAccessTokens();
    const res = await mcpPost(cp, 'linear', accessToken);
    expect(res.status).toBe(401);
    const challenge = res.headers.get('www-authenticate') ?? '';
    expect(challenge).toContain(
      `resource_metadata="${cp.baseUrl}/.well-known/oauth-protected-resource/acme/mcp/linear/server"`,
    );
    expect(challenge).toContain('error="invalid_token"');
    const wrongAudience = await mcpPost(cp, 'github', await cp.issueTokenForTest('linear'));
    expect(wrongAudience.status).toBe(401);
    expect((await mcpPost(cp, 'linear', await cp.issueTokenForTest('linear'))).status).toBe(200);
  });

  it('serves a consent page when autoApprove is off', async () => {
    const cp = await start({ autoApprove: false });
    const clientId = String((await register(cp, 'github')).client_id);
    const decide = async (state: string, decision: string) => {
      const page = await authorize(cp, 'github', { clientId, state });
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('Test IDE');
      expect(html).toMatch(/<button[^>]*value="allow"[^>]*>Allow<\/button>/);
      const txn = /name="txn" value="([^"]+)"/.exec(html)?.[1] ?? '';
      return fetch(`${cp.issuer('github')}/authorize`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ txn, decision }).toString(),
      });
    };
    const allowed = await decide('s-allow', 'allow');
    expect(allowed.status).toBe(302);
    expect(new URL(allowed.headers.get('location') ?? '').searchParams.get('code')).toBeTruthy();
    const denied = new URL((await decide('s-deny', 'deny')).headers.get('location') ?? '');
    expect(denied.searchParams.get('error')).toBe('access_denied');
    expect(denied.searchParams.get('state')).toBe('s-deny');
  });

  it('serves legacy HTTP+SSE and closes open streams quickly', async () => {
    const cp = await start();
    const { accessToken } = await login(cp, 'linear');
    const noAuth = await fetch(cp.sseUrl('linear'));
    expect(noAuth.status).toBe(401);
    expect(noAuth.headers.get('www-authenticate')).toContain(
      '/.well-known/oauth-protected-resource/acme/mcp/linear/sse"',
    );
    const client = await connect(cp.sseUrl('linear'), accessToken, true);
    const tools = await client.listTools();
    expect(tools.tools.map((t) => t.name)).toContain('echo');
    expect(firstText(await client.callTool({ name: 'echo', arguments: { text: 'legacy' } }))).toBe('legacy');
    const t0 = Date.now();
    await running.pop()?.close();
    expect(Date.now() - t0).toBeLessThan(1000);
  });
});
