// The gateway's HTTP surface. MCP traffic takes a short, allocation-light path straight to the
// proxy (it is on every IDE call); everything else (OAuth callback, admin API, dashboard) goes
// through a thin express app over pure functions.
import type { IncomingMessage, ServerResponse } from 'node:http';
import express, { type Router } from 'express';
import type { Proxy, UpstreamTarget } from '../proxy/index.js';
import { jsonRpcError } from '../proxy/index.js';
import { allowedHosts, allowedOrigins, checkHost, checkLocalToken, checkOrigin } from './guards.js';

export interface GatewayDeps {
  port: number;
  findServer(name: string): UpstreamTarget | undefined;
  verifyLocalToken(raw: string): string | undefined;
  proxy: Proxy;
  oauthCallback(params: URLSearchParams): Promise<{ status: number; html: string }>;
  /** Admin API (mounted at /api) and anything else the host serves (dashboard). */
  routers?: Array<{ path: string; router: Router }>;
}

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

const MCP_PATH = /^\/servers\/([A-Za-z0-9._-]+)\/(mcp|sse|messages)$/;

export function createGatewayApp(deps: GatewayDeps): RequestHandler {
  const hosts = allowedHosts(deps.port);
  const origins = allowedOrigins(deps.port);
  const app = buildExpress(deps);
  return (req, res) => {
    const host = checkHost(req.headers.host, hosts);
    if (!host.ok) return jsonRpcError(res, host.status, -32000, host.message);
    const origin = checkOrigin(req.headers.origin, origins);
    if (!origin.ok) return jsonRpcError(res, origin.status, -32000, origin.message);
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const match = MCP_PATH.exec(q === -1 ? url : url.slice(0, q));
    if (!match) return void app(req, res);
    const auth = checkLocalToken(req.headers.authorization, deps.verifyLocalToken);
    // No WWW-Authenticate on purpose: the IDE must never start an OAuth flow of its own.
    if (!auth.ok) return jsonRpcError(res, auth.status, -32001, auth.message);
    const target = deps.findServer(match[1]!);
    if (!target) return jsonRpcError(res, 404, -32004, `No upstream server named "${match[1]}". See \`mcp-companion server list\`.`);
    deps.proxy.handle(req, res, target, match[2] as 'mcp' | 'sse' | 'messages');
  };
}

function buildExpress(deps: GatewayDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.get('/oauth/callback', async (req, res) => {
    const params = new URLSearchParams(req.url.slice(req.url.indexOf('?') + 1));
    const result = await deps.oauthCallback(params);
    res.status(result.status).type('html').set('cache-control', 'no-store').send(result.html);
  });
  for (const { path, router } of deps.routers ?? []) app.use(path, router);
  app.use((req, res) => {
    res.status(404).json({ error: 'not_found', message: `Nothing at ${req.method} ${req.path}.` });
  });
  return app;
}
