// The product's main job, end to end: an IDE (the MCP SDK client) talks to the local gateway
// with a local token; the gateway registers, signs in once, proxies, and recovers by itself
// when the control plane upgrades to strict DCR validation.
import { afterEach, describe, expect, it } from 'vitest';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { startHarness, type Harness } from '../support/companion-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const text = (r: unknown) => ((r as CallToolResult).content[0] as { text: string }).text;

describe("gateway OAuth on the user's behalf", () => {
  it('first use registers once, opens one browser flow, and tools work', async () => {
    h = await startHarness();
    const client = await h.connect('linear');
    const tools = await client.listTools();
    expect(tools.tools.map((t) => t.name)).toContain('echo');
    expect(text(await client.callTool({ name: 'echo', arguments: { text: 'hello' } }))).toBe('hello');
    expect(h.cp.stats.registrations).toBe(1);
    expect(h.browser.opened).toHaveLength(1);
    const auth = new URL(h.browser.opened[0]!);
    expect(auth.searchParams.get('redirect_uri')).toBe(`http://127.0.0.1:${h.companion.port}/oauth/callback`);
    expect(auth.searchParams.get('code_challenge_method')).toBe('S256');
    expect(auth.searchParams.get('resource')).toBe(h.cp.mcpUrl('linear'));
    expect(auth.searchParams.get('scope')).toContain('offline_access');
    const regs = h.cp.activeRegistrations('linear');
    expect(regs).toHaveLength(1);
    expect(regs[0]!.redirectUris).toEqual([`http://127.0.0.1:${h.companion.port}/oauth/callback`]);
  });

  it('concurrent first requests share one browser flow (no tab storm)', async () => {
    h = await startHarness();
    const clients = await Promise.all(Array.from({ length: 8 }, (_, i) => h!.connect('linear', `ide-${i}`)));
    const results = await Promise.all(
      clients.map((c, i) => c.callTool({ name: 'echo', arguments: { text: `n${i}` } })),
    );
    expect(results.map(text)).toEqual(clients.map((_, i) => `n${i}`));
    expect(h.browser.opened).toHaveLength(1);
    expect(h.cp.stats.registrations).toBe(1);
  });

  it('recovers by itself after the v0.148 upgrade: one new registration, no IDE change, one tab', async () => {
    h = await startHarness({ cp: { mode: 'lenient' } });
    const client = await h.connect('linear');
    await client.callTool({ name: 'echo', arguments: { text: 'before' } });
    const firstClientId = h.cp.activeRegistrations('linear')[0]!.clientId;
    h.cp.upgrade();
    h.cp.expireAccessTokens();
    const results = await Promise.all(
      [1, 2, 3].map((i) => client.callTool({ name: 'echo', arguments: { text: `after${i}` } })),
    );
    expect(results.map(text)).toEqual(['after1', 'after2', 'after3']);
    expect(h.cp.stats.registrations).toBe(2);
    expect(h.browser.opened).toHaveLength(2);
    const active = h.cp.activeRegistrations('linear');
    expect(active).toHaveLength(1);
    expect(active[0]!.clientId).not.toBe(firstClientId);
    expect(h.cp.stats.authorizeRejections).toBe(0);
    const types = h.companion.store.listEvents({ limit: 50 }).map((e) => e.type);
    expect(types).toContain('registration.dropped');
  });

  it('refreshes an expired access token without a browser, rotating the refresh token', async () => {
    h = await startHarness();
    const client = await h.connect('linear');
    await client.callTool({ name: 'echo', arguments: { text: 'a' } });
    const before = h.companion.store.getTokens('linear')!;
    h.cp.expireAccessTokens();
    expect(text(await client.callTool({ name: 'echo', arguments: { text: 'b' } }))).toBe('b');
    const after = h.companion.store.getTokens('linear')!;
    expect(h.cp.stats.refreshes).toBe(1);
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(h.browser.opened).toHaveLength(1);
  });

  for (const rfc7592 of [true, false]) {
    it(`checks a stored client_id is alive before opening the browser (${rfc7592 ? 'RFC 7592 read' : 'authorize preflight'})`, async () => {
      h = await startHarness({ cp: { mode: 'lenient', rfc7592 } });
      const client = await h.connect('linear');
      await client.callTool({ name: 'echo', arguments: { text: 'x' } });
      h.companion.oauth.logout('linear'); // tokens gone, registration kept
      h.cp.upgrade(); // ...and now revoked on the server
      expect(text(await client.callTool({ name: 'echo', arguments: { text: 'y' } }))).toBe('y');
      // The browser never saw the dead client_id: the only rejection is the server-side probe, if any.
      expect(h.cp.stats.authorizeRejections).toBe(rfc7592 ? 0 : 1);
      expect(h.browser.pages.every((p) => p.status === 200)).toBe(true);
      expect(h.cp.stats.registrations).toBe(2);
      expect(h.browser.opened).toHaveLength(2);
      expect(h.companion.store.listEvents({ type: 'registration.stale' })).toHaveLength(1);
    });
  }

  it('a replayed callback state gets a clear page and a fresh flow, never a replay', async () => {
    h = await startHarness();
    const client = await h.connect('linear');
    await client.callTool({ name: 'echo', arguments: { text: 'x' } });
    const callbackUrl = `http://127.0.0.1:${h.companion.port}/oauth/callback?code=stale&state=${new URL(h.browser.opened[0]!).searchParams.get('state')}`;
    h.companion.oauth.logout('linear');
    const res = await fetch(callbackUrl);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('already used or has expired');
    await expect.poll(() => h!.browser.opened.length).toBe(2);
    const unknown = await fetch(`http://127.0.0.1:${h.companion.port}/oauth/callback?code=x&state=never-issued`);
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('does not match any sign-in');
  });

  it('holds a request while the login is pending, then answers a JSON-RPC error that says what to do', async () => {
    h = await startHarness();
    h.companion.store.setSetting('hold_timeout_ms', '300');
    h.browser.stall(true);
    const res = await fetch(h.localUrl('linear'), {
      method: 'POST',
      headers: {
        authorization: `Bearer ${h.token()}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } },
      }),
    });
    expect(res.status).toBe(504);
    expect(res.headers.get('www-authenticate')).toBeNull();
    const body = (await res.json()) as { error: { message: string } };
    expect(body.error.message).toContain('mcp-companion login linear');
    expect(h.browser.opened).toHaveLength(1);
  });

  it('refuses a callback whose iss does not match the issuer (RFC 9207), then a fresh login succeeds', async () => {
    h = await startHarness();
    h.browser.stall(true);
    const server = h.companion.store.getServer('linear')!;
    const login = h.companion.oauth.login(server).then(
      () => undefined,
      (err: unknown) => err as Error,
    );
    await expect.poll(() => h!.browser.opened.length).toBe(1);
    const state = new URL(h.browser.opened[0]!).searchParams.get('state')!;
    const res = await fetch(
      `http://127.0.0.1:${h.companion.port}/oauth/callback?code=abc&state=${state}&iss=${encodeURIComponent('https://evil.example')}`,
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('refused');
    expect((await login)?.message).toMatch(/unexpected issuer/);
    expect(h.companion.store.getTokens('linear')).toBeUndefined();
    h.browser.stall(false);
    await h.companion.oauth.login(server);
    expect(h.companion.store.getTokens('linear')).toBeDefined();
  });

  it('steps up on 403 insufficient_scope: one more sign-in with the wider scope, then the call succeeds', async () => {
    h = await startHarness();
    const client = await h.connect('linear');
    expect(text(await client.callTool({ name: 'echo', arguments: { text: 'plain' } }))).toBe('plain');
    expect(h.browser.opened).toHaveLength(1);
    expect(new URL(h.browser.opened[0]!).searchParams.get('scope')).not.toContain('mcp:admin');
    expect(text(await client.callTool({ name: 'admin_echo', arguments: { text: 'needs admin' } }))).toBe('needs admin');
    expect(h.browser.opened).toHaveLength(2);
    const stepUpScope = new URL(h.browser.opened[1]!).searchParams.get('scope')!.split(' ');
    expect(stepUpScope).toEqual(expect.arrayContaining(['mcp:read', 'mcp:write', 'mcp:admin']));
    expect(h.companion.store.getTokens('linear')!.scope).toContain('mcp:admin');
    expect(text(await client.callTool({ name: 'admin_echo', arguments: { text: 'again' } }))).toBe('again');
    expect(h.browser.opened).toHaveLength(2);
    expect(h.cp.stats.registrations).toBe(1);
    expect(h.companion.store.listEvents({ type: 'login.step_up' })).toHaveLength(1);
  });

  it('a sign-in whose tab was closed does not trap the user: an explicit login opens a fresh one', async () => {
    h = await startHarness();
    h.companion.store.setSetting('hold_timeout_ms', '300');
    h.browser.stall(true); // the user closes the tab without signing in
    const client = await h.connect('linear').catch((err: unknown) => err as Error);
    expect(client).toBeInstanceOf(Error);
    expect(h.browser.opened).toHaveLength(1);
    h.browser.stall(false);
    await h.companion.oauth.login(h.companion.store.getServer('linear')!); // `mcp-companion login linear`
    expect(h.browser.opened).toHaveLength(2);
    expect(new URL(h.browser.opened[1]!).searchParams.get('state')).not.toBe(
      new URL(h.browser.opened[0]!).searchParams.get('state'),
    );
    expect((await (await h.connect('linear')).listTools()).tools.length).toBeGreaterThan(0);
    expect(h.cp.stats.registrations).toBe(1);
  });
});
