import http from 'node:http';
import net from 'node:net';
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
} from '../../support/proxy-fixtures.js';

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
      const req = http.request(
        `${harness.base}/servers/acme/mcp`,
        { method: 'POST', headers: { 'content-type': 'application/json' }, agent: false },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      for (let i = 0; i < 4; i++) req.write('x'.repeat(400));
      req.end();
    });
    expect(status).toBe(413);
    expect(upstream.hits.length).toBe(before);
  });

  /** Plain `http.request`, writing 64 KiB at a time with a timer in between: the shape that used to meet EPIPE. */
  function uploadStatus(total: number): Promise<string> {
    return new Promise((resolve) => {
      let written = 0;
      const req = http.request(
        `${harness.base}/servers/acme/mcp`,
        { method: 'POST', headers: { 'content-length': String(total) }, agent: false },
        (res) => {
          res.resume();
          resolve(String(res.statusCode));
        },
      );
      req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
      const chunk = Buffer.alloc(64 * 1024, 120);
      const pump = (): void => {
        if (req.destroyed) return;
        if (written >= total) return void req.end();
        written += chunk.length;
        req.write(chunk);
        setTimeout(pump, 0);
      };
      pump();
    });
  }

  it('a plain Node http client still writing an oversized declared body receives 413, not EPIPE/ECONNRESET', async () => {
    const before = upstream.hits.length;
    const statuses: string[] = [];
    for (let i = 0; i < 30; i++) statuses.push(await uploadStatus(2 * 1024 * 1024));
    expect(statuses).toEqual(statuses.map(() => '413'));
    expect(upstream.hits.length).toBe(before);
  });

  /** Raw socket: headers and a first part, a pause (the 413 is sent meanwhile), the rest, a half-close. */
  function pausedUpload(head: string, parts: Buffer[]): Promise<{ response: string; error?: string }> {
    const url = new URL(harness.base);
    return new Promise((resolve) => {
      // allowHalfOpen: a client that keeps sending its body after the server's FIN, as HTTP allows.
      const sock = net.connect({ port: Number(url.port), host: url.hostname, allowHalfOpen: true });
      const got: Buffer[] = [];
      let error: string | undefined;
      sock.on('data', (c: Buffer) => got.push(c));
      sock.on('error', (e: NodeJS.ErrnoException) => {
        error = e.code ?? e.message;
      });
      sock.on('close', () => resolve({ response: Buffer.concat(got).toString('latin1'), error }));
      sock.write(head + parts[0]!.toString('latin1'));
      setTimeout(() => {
        for (const p of parts.slice(1)) sock.write(p);
        sock.end();
      }, 50);
    });
  }

  it('drains the rest of an oversized body before closing, so the connection ends cleanly', async () => {
    const part = Buffer.alloc(64 * 1024, 120);
    const declared = `POST /servers/acme/mcp HTTP/1.1\r\nhost: x\r\ncontent-length: ${4 * part.length}\r\n\r\n`;
    const chunked = (b: Buffer): Buffer =>
      Buffer.concat([Buffer.from(`${b.length.toString(16)}\r\n`), b, Buffer.from('\r\n')]);
    const te = 'POST /servers/acme/mcp HTTP/1.1\r\nhost: x\r\ntransfer-encoding: chunked\r\n\r\n';
    for (const [head, parts] of [
      [declared, [part, part, part, part]],
      [te, [chunked(part), chunked(part), chunked(part), chunked(part), Buffer.from('0\r\n\r\n')]],
    ] as const) {
      const r = await pausedUpload(head, [...parts]);
      expect(r.response).toMatch(/^HTTP\/1\.1 413 /);
      expect(r.response).toMatch(/exceeds the limit of 1024 bytes/);
      expect(r.error, head.split('\r\n')[2]).toBeUndefined();
    }
  });

  it('drains an oversized body only up to a bound, then closes the connection', async () => {
    const total = 64 * 1024 * 1024;
    const r = await new Promise<{ status: number; written: number }>((resolve) => {
      let status = 0;
      let written = 0;
      const req = http.request(
        `${harness.base}/servers/acme/mcp`,
        { method: 'POST', headers: { 'content-length': String(total) }, agent: false },
        (res) => {
          status = res.statusCode ?? 0;
          res.resume();
        },
      );
      req.on('error', () => {});
      req.on('close', () => resolve({ status, written }));
      // Keeps writing whatever the response says, like a client that does not read it.
      const chunk = Buffer.alloc(256 * 1024, 120);
      const pump = (): void => {
        while (written < total && !req.destroyed) {
          written += chunk.length;
          if (!req.socket?.destroyed && !req.write(chunk)) return void req.once('drain', pump);
        }
        if (!req.destroyed) req.end();
      };
      req.once('socket', () => pump());
    });
    expect(r.status).toBe(413);
    expect(r.written).toBeLessThan(total);
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
      const req = http.get(
        `${harness.base}/servers/stream/mcp`,
        { headers: { accept: 'text/event-stream' }, agent: false },
        (res) => {
          res.setEncoding('utf8');
          res.once('data', (c: string) => {
            req.destroy();
            resolve(c);
          });
        },
      );
      req.on('error', reject);
    });
    expect(firstEvent).toContain('data: tick 1');
    // Fails fast if the proxy kept the upstream stream open.
    const timeout = new Promise<'open'>((r) => setTimeout(() => r('open'), 5000).unref());
    expect(await Promise.race([upstreamClosed.then(() => 'closed' as const), timeout])).toBe('closed');
    await expect.poll(() => harness.events.find((e) => e.server === 'stream')?.status).toBe(200);
  });
});
