// The stdio <-> Streamable HTTP relay behind `bridge`. Kept apart from the rest of the CLI so
// that a routed stdio client starts it without loading the store, express or the OAuth code.
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { errorMessage } from '../core/errors.js';
import { bridgeToken, MISSING_BRIDGE_TOKEN } from './bridge-token.js';

/** `rawToken`: MCP_COMPANION_TOKEN as set, with or without "Bearer ". */
export async function relay(url: string, rawToken: string, io: { err(line: string): void }): Promise<void> {
  const token = bridgeToken(rawToken);
  if (!token) throw new Error(MISSING_BRIDGE_TOKEN);
  const stdio = new StdioServerTransport();
  const http = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: { headers: { Authorization: `Bearer ${token}` } },
  });
  let closing = false;
  const done = new Promise<void>((resolve) => {
    const shutdown = async () => {
      if (closing) return;
      closing = true;
      await http.terminateSession().catch(() => undefined);
      await Promise.allSettled([http.close(), stdio.close()]);
      resolve();
    };
    process.stdin.once('end', shutdown);
    stdio.onclose = shutdown;
  });
  const initIds = new Set<string | number>();
  stdio.onmessage = (msg: JSONRPCMessage) => {
    if ('method' in msg && msg.method === 'initialize' && 'id' in msg && msg.id !== undefined) initIds.add(msg.id);
    http.send(msg).catch((err: unknown) => {
      io.err(`mcp-companion bridge: ${errorMessage(err)}`);
      if ('id' in msg && 'method' in msg) {
        const hint = /ECONNREFUSED|fetch failed/.test(errorMessage(err))
          ? ' Is MCP Companion running? Start the app or `mcp-companion serve`.'
          : '';
        void stdio.send({
          jsonrpc: '2.0',
          id: msg.id,
          error: { code: -32603, message: `MCP Companion: ${errorMessage(err)}.${hint}` },
        });
      }
    });
  };
  http.onmessage = (msg: JSONRPCMessage) => {
    // After initialize, every HTTP request must carry the negotiated protocol version.
    if ('result' in msg && msg.id !== undefined && initIds.has(msg.id)) {
      initIds.delete(msg.id);
      const version = (msg.result as { protocolVersion?: unknown }).protocolVersion;
      if (typeof version === 'string') http.setProtocolVersion(version);
    }
    void stdio.send(msg);
  };
  http.onerror = (err) => io.err(`mcp-companion bridge: ${errorMessage(err)}`);
  await http.start();
  await stdio.start();
  await done;
}
