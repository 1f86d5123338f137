// Interop with an authorization server nobody here wrote: oidc-provider v9 (OpenID certified),
// set up as an MCP deployment would set it up, in front of an MCP SDK server that only trusts
// its JWT access tokens. The IDE is the MCP SDK client talking to the local gateway.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createCompanion, type Companion } from '../../local-gateway/companion.js';
import { freePort } from '../support/ports.js';
import { cookieBrowser, type CookieBrowser } from './support/cookie-browser.js';
import { startOidcUpstream, type OidcUpstream, type OidcUpstreamOptions } from './support/oidc-upstream.js';

const SERVER = 'oidc';
const text = (r: unknown) => ((r as CallToolResult).content[0] as { text: string }).text;

interface Setup {
  up: OidcUpstream;
  companion: Companion;
  browser: CookieBrowser;
  dataDir: string;
  /** Moves the companion's clock (token expiry is judged by it); the provider keeps real time. */
  advance(ms: number): void;
  connect(): Promise<Client>;
  restartCompanion(port: number): Promise<void>;
}

const open: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of open.splice(0).reverse()) await close().catch(() => undefined);
});

async function setup(upstream: OidcUpstreamOptions = {}): Promise<Setup> {
  const up = await startOidcUpstream(upstream);
  open.push(() => up.close());
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcpc-oidc-'));
  open.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
  const browser = cookieBrowser();
  let skew = 0;
  const clients: Client[] = [];
  const start = async (port: number) => {
    const c = createCompanion({ dataDir, port, openBrowser: (u) => browser.open(u), now: () => Date.now() + skew });
    if (!c.store.getServer(SERVER)) c.store.addServer({ name: SERVER, url: up.mcp.url });
    await c.listen();
    return c;
  };
  const s: Setup = {
    up,
    browser,
    dataDir,
    companion: await start(await freePort()),
    advance: (ms) => {
      skew += ms;
    },
    async connect() {
      const client = new Client({ name: 'interop-ide', version: '1.0.0' });
      const url = new URL(`http://127.0.0.1:${s.companion.port}/servers/${SERVER}/mcp`);
      const headers = {
        Authorization: `Bearer ${s.companion.store.ensureLocalToken(
          'ide',
          s.companion.store.listServers().map((x) => x.name),
        )}`,
      };
      await client.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers } }));
      clients.push(client);
      return client;
    },
    async restartCompanion(port) {
      await Promise.allSettled(clients.splice(0).map((c) => c.close()));
      await s.companion.close();
      s.companion = await start(port);
    },
  };
  open.push(async () => {
    await Promise.allSettled(clients.map((c) => c.close()));
    await s.companion.close();
  });
  return s;
}

const callback = (s: Setup) => `http://127.0.0.1:${s.companion.port}/oauth/callback`;
const stored = (s: Setup) => s.companion.store.getTokens(SERVER)!;

describe('interop: oidc-provider as the authorization server', () => {
  it("registers by DCR, signs in through login + consent, and the IDE's tools work", async () => {
    const s = await setup();
    const client = await s.connect();
    expect((await client.listTools()).tools.map((t) => t.name)).toContain('echo');
    expect(text(await client.callTool({ name: 'echo', arguments: { text: 'hello oidc' } }))).toBe('hello oidc');

    // What the companion relied on in the provider's metadata: S256 and RFC 9207 `iss`.
    const meta = (await (await fetch(`${s.up.issuer}/.well-known/openid-configuration`)).json()) as Record<
      string,
      unknown
    >;
    expect(meta.code_challenge_methods_supported).toContain('S256');
    expect(meta.authorization_response_iss_parameter_supported).toBe(true);
    expect(new URL(s.browser.visits.at(-1)!.url).searchParams.get('iss')).toBe(s.up.issuer);
    expect(s.up.stats.registrations).toBe(1);
    const [registered] = s.up.clients();
    expect(registered).toMatchObject({ redirect_uris: [callback(s)], token_endpoint_auth_method: 'none' });

    expect(s.browser.opened).toHaveLength(1);
    const auth = new URL(s.browser.opened[0]!);
    expect(auth.origin + auth.pathname).toBe(`${s.up.issuer}/auth`);
    expect(auth.searchParams.get('client_id')).toBe(registered!.client_id);
    expect(auth.searchParams.get('code_challenge_method')).toBe('S256');
    expect(auth.searchParams.get('resource')).toBe(s.up.mcp.url);
    expect(auth.searchParams.get('scope')?.split(' ')).toEqual(expect.arrayContaining(['mcp:tools', 'offline_access']));
    // The user went through login and consent and landed on the companion's success page.
    expect(s.up.stats.consents).toBe(2);
    expect(s.browser.visits.at(-1)).toMatchObject({ status: 200 });
    expect(s.browser.visits.at(-1)!.url.startsWith(`${callback(s)}?`)).toBe(true);
    expect(s.browser.visits.at(-1)!.body).toContain('signed in');

    // A JWT for the MCP server (RFC 8707 audience), plus a refresh token.
    const tokens = stored(s);
    const claims = decodeJwt(tokens.accessToken);
    expect(claims).toMatchObject({ iss: s.up.issuer, aud: s.up.mcp.url, client_id: registered!.client_id });
    expect(String(claims.scope).split(' ')).toContain('mcp:tools');
    expect(tokens.refreshToken).toBeTruthy();
    expect(s.up.stats.codeGrants).toBe(1);
    expect(s.up.mcp.stats.accepted).toBeGreaterThanOrEqual(3);
  });

  it('refreshes an expiring token before use, rotating the refresh token, with no browser', async () => {
    const s = await setup();
    const client = await s.connect();
    await client.callTool({ name: 'echo', arguments: { text: 'a' } });
    const before = stored(s);
    s.advance(2 * 3600_000); // the companion now sees the one-hour access token as expired
    expect(text(await client.callTool({ name: 'echo', arguments: { text: 'b' } }))).toBe('b');
    const after = stored(s);
    expect(s.up.stats.refreshGrants).toBe(1);
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.refreshToken).toBeTruthy();
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(s.browser.opened).toHaveLength(1);
    expect(s.up.stats.registrations).toBe(1);
  });

  it('refreshes when the MCP server rejects the access token (401 with resource_metadata)', async () => {
    const s = await setup();
    const client = await s.connect();
    await client.callTool({ name: 'echo', arguments: { text: 'a' } });
    const before = stored(s);
    s.up.mcp.rejectIssuedTokens();
    expect(text(await client.callTool({ name: 'echo', arguments: { text: 'b' } }))).toBe('b');
    expect(s.up.mcp.stats.rejected).toBeGreaterThanOrEqual(1);
    expect(s.up.stats.refreshGrants).toBe(1);
    expect(stored(s).refreshToken).not.toBe(before.refreshToken);
    expect(s.browser.opened).toHaveLength(1);
  });

  it('re-registers and signs in again once when the provider forgets the client (invalid_client on refresh)', async () => {
    const s = await setup();
    const client = await s.connect();
    await client.callTool({ name: 'echo', arguments: { text: 'a' } });
    const firstId = s.up.clients()[0]!.client_id;
    s.up.forgetClient(String(firstId));
    s.advance(2 * 3600_000);
    expect(text(await client.callTool({ name: 'echo', arguments: { text: 'b' } }))).toBe('b');
    expect(s.up.stats.grantErrors).toEqual(['invalid_client']);
    expect(s.up.stats.registrations).toBe(2);
    expect(s.browser.opened).toHaveLength(2);
    expect(new URL(s.browser.opened[1]!).searchParams.get('client_id')).not.toBe(firstId);
    expect(s.companion.store.listRegistrations().map((r) => r.clientId)).toEqual([s.up.clients()[0]!.client_id]);
    const dropped = s.companion.store.listEvents({ type: 'registration.dropped' });
    expect(dropped).toHaveLength(1);
  });

  it('a changed callback port re-registers with the new redirect URI (never reuses the old one)', async () => {
    const s = await setup();
    await (await s.connect()).callTool({ name: 'echo', arguments: { text: 'a' } });
    await s.restartCompanion(await freePort());
    // Tokens stay usable across the port change (refreshes don't involve redirect URIs)...
    expect(text(await (await s.connect()).callTool({ name: 'echo', arguments: { text: 'b' } }))).toBe('b');
    expect(s.up.stats.registrations).toBe(1);
    // ...but the next interactive sign-in must not send the old client_id with a new redirect URI.
    s.companion.oauth.logout(SERVER);
    expect(text(await (await s.connect()).callTool({ name: 'echo', arguments: { text: 'c' } }))).toBe('c');
    expect(s.up.stats.registrations).toBe(2);
    expect(s.up.clients().map((c) => c.redirect_uris)).toContainEqual([callback(s)]);
    expect(s.up.stats.authorizeErrors).toEqual([]);
    const used = s.companion.store.listRegistrations().find((r) => r.id === stored(s).registrationId);
    expect(used?.redirectUri).toBe(callback(s));
    expect(new URL(s.browser.opened.at(-1)!).searchParams.get('redirect_uri')).toBe(callback(s));
  });

  it('redirect URI no longer registered at the provider, no RFC 7592 token: the authorize preflight catches it', async () => {
    const s = await setup({ issueRegistrationAccessToken: false });
    await (await s.connect()).callTool({ name: 'echo', arguments: { text: 'a' } });
    expect(s.companion.store.listRegistrations()[0]!.registrationClientUri).toBeUndefined();
    const firstId = String(s.up.clients()[0]!.client_id);
    s.up.setRedirectUris(firstId, [`http://127.0.0.1:${s.companion.port}/elsewhere`]);
    s.companion.oauth.logout(SERVER); // the next use needs an interactive sign-in
    expect(text(await (await s.connect()).callTool({ name: 'echo', arguments: { text: 'b' } }))).toBe('b');
    // Only the server-side probe saw oidc-provider's redirect_uri error; the user's browser never did.
    expect(s.up.stats.authorizeErrors).toEqual(['invalid_redirect_uri']);
    expect(s.browser.visits.every((v) => v.status === 200 && v.url.startsWith(callback(s)))).toBe(true);
    expect(s.browser.opened).toHaveLength(2);
    expect(s.up.stats.registrations).toBe(2);
    expect(s.companion.store.listEvents({ type: 'registration.stale' })).toHaveLength(1);
  });

  it("redirect URI no longer registered, RFC 7592 read still 200: the read's redirect_uris mark it stale", async () => {
    const s = await setup();
    await (await s.connect()).callTool({ name: 'echo', arguments: { text: 'a' } });
    expect(s.companion.store.listRegistrations()[0]!.registrationClientUri).toMatch(/\/reg\//);
    s.up.setRedirectUris(String(s.up.clients()[0]!.client_id), [`http://127.0.0.1:${s.companion.port}/elsewhere`]);
    s.companion.oauth.logout(SERVER);
    expect(text(await (await s.connect()).callTool({ name: 'echo', arguments: { text: 'b' } }))).toBe('b');
    // The RFC 7592 read alone caught it: no authorize request ever carried the dead client.
    expect(s.up.stats.authorizeErrors).toEqual([]);
    expect(s.browser.visits.every((v) => v.status === 200)).toBe(true);
    expect(s.browser.opened).toHaveLength(2);
    expect(s.up.stats.registrations).toBe(2);
    expect(s.companion.store.listEvents({ type: 'registration.stale' })).toHaveLength(1);
  });

  it('an AS that does not list the resource scope refuses DCR; the IDE is told why', async () => {
    const s = await setup({ scopes: ['openid', 'offline_access'] });
    await expect(s.connect()).rejects.toThrow(/Dynamic Client Registration at .* failed.*scope/s);
    expect(s.up.stats.registrations).toBe(0);
    expect(s.browser.opened).toHaveLength(0);
  });
});
