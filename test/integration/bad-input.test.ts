// Hostile or broken input at the gateway: each gets a clear answer and the gateway keeps serving.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { startHarness, type Harness } from '../support/companion-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ companion: { headersTimeoutMs: 600 } });
  await (await h.connect('linear')).listTools(); // signed in
});
afterAll(async () => {
  await h.close();
});

const post = (body: string | Buffer) =>
  fetch(h.localUrl('linear'), {
    method: 'POST',
    headers: {
      authorization: `Bearer ${h.token()}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    },
    body,
  });

describe('bad input', () => {
  it('slowloris: a client that trickles its headers is cut off', async () => {
    const sock = net.connect(h.companion.port, '127.0.0.1');
    sock.on('error', () => undefined); // the server hanging up mid-write is the point
    await new Promise((r) => sock.once('connect', r));
    sock.write('POST /servers/linear/mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    const started = Date.now();
    const timer = setInterval(() => sock.writable && sock.write('X-Slow: 1\r\n'), 200);
    const closedAfter = await new Promise<number>((resolve) => sock.once('close', () => resolve(Date.now() - started)));
    clearInterval(timer);
    expect(closedAfter).toBeLessThan(5000);
    expect((await post('{}')).status).not.toBe(0); // still serving
  });

  it('malformed JSON and invalid UTF-8 reach the server as sent and get its JSON-RPC error back', async () => {
    const bad = await post('{"jsonrpc": "2.0", "id": 1, "method": ');
    expect(bad.status).toBe(400);
    const body = await bad.text();
    // The control plane's own parse error, passed through unchanged (the gateway does not parse bodies).
    expect(body).toMatch(/Unexpected end of JSON input|Parse error/);
    const invalidUtf8 = await post(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]));
    expect(invalidUtf8.status).toBeGreaterThanOrEqual(400);
    expect(invalidUtf8.status).toBeLessThan(500);
  });

  it('a 1 MiB SSE line streams through intact', async () => {
    const client = await h.connect('linear');
    const r = (await client.callTool({ name: 'blob', arguments: { bytes: 1024 * 1024 } })) as CallToolResult;
    expect((r.content[0] as { text: string }).text).toHaveLength(1024 * 1024);
  });
});
