import type { Command } from 'commander';
import { type CliIO, withApi } from '../context.js';

export function registerConnect(program: Command, io: CliIO): void {
  program
    .command('connect <name>')
    .description('print the local URL and Authorization header for a client you configure by hand')
    .option('--as <label>', 'the client this credential is for (one local token per label; it opens the servers connected for it)', 'manual')
    .option('--json', 'print {"url": …, "headers": {"Authorization": …}}')
    .action((name: string, opts: { as: string; json?: boolean }) => withApi(io, async (api) => {
      const info = await api.call('servers.connect', { name, label: opts.as });
      if (opts.json) return io.out(JSON.stringify(info));
      io.out(`URL:    ${info.url}`);
      io.out(`Header: Authorization: ${info.headers.Authorization}`);
      io.out(`Keep this header secret: it lets "${opts.as}" use ${name} through MCP Companion.`);
    }));
}
