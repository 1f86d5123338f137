// The end of the top-level `--help` page: what a newcomer needs before reading any subcommand's.
import type { Command } from 'commander';
import { clientIdLines } from '../../clients/types.js';

export const TOP_LEVEL_HELP = `
Client ids (for clients, route, unroute, reset):
${clientIdLines('  ')}

Environment:
  MCP_COMPANION_HOME       the data dir (servers, tokens, backups); default: the platform's
                           app-data dir. Every command, and a running companion, use the same one.
  BROWSER                  command that opens sign-in pages and the dashboard (the URL is its last
                           argument); default: the platform's opener.
  MCP_COMPANION_LOG_LEVEL  \`serve\`'s log level: error, warn, info (default), debug or silent.
  MCP_COMPANION_TOKEN      read by \`bridge\` only (route writes it into the client's config).

Examples:
  $ mcp-companion server add linear https://mcp.linear.app/mcp
  $ mcp-companion login linear
  $ mcp-companion route cursor              point Cursor's remote MCP entries at the companion
  $ mcp-companion reset claude-code         clear Claude Code's cached MCP OAuth credentials
  $ mcp-companion doctor                    what is wrong, and the fix
  $ mcp-companion serve                     run the gateway and the dashboard in the foreground

\`mcp-companion <command> --help\` has each command's options and examples.`;

export function addTopLevelHelp(program: Command): void {
  program.addHelpText('after', TOP_LEVEL_HELP);
}
