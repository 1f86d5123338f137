// Reference control plane: a TrueFoundry-style MCP gateway + authorization server that behaves
// like the control plane before (lenient) and after (strict) the v0.148 DCR change. Backs the
// gateway's integration tests, benchmarks and `npm run demo`.
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import express, { type NextFunction, type Request, type Response } from 'express';
import { mountAuthorize } from './authorize.js';
import { createContext } from './context.js';
import { mountDiscovery } from './discovery.js';
import { McpSessions, mountMcp } from './mcp-routes.js';
import { resolveOptions, type ControlPlaneMode, type ControlPlaneOptions, type ControlPlaneStats } from './options.js';
import { mountRegistration } from './registration.js';
import { mountToken } from './token.js';

export type { ControlPlaneMode, ControlPlaneOptions, ControlPlaneStats } from './options.js';

export interface ControlPlane {
  baseUrl: string;
  /** Where the control plane really listens (differs from baseUrl behind a fault injector). */
  listenUrl: string;
  mcpUrl(server: string): string;
  sseUrl(server: string): string;
  issuer(server: string): string;
  mode(): ControlPlaneMode;
  upgrade(): void;
  expireAccessTokens(): void;
  forgetClient(clientId: string): void;
  stats: ControlPlaneStats;
  activeRegistrations(server?: string): Array<{ clientId: string; redirectUris: string[]; server: string }>;
  issueTokenForTest(server: string): Promise<string>;
  close(): Promise<void>;
}

function errorHandler(err: unknown, _req: Request, res: Response, _next: NextFunction): void {
  const status = (err as { status?: number }).status ?? 500;
  if (res.headersSent) {
    res.end();
    return;
  }
  const message = status === 500 ? 'Internal error' : (err as Error).message;
  res.status(status).json({ statusCode: status, message });
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export async function startControlPlane(options: ControlPlaneOptions = {}): Promise<ControlPlane> {
  const opts = resolveOptions(options);
  let baseUrl = '';
  const ctx = createContext(opts, () => baseUrl);
  const sessions = new McpSessions();

  const app = express();
  app.disable('x-powered-by');
  app.use('/.well-known', (_req, _res, next) => {
    ctx.stats.discoveryRequests += 1;
    next();
  });
  const router = express.Router();
  mountDiscovery(ctx, router);
  mountRegistration(ctx, router);
  mountAuthorize(ctx, router);
  mountToken(ctx, router);
  mountMcp(ctx, router, sessions);
  app.use(router);
  app.use((_req: Request, res: Response) => {
    res.status(404).json({ statusCode: 404, message: 'Not found' });
  });
  app.use(errorHandler);

  const http = options.tls ? createTlsServer(options.tls, app) : createServer(app);
  // Longer than any client's own keep-alive timeout (undici: 4 s), so clients always close idle
  // sockets first and never send on one we are closing; close() drops open sockets itself.
  http.keepAliveTimeout = 65_000;
  const port = await listen(http, opts.port);
  // publicBaseUrl: the origin clients see when a test puts a fault injector in front of us.
  const scheme = options.tls ? 'https' : 'http';
  baseUrl = options.publicBaseUrl ?? `${scheme}://${options.publicHost ?? '127.0.0.1'}:${port}`;
  const listenUrl = `${scheme}://127.0.0.1:${port}`;

  const requireServer = (server: string): void => {
    if (!opts.servers.includes(server)) throw new Error(`control plane has no server named ${server}`);
  };

  return {
    baseUrl,
    listenUrl,
    mcpUrl: (server) => ctx.urls.mcpUrl(server),
    sseUrl: (server) => ctx.urls.sseUrl(server),
    issuer: (server) => ctx.urls.issuer(server),
    mode: () => ctx.mode,
    upgrade() {
      ctx.mode = 'strict';
      ctx.registry.revokeAll();
    },
    expireAccessTokens: () => ctx.tokens.expireAll(),
    forgetClient: (clientId) => ctx.registry.revoke(clientId),
    stats: ctx.stats,
    activeRegistrations: (server) =>
      ctx.registry
        .active(server)
        .map((r) => ({ clientId: r.clientId, redirectUris: [...r.redirectUris], server: r.server })),
    async issueTokenForTest(server) {
      requireServer(server);
      return ctx.tokens.sign({
        issuer: ctx.urls.issuer(server),
        audience: ctx.urls.mcpUrl(server),
        sub: `user@${opts.tenant}`,
        clientId: 'test-direct',
        scope: 'mcp:read mcp:write',
      });
    },
    async close() {
      await sessions.closeAll();
      const closed = new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeAllConnections();
      await closed;
    },
  };
}
