// The gateway's HTTP surface. MCP traffic takes a short, allocation-light path straight to the
// proxy (it is on every IDE call); everything else (OAuth callback, admin API, dashboard) goes
// through a thin express app over pure functions.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Express, Router } from 'express';
import type { Proxy, UpstreamTarget } from '../proxy/index.js';
import { jsonRpcError } from '../proxy/index.js';
import { loadExpress } from './load-express.js';
import { allowedHosts, allowedOrigins, checkGrant, checkHost, checkLocalToken, checkOrigin } from './guards.js';

export interface GatewayDeps {
  port: number;
  findServer(name: string): UpstreamTarget | undefined;
  verifyLocalToken(raw: string): string | undefined;
  /** Whether the label's local token was granted this server. */
  localTokenAllows(label: string, server: string): boolean;
  proxy: Proxy;
  oauthCallback(params: URLSearchParams): Promise<{ status: number; html: string }>;
  /** Admin API (mounted at /api) and anything else the host serves (dashboard), built on first use. */
  routers?: () => Promise<Array<{ path: string; router: Router }>>;
}

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

const MCP_PATH = /^\/servers\/([A-Za-z0-9._-]+)\/(mcp|sse|messages)$/;

export function createGatewayApp(deps: GatewayDeps): RequestHandler {
  const hosts = allowedHosts(deps.port);
  const origins = allowedOrigins(deps.port);
  // Everything but MCP traffic goes through express, built on the first such request: the gateway
  // is ready to proxy without paying for express at start (load-express.ts).
  let app: Promise<Express> | undefined;
  const other = (req: IncomingMessage, res: ServerResponse) => {
    (app ??= buildExpress(deps)).then(
      (a) => a(req, res),
      () => jsonRpcError(res, 500, -32603, 'The companion could not load its admin routes.'),
    );
  };
  return (req, res) => {
    const host = checkHost(req.headers.host, hosts);
    if (!host.ok) return jsonRpcError(res, host.status, -32000, host.message);
    const origin = checkOrigin(req.headers.origin, origins);
    if (!origin.ok) return jsonRpcError(res, origin.status, -32000, origin.message);
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const match = MCP_PATH.exec(q === -1 ? url : url.slice(0, q));
    if (!match) return other(req, res);
    const auth = checkLocalToken(req.headers.authorization, deps.verifyLocalToken);
    // No WWW-Authenticate on purpose: the IDE must never start an OAuth flow of its own.
    if (!auth.ok) return jsonRpcError(res, auth.status, -32001, auth.message);
    const target = deps.findServer(match[1]!);
    if (!target)
      return jsonRpcError(
        res,
        404,
        -32004,
        `No upstream server named "${match[1]}". See \`mcp-companion server list\`.`,
      );
    const grant = checkGrant(auth.client, target.name, deps.localTokenAllows);
    if (!grant.ok)
      return jsonRpcError(res, grant.status, -32001, grant.message, { client: auth.client, server: target.name });
    deps.proxy.handle(req, res, target, match[2] as 'mcp' | 'sse' | 'messages');
  };
}

async function buildExpress(deps: GatewayDeps): Promise<Express> {
  const express = await loadExpress();
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.get('/oauth/callback', async (req, res) => {
    const params = new URLSearchParams(req.url.slice(req.url.indexOf('?') + 1));
    const result = await deps.oauthCallback(params);
    res.status(result.status).type('html').set('cache-control', 'no-store').send(result.html);
  });
  for (const { path, router } of (await deps.routers?.()) ?? []) app.use(path, router);
  app.use((req, res) => {
    res.status(404).json({ error: 'not_found', message: `Nothing at ${req.method} ${req.path}.` });
  });
  return app;
}
