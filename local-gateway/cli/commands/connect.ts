import type { Command } from 'commander';
import { connectInfo } from '../../services/servers.js';
import { type CliIO, openCompanion } from '../context.js';

export function registerConnect(program: Command, io: CliIO): void {
  program
    .command('connect <name>')
    .description('print the local URL and Authorization header for a client you configure by hand')
    .option('--as <label>', 'the client this credential is for (one local token per label)', 'manual')
    .option('--json', 'print {"url": …, "headers": {"Authorization": …}}')
    .action(async (name: string, opts: { as: string; json?: boolean }) => {
      const c = openCompanion(io);
      try {
        const info = connectInfo(c.store, c.port, name, opts.as);
        c.store.addEvent('client.connected', name, { label: opts.as });
        if (opts.json) return io.out(JSON.stringify(info));
        io.out(`URL:    ${info.url}`);
        io.out(`Header: Authorization: ${info.headers.Authorization}`);
        io.out(`Keep this header secret: it lets "${opts.as}" use ${name} through MCP Companion.`);
      } finally {
        await c.close();
      }
    });
}
