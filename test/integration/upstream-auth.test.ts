// Auth is learned from the upstream, not assumed: public and API-key servers proxy with no OAuth
// traffic at all, a configured Authorization (a PAT) is never replaced by an OAuth token, and only
// a 401 with a Bearer challenge starts OAuth.
import { afterEach, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { startHarness, type Harness } from '../support/companion-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const STATIC = {
  plain: 'none' as const,
  keyed: { header: 'x-api-key', value: 'key-one' },
  pat: { header: 'authorization', value: 'Bearer pat-123' },
};

async function start(): Promise<Harness> {
  return startHarness({ cp: { staticAuth: STATIC }, servers: [] });
}

function noOAuthTraffic(hh: Harness): void {
  expect(hh.cp.stats.discoveryRequests).toBe(0);
  expect(hh.cp.stats.registrations).toBe(0);
  expect(hh.cp.stats.authorizeRequests).toBe(0);
  expect(hh.cp.stats.tokenRequests).toBe(0);
  expect(hh.browser.opened).toHaveLength(0);
}

async function echo(hh: Harness, server: string): Promise<string> {
  const client = await hh.connect(server);
  const r = (await client.callTool({ name: 'echo', arguments: { text: 'hi' } })) as CallToolResult;
  return (r.content[0] as { text: string }).text;
}

/** A raw initialize through the gateway: status and JSON-RPC error, for the refusal cases. */
async function rawInitialize(
  hh: Harness,
  server: string,
): Promise<{ status: number; body: { error?: { message: string; data?: { server?: string } } } }> {
  const res = await fetch(hh.localUrl(server), {
    method: 'POST',
    headers: {
      authorization: `Bearer ${hh.token()}`,
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
  return { status: res.status, body: (await res.json()) as never };
}

function authKinds(hh: Harness): Promise<Record<string, string | undefined>> {
  return hh.companion.api['servers.list']({}).then((list) => Object.fromEntries(list.map((s) => [s.name, s.authKind])));
}

describe('auth learned from the upstream', () => {
  it('proxies a public server with zero OAuth traffic and learns it needs none', async () => {
    h = await start();
    h.companion.store.addServer({ name: 'plain', url: h.cp.mcpUrl('plain') });
    expect(await echo(h, 'plain')).toContain('hi');
    noOAuthTraffic(h);
    expect((await authKinds(h)).plain).toBe('none');
  });

  it('sends an API key server its stored header, with no OAuth, and names the server when the key is refused', async () => {
    h = await start();
    h.companion.store.addServer({ name: 'keyed', url: h.cp.mcpUrl('keyed'), headers: { 'X-Api-Key': 'key-one' } });
    h.companion.store.addServer({ name: 'badkey', url: h.cp.mcpUrl('keyed'), headers: { 'X-Api-Key': 'wrong' } });
    expect(await echo(h, 'keyed')).toContain('hi');
    const refused = await rawInitialize(h, 'badkey');
    expect(refused.status).toBe(401);
    expect(refused.body.error?.message).toMatch(/badkey/);
    expect(refused.body.error?.message).toMatch(/X-Api-Key/i);
    expect(refused.body.error?.message).not.toContain('wrong');
    expect(refused.body.error?.data?.server).toBe('badkey');
    noOAuthTraffic(h);
    const kinds = await authKinds(h);
    expect(kinds.keyed).toBe('headers');
    const list = await h.companion.api['servers.list']({});
    expect(list.find((s) => s.name === 'badkey')?.authProblem).toMatch(/refused/);
    // doctor says the same, and no "V1 gateway" talk for servers that never asked for OAuth.
    const doctor = await h.companion.api['doctor.run']({});
    const about = (server: string) => doctor.filter((f) => f.problem.includes(server));
    expect(about('badkey')).toContainEqual(
      expect.objectContaining({ severity: 'error', problem: refused.body.error?.message }),
    );
    expect(about('keyed')).toContainEqual(
      expect.objectContaining({ severity: 'info', problem: expect.stringMatching(/headers you configured/) }),
    );
    expect(JSON.stringify(doctor)).not.toMatch(/V1/);
    noOAuthTraffic(h);
  });

  it('never replaces a configured Authorization (PAT) with OAuth, even when the upstream answers a Bearer challenge', async () => {
    h = await start();
    h.companion.store.addServer({ name: 'pat', url: h.cp.mcpUrl('pat'), headers: { Authorization: 'Bearer pat-123' } });
    h.companion.store.addServer({
      name: 'oldpat',
      url: h.cp.mcpUrl('pat'),
      headers: { Authorization: 'Bearer pat-expired' },
    });
    expect(await echo(h, 'pat')).toContain('hi');
    const refused = await rawInitialize(h, 'oldpat');
    expect(refused.status).toBe(401);
    expect(refused.body.error?.message).toMatch(/oldpat/);
    expect(refused.body.error?.message).toMatch(/Authorization/);
    expect(JSON.stringify(refused.body)).not.toContain('pat-expired');
    noOAuthTraffic(h);
    expect((await authKinds(h)).pat).toBe('headers');
  });

  it('starts OAuth only after a Bearer challenge, and keeps an API key header next to the OAuth token', async () => {
    h = await start();
    h.companion.store.addServer({ name: 'linear', url: h.cp.mcpUrl('linear'), headers: { 'X-Team': 'core' } });
    const client = await h.connect('linear');
    expect((await client.listTools()).tools.length).toBeGreaterThan(0);
    expect(h.browser.opened).toHaveLength(1);
    expect((await authKinds(h)).linear).toBe('oauth');
  });

  it('still proxies a public server after the gateway restarts (the learned kind is stored)', async () => {
    h = await start();
    h.companion.store.addServer({ name: 'plain', url: h.cp.mcpUrl('plain') });
    const ide = new Client({ name: 'ide', version: '1' });
    await ide.connect(
      new StreamableHTTPClientTransport(new URL(h.localUrl('plain')), {
        requestInit: { headers: { Authorization: `Bearer ${h.token()}` } },
      }),
    );
    await ide.listTools();
    await ide.close();
    expect(h.companion.store.getServer('plain')?.auth).toBe('none');
    noOAuthTraffic(h);
  });
});
