// `bridge <name>`: stdio ↔ the local gateway, for stdio-only clients (Claude Desktop, former
// mcp-remote entries). Messages are relayed as they are, between the SDK's stdio server
// transport and its Streamable HTTP client transport; stdout carries nothing but MCP.
import type { Command } from 'commander';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { errorMessage } from '../../core/errors.js';
import { localUrl } from '../../services/servers.js';
import { type CliIO, configuredPort } from '../context.js';

export function registerBridge(program: Command, io: CliIO): void {
  program
    .command('bridge <name>')
    .description('relay MCP between stdio and the local gateway (what routed stdio clients run)')
    .option('--url <url>', 'the local endpoint (written by `route`; saves opening the data dir)')
    .action(async (name: string, opts: { url?: string }) => {
      const token = io.env.MCP_COMPANION_TOKEN;
      if (!token) throw new Error('MCP_COMPANION_TOKEN is not set. Run `mcp-companion route <client>` to configure this client.');
      const url = opts.url ?? localUrl(configuredPort(io), name);
      await relay(url, token, io);
    });
}

export async function relay(url: string, token: string, io: Pick<CliIO, 'err'>): Promise<void> {
  const stdio = new StdioServerTransport();
  const http = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { Authorization: `Bearer ${token}` } } });
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
        const hint = /ECONNREFUSED|fetch failed/.test(errorMessage(err)) ? ' Is MCP Companion running? Start the app or `mcp-companion serve`.' : '';
        void stdio.send({ jsonrpc: '2.0', id: msg.id, error: { code: -32603, message: `MCP Companion: ${errorMessage(err)}.${hint}` } });
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
