// One proxied request, start to finish. A class rather than nested closures keeps the per-request
// state in one visible place: token, upstream request/response. The body on its way upstream
// (outgoing-body.ts) and the answers about credentials (auth-retry.ts) have their own collaborators.
import http from 'node:http';
import https from 'node:https';
import type { ClientRequest, IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { AuthRetry, concernsAuth, PASS } from './auth-retry.js';
import { readBody, sniffRpcMethod, type BodyResult } from './body.js';
import { clientResponseHeaders, isEventStream, upstreamRequestHeaders } from './headers.js';
import {
  credentialError,
  jsonRpcError,
  RPC_AUTH_ERROR,
  RPC_INVALID_REQUEST,
  RPC_UPSTREAM_ERROR,
} from './json-rpc-error.js';
import { OutgoingBody } from './outgoing-body.js';
import { relayLegacyStream } from './sse-endpoint.js';
import { refuseTooLarge } from './too-large.js';
import type { ProxyKind, ProxyOptions, UpstreamTarget } from './types.js';
import { withQuery, type ParsedUpstream, type UpstreamPool } from './upstreams.js';

/** An upstream that does not even accept the TCP connection in this time is reported as down. */
const CONNECT_TIMEOUT_MS = 10_000;

/** What every exchange of one proxy shares; built once by createProxy. */
export interface ExchangeContext {
  opts: ProxyOptions;
  pool: UpstreamPool;
  maxBody: number;
}

export class Exchange {
  private readonly started = performance.now();
  /** Created only when the exchange has to wait (token refresh, login): most requests never do. */
  private abort: AbortController | undefined;
  private upstream!: ParsedUpstream;
  private path = '';
  private readonly body = new OutgoingBody();
  /** Created only when an answer concerns credentials (auth-retry.ts). */
  private auth: AuthRetry | undefined;
  private rpcMethod: string | undefined;
  private token = '';
  private upstreamReq: ClientRequest | undefined;
  private upstreamRes: IncomingMessage | undefined;
  private closed = false;
  private resent = false;

  /** The request itself is positional, like any handler's; what the proxy shares is one named context. */
  constructor(
    private readonly ctx: ExchangeContext,
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
    private readonly target: UpstreamTarget,
    private readonly kind: ProxyKind,
  ) {}

  start(): void {
    this.res.once('close', this.onClientClose);
    if (!this.resolveDestination()) return;
    // Fast path: with a fresh token at hand and a declared body length, the upstream request is
    // opened now (outgoing-body.ts); the body follows with end() once read in full.
    const early = OutgoingBody.earlyLength(this.req, this.ctx.maxBody);
    const ready = early !== undefined ? this.ctx.opts.tokens.peek?.(this.target) : undefined;
    if (ready !== undefined && early !== undefined) {
      this.body.openEarly(early);
      this.send(ready);
    }
    readBody(this.req, this.ctx.maxBody, this.onBody);
  }

  private resolveDestination(): boolean {
    const name = this.target.name;
    let base: ParsedUpstream;
    try {
      base = this.ctx.pool.resolve(this.target.url);
    } catch {
      jsonRpcError(this.res, 502, RPC_UPSTREAM_ERROR, `Server '${name}' has an invalid upstream URL`, { server: name });
      return false;
    }
    this.upstream = base;
    if (this.kind !== 'messages') {
      this.path = withQuery(base.path, this.req.url);
      return true;
    }
    // Legacy POST: `u` is the upstream path announced by the stream. Only a same-origin path is
    // accepted, so a local caller cannot aim the upstream bearer at another host.
    const url = this.req.url ?? '';
    const q = url.indexOf('?');
    const u = q < 0 ? null : new URLSearchParams(url.slice(q + 1)).get('u');
    const c1 = u?.charAt(1);
    if (!u || u[0] !== '/' || c1 === '/' || c1 === '\\') {
      jsonRpcError(
        this.res,
        400,
        RPC_INVALID_REQUEST,
        "Query parameter 'u' must be an upstream path starting with '/'",
      );
      return false;
    }
    let dest: URL;
    try {
      dest = new URL(u, this.target.url);
    } catch {
      dest = new URL('http://invalid.invalid/');
    }
    if (dest.origin !== base.origin) {
      jsonRpcError(this.res, 400, RPC_INVALID_REQUEST, "Query parameter 'u' must stay on the server's origin");
      return false;
    }
    this.path = dest.pathname + dest.search;
    return true;
  }

  private readonly onBody = (r: BodyResult): void => {
    if (this.closed) return;
    if (!r.ok) {
      if (r.reason === 'too_large') refuseTooLarge(this.req, this.res, this.ctx.maxBody);
      this.dropUpstreamRequest();
      return;
    }
    if (this.res.writableEnded) return this.dropUpstreamRequest(); // answered already (an early upstream error)
    this.body.finish(r.body);
    if (this.ctx.opts.onEvent) this.rpcMethod = sniffRpcMethod(r.body);
    const ureq = this.upstreamReq;
    // Opened early (or already replaced after a quick 401): it only waited for the body.
    if (ureq) return this.body.endIfComplete(ureq);
    // A fresh cached token is sent on in the same tick, with no promise or signal.
    const tokens = this.ctx.opts.tokens;
    const ready = tokens.peek?.(this.target);
    if (ready !== undefined) return this.send(ready);
    tokens.token(this.target, this.signal()).then(this.send, this.onTokenError);
  };

  private signal(): AbortSignal {
    this.abort ??= new AbortController();
    return this.abort.signal;
  }

  /** An upstream request that will not be completed (body refused, or replaced after a 401). */
  private dropUpstreamRequest(): void {
    const old = this.upstreamReq;
    if (!old || old.writableEnded) return;
    old.removeListener('error', this.onUpstreamError);
    old.on('error', () => undefined);
    old.destroy();
  }

  private readonly send = (token: string): void => {
    if (this.closed) return;
    this.token = token;
    this.dropUpstreamRequest();
    const up = this.upstream;
    let ureq: ClientRequest;
    try {
      const headers = upstreamRequestHeaders(this.req.headers, this.target.headers, token, this.body.length, up.host);
      ureq = (up.https ? https : http).request({
        hostname: up.hostname,
        port: up.port,
        path: this.path,
        method: this.req.method,
        headers,
        agent: up.agent,
      });
    } catch {
      // Invalid stored header values or path characters: a configuration problem, not a secret.
      jsonRpcError(
        this.res,
        502,
        RPC_UPSTREAM_ERROR,
        `Could not build the request to server '${this.target.name}'; check its URL and headers`,
        { server: this.target.name },
      );
      return;
    }
    this.upstreamReq = ureq;
    ureq.once('socket', this.watchConnect);
    ureq.once('response', this.onResponse);
    ureq.on('error', this.onUpstreamError);
    this.body.endIfComplete(ureq);
  };

  /** Only new sockets are timed (a pooled one is already connected), and only until they connect. */
  private readonly watchConnect = (socket: import('node:net').Socket): void => {
    if (!socket.connecting) return;
    const ureq = this.upstreamReq;
    const timer = setTimeout(() => {
      ureq?.destroy(Object.assign(new Error('connect timeout'), { code: 'ETIMEDOUT' }));
    }, CONNECT_TIMEOUT_MS);
    socket.once('connect', () => clearTimeout(timer));
    socket.once('close', () => clearTimeout(timer));
  };

  private readonly onUpstreamError = (err: NodeJS.ErrnoException): void => {
    if (this.closed) return;
    const ureq = this.upstreamReq;
    if (this.upstreamRes) {
      this.res.destroy();
      return;
    }
    // A pooled keep-alive socket the server closed while idle: safe to send once more.
    if (ureq?.reusedSocket && !this.resent && (err.code === 'ECONNRESET' || err.code === 'EPIPE')) {
      this.resent = true;
      this.send(this.token);
      return;
    }
    const name = this.target.name;
    const answer = (why: string | undefined) => {
      if (this.closed || this.res.headersSent) return;
      jsonRpcError(
        this.res,
        502,
        RPC_UPSTREAM_ERROR,
        why
          ? `MCP server '${name}' is unreachable: ${why}`
          : `MCP server '${name}' is unreachable (${err.code ?? 'connection failed'})`,
        { server: name },
      );
    };
    // A TLS or proxy failure gets its cause and fix (net/failures.ts); the rest keep their code.
    this.ctx.opts.connections.explain(err, new URL(this.upstream.origin)).then(answer, () => answer(undefined));
  };

  private readonly onResponse = (ures: IncomingMessage): void => {
    if (this.closed) {
      ures.destroy();
      return;
    }
    const status = ures.statusCode ?? 502;
    if (concernsAuth(this.target, status, this.token)) {
      this.auth ??= new AuthRetry({ target: this.target, tokens: this.ctx.opts.tokens, signal: () => this.signal() });
      const verdict = this.auth.verdict(status, ures.headers, this.token);
      if (verdict !== PASS) {
        ures.resume(); // discard, so the socket goes back to the pool
        if (verdict.kind === 'retry') verdict.token.then(this.send, this.onTokenError);
        else if (verdict.kind === 'refuse')
          jsonRpcError(this.res, 401, RPC_AUTH_ERROR, verdict.message, { server: this.target.name });
        return;
      }
    }
    this.upstreamRes = ures;
    ures.on('error', this.onUpstreamBroken);
    ures.on('close', this.onUpstreamClose);
    if (this.kind === 'sse' && status === 200 && isEventStream(ures.headers['content-type'])) {
      this.streamLegacy(ures);
      return;
    }
    const { raw, contentType } = clientResponseHeaders(ures.rawHeaders, false);
    this.res.writeHead(status, raw);
    ures.pipe(this.res);
    if (isEventStream(contentType)) this.flushForStreaming();
  };

  /**
   * An event stream shows its headers at once, even if its first event is long in coming.
   * Events themselves are never held: the pipe writes each one as it arrives.
   */
  private flushForStreaming(): void {
    // The gateway's server is created with noDelay and without socket timeouts (companion.ts),
    // so nothing is set per stream here.
    this.res.flushHeaders();
  }

  /** Holds the response until the endpoint event is rewritten, then pipes the rest raw. */
  private streamLegacy(ures: IncomingMessage): void {
    relayLegacyStream(ures, this.rewriteEndpoint, {
      refuse: (reason) => {
        ures.destroy();
        const name = this.target.name;
        jsonRpcError(
          this.res,
          502,
          RPC_UPSTREAM_ERROR,
          `Legacy SSE server '${name}' sent an unusable endpoint: ${reason}`,
          { server: name },
        );
      },
      start: (head, rest) => {
        this.res.writeHead(ures.statusCode ?? 200, clientResponseHeaders(ures.rawHeaders, true).raw);
        this.flushForStreaming();
        this.res.write(head);
        if (rest.length > 0) this.res.write(rest);
        ures.pipe(this.res);
      },
    });
  }

  private readonly rewriteEndpoint = (data: string): { url: string } | { reason: string } => {
    let dest: URL;
    try {
      dest = new URL(data.trim(), this.target.url);
    } catch {
      return { reason: 'not a URL' };
    }
    if (dest.origin !== this.upstream.origin) return { reason: `origin ${dest.origin} differs from the server URL` };
    const local = this.ctx.opts.localBase(this.req);
    return {
      url: `${local}/servers/${encodeURIComponent(this.target.name)}/messages?u=${encodeURIComponent(dest.pathname + dest.search)}`,
    };
  };

  private readonly onUpstreamBroken = (): void => {
    if (!this.closed) this.res.destroy();
  };

  private readonly onUpstreamClose = (): void => {
    // Reset mid-body: the status line is gone already, so dropping the client socket is the
    // only way to tell the IDE the response is incomplete.
    if (!this.closed && !this.upstreamRes?.complete) this.res.destroy();
  };

  private readonly onTokenError = (err: unknown): void => {
    if (!this.closed) credentialError(this.res, this.target.name, err);
  };

  private readonly onClientClose = (): void => {
    this.closed = true;
    if (!this.res.writableFinished) {
      // Client went away: stop waiting for a token and tear down the upstream leg.
      this.abort?.abort();
      this.upstreamReq?.destroy();
      this.upstreamRes?.destroy();
    }
    const onEvent = this.ctx.opts.onEvent;
    if (!onEvent) return;
    const e = {
      server: this.target.name,
      method: this.req.method ?? 'GET',
      kind: this.kind,
      status: this.res.headersSent ? this.res.statusCode : 499,
      ms: performance.now() - this.started,
      rpcMethod: this.rpcMethod,
    };
    if (e.rpcMethod === undefined) delete e.rpcMethod;
    try {
      onEvent(e);
    } catch {
      // An observer must never break the request path.
    }
  };
}
