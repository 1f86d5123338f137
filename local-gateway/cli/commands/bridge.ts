// `bridge <name>`: stdio ↔ the local gateway, for stdio-only clients (Claude Desktop, former
// mcp-remote entries). Messages are relayed as they are, between the SDK's stdio server
// transport and its Streamable HTTP client transport; stdout carries nothing but MCP.
import type { Command } from 'commander';
import { localUrl } from '../../services/servers.js';
import { bridgeToken, MISSING_BRIDGE_TOKEN } from '../bridge-token.js';
import { relay } from '../bridge-relay.js';
import { type CliIO, configuredPort } from '../context.js';

const BRIDGE_HELP = `
Environment:
  MCP_COMPANION_TOKEN  the client's local token (required), with or without "Bearer ".
                       \`mcp-companion route <client>\` writes it into the env of each entry it
                       routes through the bridge; \`mcp-companion connect <name> --as <label>\`
                       prints one for an entry you write by hand.

Examples:
  A routed Claude Desktop entry runs, in effect:
  $ MCP_COMPANION_TOKEN=mcpc_… mcp-companion bridge linear --url http://127.0.0.1:<port>/servers/linear/mcp`;

export function registerBridge(program: Command, io: CliIO): void {
  program
    .command('bridge <name>')
    .description('relay MCP between stdio and the local gateway (what routed stdio clients run)')
    .option('--url <url>', 'the local endpoint (written by `route`; saves opening the data dir)')
    .addHelpText('after', BRIDGE_HELP)
    .action(async (name: string, opts: { url?: string }) => {
      const token = bridgeToken(io.env.MCP_COMPANION_TOKEN);
      if (!token) throw new Error(MISSING_BRIDGE_TOKEN);
      const url = opts.url ?? localUrl(configuredPort(io), name);
      await relay(url, token, io);
    });
}
