// Transports through the whole gateway (guards, OAuth, proxy) against the reference control
// plane: streamed notifications arrive as they are sent, and legacy HTTP+SSE upstreams work.
import { afterEach, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { LoggingMessageNotificationSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { startHarness, type Harness } from '../support/companion-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('transports through the gateway', () => {
  it('streams notifications one by one, before the tool call ends', async () => {
    h = await startHarness();
    const client = await h.connect('linear');
    const arrivals: number[] = [];
    client.setNotificationHandler(LoggingMessageNotificationSchema, () => {
      arrivals.push(Date.now());
    });
    const started = Date.now();
    const result = (await client.callTool({ name: 'ticks', arguments: { count: 5, delayMs: 120 } })) as CallToolResult;
    const ended = Date.now();
    expect((result.content[0] as { text: string }).text).toBe('done');
    expect(arrivals.length).toBeGreaterThanOrEqual(5);
    // The first event arrives long before the end: nothing is held until the stream closes.
    expect(arrivals[0]! - started).toBeLessThan(ended - started - 300);
    const gaps = arrivals.slice(1).map((t, i) => t - arrivals[i]!);
    expect(Math.max(...gaps)).toBeGreaterThan(60);
  });

  it('proxies a legacy HTTP+SSE upstream with OAuth, rewriting the endpoint to the local URL', async () => {
    h = await startHarness({ servers: [] });
    h.companion.store.addServer({ name: 'legacy', url: h.cp.sseUrl('github'), transport: 'sse' });
    const client = new Client({ name: 'old-ide', version: '1' });
    const local = new URL(`http://127.0.0.1:${h.companion.port}/servers/legacy/sse`);
    const auth = { Authorization: `Bearer ${h.token()}` };
    await client.connect(
      new SSEClientTransport(local, {
        requestInit: { headers: auth },
        eventSourceInit: {
          fetch: (url, init) =>
            fetch(url, { ...init, headers: { ...(init?.headers as Record<string, string>), ...auth } }),
        },
      }),
    );
    try {
      const tools = await client.listTools();
      expect(tools.tools.map((t) => t.name)).toContain('echo');
      const r = (await client.callTool({ name: 'add', arguments: { a: 2, b: 3 } })) as CallToolResult;
      expect((r.content[0] as { text: string }).text).toBe('5');
      expect(h.browser.opened).toHaveLength(1);
    } finally {
      await client.close();
    }
  });

  it('passes session ids through and a 404 for an unknown session', async () => {
    h = await startHarness();
    const client = await h.connect('linear');
    await client.listTools();
    const res = await fetch(h.localUrl('linear'), {
      method: 'POST',
      headers: {
        authorization: `Bearer ${h.token()}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        'mcp-session-id': 'no-such-session',
        'mcp-protocol-version': '2025-06-18',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'tools/list' }),
    });
    expect(res.status).toBe(404);
  });
});
