import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  FakeTokens,
  initializeBody,
  MCP_ACCEPT,
  rawRequest,
  startProxy,
  startUpstream,
  target,
  type ProxyHarness,
  type Upstream,
} from '../../support/proxy-fixtures.js';

const LOCAL = 'Bearer local-client-secret';

describe('proxy: Streamable HTTP through a real MCP SDK upstream', () => {
  let upstream: Upstream;
  let harness: ProxyHarness;
  let tokens: FakeTokens;
  const clients: Client[] = [];

  beforeAll(async () => {
    upstream = await startUpstream();
    tokens = new FakeTokens();
    harness = await startProxy(
      { acme: target('acme', `${upstream.origin}/mcp`, { 'X-Api-Key': 'stored-key-1' }) },
      tokens,
    );
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.close();
  });
  afterAll(async () => {
    await harness.close();
    await upstream.close();
  });

  async function connect(): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
    const transport = new StreamableHTTPClientTransport(new URL(`${harness.base}/servers/acme/mcp`), {
      requestInit: { headers: { Authorization: LOCAL } },
    });
    const client = new Client({ name: 'ide', version: '1.0.0' });
    await client.connect(transport);
    clients.push(client);
    return { client, transport };
  }

  it('lists and calls tools end to end', async () => {
    const { client } = await connect();
    const tools = await client.listTools();
    expect(tools.tools.map((t) => t.name).sort()).toEqual(['echo', 'ticks']);
    const result = await client.callTool({ name: 'echo', arguments: { text: 'hi there' } });
    expect(result.content).toEqual([{ type: 'text', text: 'echo:hi there' }]);
    const call = harness.events.find((e) => e.rpcMethod === 'tools/call');
    expect(call).toMatchObject({ server: 'acme', method: 'POST', kind: 'mcp', status: 200 });
  });

  it('never forwards the local Authorization header, but sends the stored headers and the upstream bearer', async () => {
    const before = upstream.hits.length;
    const { client } = await connect();
    await client.listTools();
    const hits = upstream.hits.slice(before);
    expect(hits.length).toBeGreaterThan(0);
    for (const h of hits) {
      expect(h.headers.authorization).toBe('Bearer good');
      expect(h.headers['x-api-key']).toBe('stored-key-1');
      expect(JSON.stringify(h.headers)).not.toContain('local-client-secret');
    }
    expect(hits.some((h) => h.headers['mcp-protocol-version'] !== undefined)).toBe(true);
  });

  it('streams SSE notifications one by one, not batched at the end', async () => {
    const { client } = await connect();
    const t0 = Date.now();
    const arrivals: number[] = [];
    const result = await client.callTool({ name: 'ticks', arguments: { count: 5, delayMs: 150 } }, undefined, {
      onprogress: () => arrivals.push(Date.now() - t0),
    });
    const end = Date.now() - t0;
    expect(result.content).toEqual([{ type: 'text', text: 'done:5' }]);
    expect(arrivals).toHaveLength(5);
    // Buffered delivery would put all five within a few ms of the end (~750 ms).
    expect(arrivals[0]!).toBeLessThan(end - 400);
    expect(arrivals[4]! - arrivals[0]!).toBeGreaterThan(400);
    for (let i = 1; i < arrivals.length; i++) expect(arrivals[i]! - arrivals[i - 1]!).toBeGreaterThan(60);
  });

  it('counts a running call as in flight until it ends, but not the open GET event stream', async () => {
    const { client } = await connect();
    await client.listTools();
    // The SDK client keeps a standalone GET stream open; it must not make the proxy look busy.
    await new Promise((r) => setTimeout(r, 50));
    expect(upstream.hits.some((h) => h.method === 'GET')).toBe(true);
    expect(harness.proxy.inFlight()).toBe(0);
    let during = -1;
    await client.callTool({ name: 'ticks', arguments: { count: 2, delayMs: 100 } }, undefined, {
      onprogress: () => {
        during = Math.max(during, harness.proxy.inFlight());
      },
    });
    expect(during).toBe(1);
    await new Promise((r) => setTimeout(r, 20));
    expect(harness.proxy.inFlight()).toBe(0);
  });

  it('passes the session id through and gives 404 after DELETE and for an unknown session', async () => {
    const { client, transport } = await connect();
    await client.listTools();
    const sid = transport.sessionId;
    expect(sid).toMatch(/^[0-9a-f-]{36}$/);
    expect(upstream.hits.some((h) => h.headers['mcp-session-id'] === sid)).toBe(true);

    await transport.terminateSession();
    expect(upstream.hits.some((h) => h.method === 'DELETE' && h.headers['mcp-session-id'] === sid)).toBe(true);

    const list = JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'tools/list', params: {} });
    for (const id of [sid!, 'no-such-session']) {
      const r = await rawRequest(`${harness.base}/servers/acme/mcp`, {
        method: 'POST',
        headers: {
          accept: MCP_ACCEPT,
          'content-type': 'application/json',
          'mcp-session-id': id,
          'mcp-protocol-version': '2025-06-18',
        },
        body: list,
      });
      expect(r.status).toBe(404);
      expect(JSON.parse(r.body).error.message).toBe('Session not found');
    }
  });

  it('returns the mcp-session-id response header unchanged on initialize', async () => {
    const r = await rawRequest(`${harness.base}/servers/acme/mcp`, {
      method: 'POST',
      headers: { accept: MCP_ACCEPT, 'content-type': 'application/json', authorization: LOCAL },
      body: initializeBody(),
    });
    expect(r.status).toBe(200);
    const sid = r.headers['mcp-session-id'];
    expect(typeof sid).toBe('string');
    expect(upstream.hits.at(-1)?.status).toBe(200);
    expect(r.headers['content-type']).toContain('text/event-stream');
    expect(r.body).toContain('"protocolVersion"');
  });

  it('passes SDK statuses through untouched (406 bad Accept, 415 bad Content-Type, 202 notification)', async () => {
    const url = `${harness.base}/servers/acme/mcp`;
    const init = await rawRequest(url, {
      method: 'POST',
      headers: { accept: MCP_ACCEPT, 'content-type': 'application/json' },
      body: initializeBody(),
    });
    const sid = init.headers['mcp-session-id'] as string;
    const common = { 'mcp-session-id': sid, 'mcp-protocol-version': '2025-06-18' };
    const note = JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' });
    const r406 = await rawRequest(url, {
      method: 'POST',
      headers: { ...common, accept: 'application/json', 'content-type': 'application/json' },
      body: note,
    });
    expect(r406.status).toBe(406);
    const r415 = await rawRequest(url, {
      method: 'POST',
      headers: { ...common, accept: MCP_ACCEPT, 'content-type': 'text/plain' },
      body: note,
    });
    expect(r415.status).toBe(415);
    const r202 = await rawRequest(url, {
      method: 'POST',
      headers: { ...common, accept: MCP_ACCEPT, 'content-type': 'application/json' },
      body: note,
    });
    expect(r202.status).toBe(202);
    expect(r202.body).toBe('');
  });
});
