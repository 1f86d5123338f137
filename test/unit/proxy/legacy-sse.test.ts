import http from 'node:http';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FakeTokens,
  rawRequest,
  startProxy,
  startUpstream,
  target,
  type ProxyHarness,
  type Upstream,
} from '../../support/proxy-fixtures.js';

describe('proxy: legacy HTTP+SSE', () => {
  let upstream: Upstream;
  let harness: ProxyHarness;

  beforeAll(async () => {
    upstream = await startUpstream();
    harness = await startProxy(
      {
        old: target('old', `${upstream.origin}/legacy/sse`, { 'X-Api-Key': 'k2' }, 'sse'),
        evil: target('evil', `${upstream.origin}/raw/evil-sse`, {}, 'sse'),
      },
      new FakeTokens(),
    );
  });
  afterAll(async () => {
    await harness.close();
    await upstream.close();
  });

  it('works end to end with the SDK SSE client and server, POSTing to the rewritten local endpoint', async () => {
    const transport = new SSEClientTransport(new URL(`${harness.base}/servers/old/sse`), {
      requestInit: { headers: { Authorization: 'Bearer local-secret' } },
    });
    const client = new Client({ name: 'ide', version: '1.0.0' });
    await client.connect(transport);
    const tools = await client.listTools();
    expect(tools.tools.map((t) => t.name)).toContain('echo');
    const result = await client.callTool({ name: 'echo', arguments: { text: 'legacy' } });
    expect(result.content).toEqual([{ type: 'text', text: 'echo:legacy' }]);
    await client.close();

    const posts = harness.seen.filter((p) => p.startsWith('/servers/old/messages?u='));
    expect(posts.length).toBeGreaterThanOrEqual(3);
    const u = new URLSearchParams(posts[0]!.split('?')[1]).get('u');
    expect(u).toMatch(/^\/legacy\/messages\?sessionId=[0-9a-f-]{36}$/);
    const upstreamPosts = upstream.hits.filter((h) => h.url.startsWith('/legacy/messages'));
    expect(upstreamPosts.length).toBe(posts.length);
    for (const h of upstreamPosts) {
      expect(h.headers.authorization).toBe('Bearer good');
      expect(h.headers['x-api-key']).toBe('k2');
    }
  });

  it('rewrites the endpoint event to the local URL and streams the rest', async () => {
    const first = await new Promise<string>((resolve, reject) => {
      const req = http.get(
        `${harness.base}/servers/old/sse`,
        { headers: { accept: 'text/event-stream' }, agent: false },
        (res) => {
          expect(res.statusCode).toBe(200);
          expect(res.headers['content-type']).toContain('text/event-stream');
          res.setEncoding('utf8');
          let buf = '';
          res.on('data', (c: string) => {
            buf += c;
            if (buf.includes('\n\n')) {
              req.destroy();
              resolve(buf);
            }
          });
        },
      );
      req.on('error', reject);
    });
    const m = /^event: endpoint\ndata: (.+)\n\n/.exec(first);
    expect(m).not.toBeNull();
    const local = new URL(m![1]!);
    expect(local.origin).toBe(harness.base);
    expect(local.pathname).toBe('/servers/old/messages');
    expect(local.searchParams.get('u')).toMatch(/^\/legacy\/messages\?sessionId=/);
  });

  it('drops a stream whose endpoint points at another origin with 502', async () => {
    const r = await rawRequest(`${harness.base}/servers/evil/sse`, { headers: { accept: 'text/event-stream' } });
    expect(r.status).toBe(502);
    const body = JSON.parse(r.body);
    expect(body.error.code).toBe(-32002);
    expect(body.error.message).toContain('evil');
    expect(r.body).not.toContain('sessionId');
  });

  it('refuses a messages POST whose u is not a same-origin path (400, no upstream call)', async () => {
    const before = upstream.hits.length;
    for (const u of ['//evil.example/x', 'http://evil.example/x', '/\\evil.example/x', 'relative/x']) {
      const r = await rawRequest(`${harness.base}/servers/old/messages?u=${encodeURIComponent(u)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"jsonrpc":"2.0","method":"notifications/initialized"}',
      });
      expect(r.status, u).toBe(400);
    }
    const none = await rawRequest(`${harness.base}/servers/old/messages`, { method: 'POST', body: '{}' });
    expect(none.status).toBe(400);
    expect(upstream.hits.length).toBe(before);
  });
});
