// An MCP server that is a plain OAuth resource server: it trusts JWT access tokens from one
// issuer (verified with jose against the issuer's JWKS, audience = its own URL) and publishes
// RFC 9728 protected resource metadata naming that issuer. Stateless Streamable HTTP.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRemoteJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

export const MCP_SCOPE = 'mcp:tools';

export interface McpResource {
  url: string;
  prmUrl: string;
  stats: { accepted: number; rejected: number };
  /** Tokens seen so far (by jti) are refused from now on, as if revoked or expired. */
  rejectIssuedTokens(): void;
  close(): Promise<void>;
}

function echoServer(): McpServer {
  const mcp = new McpServer({ name: 'oidc-interop-echo', version: '1.0.0' });
  mcp.registerTool(
    'echo',
    { description: 'Echoes its input', inputSchema: { text: z.string() } },
    async ({ text }) => ({ content: [{ type: 'text' as const, text }] }),
  );
  return mcp;
}

export async function startMcpResource(issuer: () => string, jwksUri: () => string): Promise<McpResource> {
  const seen = new Set<string>();
  const denied = new Set<string>();
  const stats = { accepted: 0, rejected: 0 };
  let jwks: ReturnType<typeof createRemoteJWKSet> | undefined;
  const server = http.createServer((req, res) => {
    void handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const url = `${origin}/mcp`;
  const prmUrl = `${origin}/.well-known/oauth-protected-resource/mcp`;

  function unauthorized(res: http.ServerResponse, error?: string): void {
    stats.rejected++;
    const params = [`resource_metadata="${prmUrl}"`, `scope="${MCP_SCOPE}"`, ...(error ? [`error="${error}"`] : [])];
    res.writeHead(401, { 'www-authenticate': `Bearer ${params.join(', ')}`, 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: error ?? 'unauthorized' }));
  }

  async function verify(header: string | undefined): Promise<JWTPayload | undefined> {
    const m = /^Bearer (\S+)$/i.exec(header ?? '');
    if (!m) return undefined;
    jwks ??= createRemoteJWKSet(new URL(jwksUri()));
    try {
      const { payload } = await jwtVerify(m[1]!, jwks, { issuer: issuer(), audience: url, typ: 'at+jwt' });
      if (payload.jti && denied.has(payload.jti)) return undefined;
      if (
        !String(payload.scope ?? '')
          .split(' ')
          .includes(MCP_SCOPE)
      )
        return undefined;
      if (payload.jti) seen.add(payload.jti);
      return payload;
    } catch {
      return undefined;
    }
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', origin).pathname;
    if (req.method === 'GET' && path === '/.well-known/oauth-protected-resource/mcp') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          resource: url,
          authorization_servers: [issuer()],
          scopes_supported: [MCP_SCOPE],
          bearer_methods_supported: ['header'],
        }),
      );
      return;
    }
    if (path !== '/mcp') {
      res.writeHead(404).end();
      return;
    }
    const header = req.headers.authorization;
    if (!(await verify(header))) return unauthorized(res, header ? 'invalid_token' : undefined);
    stats.accepted++;
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' }).end();
      return;
    }
    const mcp = echoServer();
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => {
      void transport.close();
      void mcp.close();
    });
    await mcp.connect(transport);
    await transport.handleRequest(req, res);
  }

  return {
    url,
    prmUrl,
    stats,
    rejectIssuedTokens() {
      for (const jti of seen) denied.add(jti);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
