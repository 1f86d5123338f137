// Upstreams that need no OAuth, for the real-client tier: a public MCP server (no auth at all)
// and an API-key MCP server (a static `x-api-key` header, 401 without it and no Bearer
// challenge, as API-key servers answer). Both serve Streamable HTTP at /mcp (stateless) and
// legacy HTTP+SSE at /sse, with the control plane's tools (echo, add, …).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { createMcpServer } from '../../support/control-plane/mcp-tools.js';

export interface PlainServer {
  mcpUrl: string;
  sseUrl: string;
  /** Requests seen, with the `x-api-key` they carried (undefined when none). */
  hits: Array<{ method: string; path: string; apiKey?: string }>;
  close(): Promise<void>;
}

export async function startPlainServer(opts: { name: string; apiKey?: string }): Promise<PlainServer> {
  const hits: PlainServer['hits'] = [];
  const legacy = new Map<string, SSEServerTransport>();
  const app = express();
  app.use((req: Request, res: Response, next: NextFunction) => {
    const apiKey = req.get('x-api-key');
    hits.push({ method: req.method, path: req.path, apiKey });
    if (opts.apiKey !== undefined && apiKey !== opts.apiKey) {
      res.status(401).json({ error: 'unauthorized', error_description: 'a valid x-api-key header is required' });
      return;
    }
    next();
  });
  app.post('/mcp', express.json({ limit: '4mb' }), async (req: Request, res: Response) => {
    const mcp = createMcpServer(opts.name);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => {
      void transport.close();
      void mcp.close();
    });
    await mcp.connect(transport);
    await transport.handleRequest(req, res, req.body);
  });
  // Stateless: no standalone GET stream and no session to delete.
  app.get('/mcp', (_req: Request, res: Response) => {
    res.status(405).set('Allow', 'POST').end();
  });
  app.delete('/mcp', (_req: Request, res: Response) => {
    res.status(405).set('Allow', 'POST').end();
  });
  app.get('/sse', async (_req: Request, res: Response) => {
    const transport = new SSEServerTransport('/messages', res);
    const mcp = createMcpServer(opts.name);
    legacy.set(transport.sessionId, transport);
    res.on('close', () => {
      legacy.delete(transport.sessionId);
      void mcp.close();
    });
    await mcp.connect(transport);
  });
  app.post('/messages', express.json({ limit: '4mb' }), async (req: Request, res: Response) => {
    const transport = legacy.get(String(req.query.sessionId ?? ''));
    if (!transport) {
      res.status(404).json({ jsonrpc: '2.0', error: { code: -32001, message: 'Session not found' }, id: null });
      return;
    }
    await transport.handlePostMessage(req, res, req.body);
  });
  const http: Server = createServer(app);
  const port = await new Promise<number>((resolve, reject) => {
    http.once('error', reject);
    http.listen(0, '127.0.0.1', () => resolve((http.address() as AddressInfo).port));
  });
  const origin = `http://127.0.0.1:${port}`;
  return {
    mcpUrl: `${origin}/mcp`,
    sseUrl: `${origin}/sse`,
    hits,
    async close() {
      const closed = new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeAllConnections();
      await closed;
    },
  };
}
