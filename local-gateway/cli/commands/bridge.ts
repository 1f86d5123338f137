// `bridge <name>`: stdio ↔ the local gateway, for stdio-only clients (Claude Desktop, former
// mcp-remote entries). Messages are relayed as they are, between the SDK's stdio server
// transport and its Streamable HTTP client transport; stdout carries nothing but MCP.
import type { Command } from 'commander';
import { localUrl } from '../../services/servers.js';
import { relay } from '../bridge-relay.js';
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
