// MCP endpoints: Streamable HTTP with stateful sessions (responses as SSE, no JSON mode) at
// /:tenant/mcp/:server/server, and legacy HTTP+SSE at /:tenant/mcp/:server/sse with its
// POST endpoint /:tenant/mcp/:server/messages. Each session gets its own McpServer.
import { randomUUID } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { requireBearer } from './bearer-guard.js';
import { scopedServer, str, type CpContext } from './context.js';
import { STEP_UP_SCOPE } from './options.js';
import { createMcpServer } from './mcp-tools.js';

interface Session {
  server: string;
  transport: StreamableHTTPServerTransport | SSEServerTransport;
  mcp: McpServer;
}

function rpcError(res: Response, status: number, code: number, message: string): void {
  res.status(status).json({ jsonrpc: '2.0', error: { code, message }, id: null });
}

export class McpSessions {
  readonly streamable = new Map<string, Session>();
  readonly legacy = new Map<string, Session>();

  async closeAll(): Promise<void> {
    const all = [...this.streamable.values(), ...this.legacy.values()];
    this.streamable.clear();
    this.legacy.clear();
    await Promise.allSettled(all.map((s) => s.mcp.close()));
  }
}

export function mountMcp(ctx: CpContext, router: Router, sessions: McpSessions): void {
  const json = express.json({ limit: '16mb' });

  const streamable = async (req: Request, res: Response): Promise<void> => {
    const server = scopedServer(ctx, req, res);
    if (server === undefined) return;
    const auth = await requireBearer(ctx, req, res, server, 'server');
    if (!auth) return;
    if (needsStepUp(req.body, auth.scopes)) return insufficientScope(ctx, res, server);
    Object.assign(req, { auth });
    const sessionId = req.get('mcp-session-id');
    if (sessionId !== undefined) {
      const session = sessions.streamable.get(sessionId);
      if (!session || session.server !== server) return rpcError(res, 404, -32001, 'Session not found');
      return (session.transport as StreamableHTTPServerTransport).handleRequest(req, res, req.body);
    }
    if (req.method !== 'POST' || !isInitializeRequest(req.body)) {
      return rpcError(res, 400, -32000, 'Bad Request: No valid session ID provided');
    }
    const mcp = createMcpServer(server);
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: randomUUID,
      onsessioninitialized: (id) => {
        sessions.streamable.set(id, { server, transport, mcp });
      },
    });
    transport.onclose = () => {
      if (transport.sessionId) sessions.streamable.delete(transport.sessionId);
    };
    await mcp.connect(transport);
    await transport.handleRequest(req, res, req.body);
  };

  const sseStream = async (req: Request, res: Response): Promise<void> => {
    const server = scopedServer(ctx, req, res);
    if (server === undefined) return;
    if (!(await requireBearer(ctx, req, res, server, 'sse'))) return;
    const transport = new SSEServerTransport(`/${ctx.opts.tenant}/mcp/${server}/messages`, res);
    const mcp = createMcpServer(server);
    sessions.legacy.set(transport.sessionId, { server, transport, mcp });
    res.on('close', () => {
      sessions.legacy.delete(transport.sessionId);
      void mcp.close();
    });
    await mcp.connect(transport);
  };

  const sseMessage = async (req: Request, res: Response): Promise<void> => {
    const server = scopedServer(ctx, req, res);
    if (server === undefined) return;
    const auth = await requireBearer(ctx, req, res, server, 'sse');
    if (!auth) return;
    const session = sessions.legacy.get(str(req.query.sessionId) ?? '');
    if (!session || session.server !== server) return rpcError(res, 404, -32001, 'Session not found');
    Object.assign(req, { auth });
    await (session.transport as SSEServerTransport).handlePostMessage(req, res, req.body);
  };

  const wrap =
    (fn: (req: Request, res: Response) => Promise<void>) =>
    (req: Request, res: Response, next: (err?: unknown) => void) => {
      fn(req, res).catch(next);
    };

  router.post('/:tenant/mcp/:server/server', json, wrap(streamable));
  router.get('/:tenant/mcp/:server/server', wrap(streamable));
  router.delete('/:tenant/mcp/:server/server', wrap(streamable));
  router.get('/:tenant/mcp/:server/sse', wrap(sseStream));
  router.post('/:tenant/mcp/:server/messages', json, wrap(sseMessage));
}

/** `admin_echo` needs mcp:admin, which the resource does not advertise: the step-up case (spec §A.8). */
function needsStepUp(body: unknown, scopes: string[]): boolean {
  const b = body as { method?: unknown; params?: { name?: unknown } } | undefined;
  return b?.method === 'tools/call' && b.params?.name === 'admin_echo' && !scopes.includes(STEP_UP_SCOPE);
}

function insufficientScope(ctx: CpContext, res: Response, server: string): void {
  const metadata = ctx.urls.resourceMetadataUrl(server, 'server');
  res
    .status(403)
    .set(
      'WWW-Authenticate',
      `Bearer error="insufficient_scope", scope="mcp:read mcp:write ${STEP_UP_SCOPE}", resource_metadata="${metadata}"`,
    )
    .json({ error: 'insufficient_scope', error_description: `${STEP_UP_SCOPE} is required` });
}
