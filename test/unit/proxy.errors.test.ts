import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deadOrigin,
  FakeTokens,
  initializeBody,
  MCP_ACCEPT,
  rawRequest,
  startProxy,
  startUpstream,
  target,
  type ProxyHarness,
  type Upstream,
} from '../support/proxy-fixtures.js';

describe('proxy: limits, failures and disconnects', () => {
  let upstream: Upstream;
  let harness: ProxyHarness;
  let dead: string;

  beforeAll(async () => {
    upstream = await startUpstream();
    dead = await deadOrigin();
    harness = await startProxy(
      {
        acme: target('acme', `${upstream.origin}/mcp`),
        echo: target('echo', `${upstream.origin}/raw/echo-body`),
        stream: target('stream', `${upstream.origin}/raw/stream`),
        down: target('down', `${dead}/mcp`),
      },
      new FakeTokens(),
      1024,
    );
  });
  afterAll(async () => {
    await harness.close();
    await upstream.close();
  });

  it('answers 413 for a body over the limit by Content-Length, without calling upstream', async () => {
    const before = upstream.hits.length;
    const r = await rawRequest(`${harness.base}/servers/acme/mcp`, {
      method: 'POST',
      headers: { accept: MCP_ACCEPT, 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { pad: 'x'.repeat(2000) } }),
    });
    expect(r.status).toBe(413);
    expect(JSON.parse(r.body)).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32600 } });
    expect(upstream.hits.length).toBe(before);
  });

  it('answers 413 for a chunked body that grows past the limit', async () => {
    const before = upstream.hits.length;
    const status = await new Promise<number>((resolve, reject) => {
      const req = http.request(`${harness.base}/servers/acme/mcp`, { method: 'POST', headers: { 'content-type': 'application/json' }, agent: false }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      for (let i = 0; i < 4; i++) req.write('x'.repeat(400));
      req.end();
    });
    expect(status).toBe(413);
    expect(upstream.hits.length).toBe(before);
  });

  it('forwards a body under the limit byte for byte', async () => {
    const body = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 256));
    const r = await new Promise<Buffer>((resolve, reject) => {
      const req = http.request(`${harness.base}/servers/echo/mcp`, { method: 'POST', agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(Buffer.concat(chunks)));
      });
      req.on('error', reject);
      req.end(body);
    });
    expect(r.equals(body)).toBe(true);
  });

  it('answers 502 with a JSON-RPC error naming the server when upstream is down', async () => {
    const r = await rawRequest(`${harness.base}/servers/down/mcp`, {
      method: 'POST',
      headers: { accept: MCP_ACCEPT, 'content-type': 'application/json' },
      body: initializeBody(),
    });
    expect(r.status).toBe(502);
    const body = JSON.parse(r.body);
    expect(body).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32002 } });
    expect(body.error.message).toContain("'down'");
    expect(r.body).not.toContain('good'); // the upstream token
  });

  it('aborts the upstream request when the client disconnects mid-stream', async () => {
    const upstreamClosed = upstream.closedBeforeEnd('/raw/stream');
    const firstEvent = await new Promise<string>((resolve, reject) => {
      const req = http.get(`${harness.base}/servers/stream/mcp`, { headers: { accept: 'text/event-stream' }, agent: false }, (res) => {
        res.setEncoding('utf8');
        res.once('data', (c: string) => {
          req.destroy();
          resolve(c);
        });
      });
      req.on('error', reject);
    });
    expect(firstEvent).toContain('data: tick 1');
    // Fails fast if the proxy kept the upstream stream open.
    const timeout = new Promise<'open'>((r) => setTimeout(() => r('open'), 5000).unref());
    expect(await Promise.race([upstreamClosed.then(() => 'closed' as const), timeout])).toBe('closed');
    await expect.poll(() => harness.events.find((e) => e.server === 'stream')?.status).toBe(200);
  });
});
