// Real servers on 127.0.0.1 for the proxy tests: an MCP SDK upstream that checks a bearer token,
// a tiny router that mounts the proxy, and a TokenSource fake whose tokens the test controls.
import { randomUUID } from 'node:crypto';
import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';
import { CompanionError } from '../../local-gateway/core/errors.js';
import { createProxy } from '../../local-gateway/proxy/index.js';
import { createOutbound } from '../../local-gateway/net/outbound.js';
import { hasOwnAuthorization } from '../../local-gateway/core/own-authorization.js';
import type { Proxy, ProxyEvent, ProxyKind, TokenSource, UpstreamTarget } from '../../local-gateway/proxy/index.js';

export interface UpstreamHit {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  status?: number;
}

export interface Upstream {
  origin: string;
  /** The bearer the upstream accepts; anything else gets 401 + WWW-Authenticate. */
  acceptToken: string;
  hits: UpstreamHit[];
  /** Resolves when the upstream sees the client side of a request on `path` go away. */
  closedBeforeEnd(path: string): Promise<void>;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function buildMcpServer(): McpServer {
  const server = new McpServer({ name: 'upstream', version: '1.0.0' });
  server.registerTool('echo', { description: 'echo', inputSchema: { text: z.string() } }, async ({ text }) => ({
    content: [{ type: 'text', text: `echo:${text}` }],
  }));
  server.registerTool(
    'ticks',
    { description: 'progress ticks', inputSchema: { count: z.number(), delayMs: z.number() } },
    async ({ count, delayMs }, extra) => {
      const progressToken = extra._meta?.progressToken;
      for (let i = 1; i <= count; i++) {
        await sleep(delayMs);
        if (progressToken !== undefined) {
          await extra.sendNotification({
            method: 'notifications/progress',
            params: { progressToken, progress: i, total: count },
          });
        }
      }
      return { content: [{ type: 'text', text: `done:${count}` }] };
    },
  );
  return server;
}

export async function startUpstream(): Promise<Upstream> {
  const hits: UpstreamHit[] = [];
  const sessions = new Map<string, StreamableHTTPServerTransport>();
  const legacy = new Map<string, SSEServerTransport>();
  const closeWaiters: { path: string; resolve: () => void }[] = [];
  const state = { acceptToken: 'good' };

  const handler = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const hit: UpstreamHit = { method: req.method ?? '', url: req.url ?? '', headers: req.headers };
    hits.push(hit);
    const path = (req.url ?? '').split('?')[0] ?? '';
    res.on('close', () => {
      if (res.writableFinished) return;
      for (const w of closeWaiters.filter((x) => x.path === path)) w.resolve();
    });
    const origWriteHead = res.writeHead.bind(res) as (...a: unknown[]) => ServerResponse;
    res.writeHead = ((...a: unknown[]) => {
      hit.status = a[0] as number;
      return origWriteHead(...a);
    }) as typeof res.writeHead;

    if (req.headers.authorization !== `Bearer ${state.acceptToken}`) {
      res.writeHead(401, {
        'www-authenticate': `Bearer resource_metadata="${origin}/.well-known/oauth-protected-resource"`,
        'content-type': 'application/json',
      });
      res.end('{"error":"invalid_token"}');
      return;
    }
    if (path === '/mcp') return streamable(req, res);
    if (path === '/legacy/sse') {
      const t = new SSEServerTransport('/legacy/messages', res);
      legacy.set(t.sessionId, t);
      t.onclose = () => legacy.delete(t.sessionId);
      await buildMcpServer().connect(t);
      return;
    }
    if (path === '/legacy/messages') {
      const sid = new URL(req.url ?? '', origin).searchParams.get('sessionId') ?? '';
      const t = legacy.get(sid);
      if (!t) {
        res.writeHead(404).end('no session');
        return;
      }
      await t.handlePostMessage(req, res);
      return;
    }
    if (path === '/raw/stream') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.flushHeaders();
      let n = 0;
      const timer = setInterval(() => res.write(`id: ${++n}\ndata: tick ${n}\n\n`), 30);
      res.on('close', () => clearInterval(timer));
      return;
    }
    if (path === '/raw/quiet-stream') {
      // Headers now, the only event after 300 ms: a slow tool answering as SSE.
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.flushHeaders();
      const timer = setTimeout(() => res.end('id: 1\ndata: done\n\n'), 300);
      res.on('close', () => clearTimeout(timer));
      return;
    }
    if (path === '/raw/evil-sse') {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('event: endpoint\ndata: http://evil.example/messages?sessionId=1\n\n');
      return;
    }
    if (path === '/raw/challenge') {
      res.writeHead(403, {
        'www-authenticate': 'Bearer error="insufficient_scope", scope="a b"',
        'content-type': 'application/json',
        connection: 'x-hop',
        'x-hop': 'must-not-pass',
        'x-upstream': 'kept',
      });
      res.end('{"jsonrpc":"2.0","id":null,"error":{"code":-32000,"message":"forbidden"}}');
      return;
    }
    if (path === '/raw/echo-body') {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(Buffer.concat(chunks));
      return;
    }
    res.writeHead(404).end();
  };

  const streamable = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const sid = req.headers['mcp-session-id'];
    if (typeof sid === 'string') {
      const t = sessions.get(sid);
      if (!t) {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end('{"jsonrpc":"2.0","id":null,"error":{"code":-32001,"message":"Session not found"}}');
        return;
      }
      await t.handleRequest(req, res);
      return;
    }
    if (req.method !== 'POST') {
      res.writeHead(400).end();
      return;
    }
    const t: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => void sessions.set(id, t),
    });
    t.onclose = () => {
      if (t.sessionId) sessions.delete(t.sessionId);
    };
    await buildMcpServer().connect(t);
    await t.handleRequest(req, res);
  };

  const server = http.createServer((req, res) => {
    handler(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  const origin = await listen(server);
  return {
    origin,
    get acceptToken() {
      return state.acceptToken;
    },
    set acceptToken(v: string) {
      state.acceptToken = v;
    },
    hits,
    closedBeforeEnd: (path) => new Promise<void>((resolve) => closeWaiters.push({ path, resolve })),
    async close() {
      for (const t of sessions.values()) await t.close().catch(() => {});
      for (const t of legacy.values()) await t.close().catch(() => {});
      await stop(server);
    },
  };
}

/** A TokenSource whose answers the test sets. */
export class FakeTokens implements TokenSource {
  current = 'good';
  /** What `renew` hands out next. */
  next = 'good';
  failWith: CompanionError | undefined;
  /** When set, `token()` waits until its signal aborts. */
  hang = false;
  tokenCalls = 0;
  renewCalls: { rejected: string; challenge: string | undefined }[] = [];
  lastSignal: AbortSignal | undefined;
  /** Offer the synchronous fast path (as the real broker does for a fresh token). */
  fast = true;

  peek(): string | undefined {
    return this.fast && !this.failWith && !this.hang ? this.current : undefined;
  }

  async token(_server: UpstreamTarget, signal: AbortSignal): Promise<string> {
    this.tokenCalls++;
    this.lastSignal = signal;
    if (this.failWith) throw this.failWith;
    if (this.hang) {
      await new Promise((_, reject) =>
        signal.addEventListener('abort', () => reject(new CompanionError('login_timeout', 'aborted'))),
      );
    }
    return this.current;
  }

  async renew(_server: UpstreamTarget, rejected: string, challenge: string | undefined): Promise<string> {
    this.renewCalls.push({ rejected, challenge });
    this.current = this.next;
    return this.next;
  }
}

export interface ProxyHarness {
  base: string;
  proxy: Proxy;
  events: ProxyEvent[];
  /** Paths the proxy's listener received (to see which endpoint a client really used). */
  seen: string[];
  close(): Promise<void>;
}

const ROUTE = /^\/servers\/([^/]+)\/(mcp|sse|messages)$/;

/** The proxy behind a plain http server that routes /servers/<name>/<kind> like the gateway does. */
export async function startProxy(
  targets: Record<string, UpstreamTarget>,
  tokens: TokenSource,
  maxBodyBytes?: number,
): Promise<ProxyHarness> {
  const events: ProxyEvent[] = [];
  const seen: string[] = [];
  let base = '';
  const connections = createOutbound({ env: {} });
  const proxy = createProxy({
    tokens,
    connections,
    maxBodyBytes,
    localBase: () => base,
    onEvent: (e) => events.push(e),
  });
  const server = http.createServer((req, res) => {
    seen.push(req.url ?? '');
    const m = ROUTE.exec((req.url ?? '').split('?')[0] ?? '');
    const target = m ? targets[decodeURIComponent(m[1]!)] : undefined;
    if (!m || !target) {
      res.writeHead(404).end();
      return;
    }
    proxy.handle(req, res, target, m[2] as ProxyKind);
  });
  base = await listen(server);
  return {
    base,
    proxy,
    events,
    seen,
    async close() {
      proxy.close();
      connections.close();
      await stop(server);
    },
  };
}

export function target(
  name: string,
  url: string,
  headers: Record<string, string> = {},
  transport: UpstreamTarget['transport'] = 'streamable-http',
): UpstreamTarget {
  return { name, url, transport, headers, auth: 'oauth', ownAuthorization: hasOwnAuthorization(headers) };
}

/** A port nothing listens on. */
export async function deadOrigin(): Promise<string> {
  const s = http.createServer();
  const origin = await listen(s);
  await stop(s);
  return origin;
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Plain http request (no fetch magic), for asserting exact statuses and headers. */
export function rawRequest(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: init.method ?? 'GET', headers: init.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

export const MCP_ACCEPT = 'application/json, text/event-stream';

export function initializeBody(id = 1): string {
  return JSON.stringify({
    jsonrpc: '2.0',
    id,
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
  });
}

export function listen(server: http.Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}

export function stop(server: http.Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
