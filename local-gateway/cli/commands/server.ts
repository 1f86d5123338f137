import type { Command } from 'commander';
import { CompanionError } from '../../core/errors.js';
import { parseHeaders, type ServerStatus } from '../../services/servers.js';
import { type CliIO, withApi } from '../context.js';
import { collect } from '../parse.js';

const ADD_EXAMPLES = `
Examples:
  $ mcp-companion server add linear https://mcp.linear.app/mcp
  $ mcp-companion server add docs https://docs.example.com/mcp --header 'X-API-Key: …'
                                        an API key or PAT: sent as is, never replaced by OAuth
  $ mcp-companion server add legacy https://old.example.com/sse --sse
  $ mcp-companion server add linear https://cp.example.com/acme/mcp/linear/server \\
      --client-id-metadata https://example.com/mcp-companion/client.json
                                        sign in with your organisation's Client ID Metadata
                                        Document where the authorization server supports it

Then \`mcp-companion login <name>\` (or let the first request sign in, if the server asks for
OAuth), and \`mcp-companion route <client>\` or \`mcp-companion connect <name>\`.`;

export function registerServer(program: Command, io: CliIO): void {
  const server = program.command('server').description('manage upstream MCP servers');
  server
    .command('add <name> <url>')
    .description('add an upstream MCP server (Streamable HTTP, or legacy SSE with --sse)')
    .option('--header <header>', "a header sent upstream, 'Name: value' (repeatable)", collect, [])
    .option('--sse', 'the upstream speaks the legacy HTTP+SSE transport')
    .option(
      '--client-id-metadata <https URL>',
      "sign in with this Client ID Metadata Document (its URL is the client_id) where the authorization server supports it, instead of registering; the server's other servers at that authorization server use it too",
    )
    .addHelpText('after', ADD_EXAMPLES)
    .action((name: string, url: string, opts: { header: string[]; sse?: boolean; clientIdMetadata?: string }) =>
      withApi(io, async (api) => {
        let parsed: URL;
        try {
          parsed = new URL(url);
        } catch {
          throw new CompanionError('bad_input', `"${url}" is not a URL. Give the server's full https:// MCP URL.`);
        }
        const transport = opts.sse ? 'sse' : 'streamable-http';
        const added = await api.call('servers.add', {
          name,
          url: parsed.href,
          transport,
          headers: parseHeaders(opts.header),
          ...(opts.clientIdMetadata !== undefined && { clientIdMetadataUrl: opts.clientIdMetadata }),
        });
        io.out(`Added ${added.name} → ${added.url}`);
        if (added.clientIdMetadataUrl)
          io.out(`Signs in as: ${added.clientIdMetadataUrl} (Client ID Metadata Document)`);
        io.out(`Local endpoint: ${added.localUrl}`);
        io.out(
          `Next: \`mcp-companion login ${added.name}\`, then \`mcp-companion route <client>\` or \`mcp-companion connect ${added.name}\`.`,
        );
      }),
    );
  server
    .command('list')
    .description(
      'list upstream servers, how each authenticates (none, headers, oauth: learned from its answers) and their sign-in state',
    )
    .option('--json', 'machine-readable output')
    .action((opts: { json?: boolean }) =>
      withApi(io, async (api) => {
        const rows = await api.call('servers.list', {});
        if (opts.json) return io.out(JSON.stringify(rows, null, 2));
        if (rows.length === 0) return io.out('No servers yet. Add one with `mcp-companion server add <name> <url>`.');
        for (const r of rows) {
          const exp = r.expiresAt ? `, token until ${new Date(r.expiresAt).toISOString()}` : '';
          io.out(
            `${r.name}  ${authSummary(r)}${exp}\n  upstream: ${r.url}\n  local:    ${r.localUrl}${clientLine(r)}${r.lastError ? `\n  last error: ${r.lastError}` : ''}${r.authProblem ? `\n  problem: ${r.authProblem}` : ''}${r.clientProblem ? `\n  client problem: ${r.clientProblem}` : ''}`,
          );
        }
      }),
    );
  server
    .command('remove <name>')
    .description('remove an upstream server and its tokens')
    .action((name: string) =>
      withApi(io, async (api) => {
        await api.call('servers.remove', { name });
        io.out(`Removed ${name}.`);
      }),
    );
}

const AUTH_WORDS = {
  unknown: 'auth not yet known (learned on first use)',
  none: 'no auth (public)',
  headers: 'auth by configured headers',
  oauth: 'OAuth',
} as const;

const CLIENT_WORDS = {
  dcr: 'registered by the companion (DCR)',
  cimd: 'Client ID Metadata Document',
  'pre-registered': 'pre-registered by your organisation',
} as const;

/** Which OAuth client signs in (only for servers that use OAuth or were told how to). */
function clientLine(r: ServerStatus): string {
  if (r.authKind !== 'oauth' && r.client === 'dcr' && !r.clientId) return '';
  return `\n  client:   ${r.client}, ${CLIENT_WORDS[r.client]}${r.clientId ? ` (client_id ${r.clientId})` : ''}`;
}

function authSummary(r: ServerStatus): string {
  return r.authKind === 'oauth' ? `OAuth, ${r.auth}` : AUTH_WORDS[r.authKind];
}
