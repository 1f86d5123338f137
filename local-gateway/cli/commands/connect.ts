import type { Command } from 'commander';
import { type CliIO, withApi } from '../context.js';

const CONNECT_EXAMPLES = `
Examples:
  $ mcp-companion connect linear                the URL and header for "manual"
  $ mcp-companion connect linear --as zed       a token of its own for that client
  $ mcp-companion connect linear --json         {"url": …, "headers": {"Authorization": …}}

Put the URL and the Authorization header into the client's MCP config. A stdio-only client
runs \`mcp-companion bridge <name>\` with the token in MCP_COMPANION_TOKEN ("Bearer " optional).`;

export function registerConnect(program: Command, io: CliIO): void {
  program
    .command('connect <name>')
    .description('print the local URL and Authorization header for a client you configure by hand')
    .option(
      '--as <label>',
      'the client this credential is for (one local token per label; it opens the servers connected for it)',
      'manual',
    )
    .option('--json', 'print {"url": …, "headers": {"Authorization": …}}')
    .addHelpText('after', CONNECT_EXAMPLES)
    .action((name: string, opts: { as: string; json?: boolean }) =>
      withApi(io, async (api) => {
        const info = await api.call('servers.connect', { name, label: opts.as });
        if (opts.json) return io.out(JSON.stringify(info));
        io.out(`URL:    ${info.url}`);
        io.out(`Header: Authorization: ${info.headers.Authorization}`);
        io.out(`Keep this header secret: it lets "${opts.as}" use ${name} through MCP Companion.`);
      }),
    );
}
