import type { Command } from 'commander';
import { type CliIO, openCompanion } from '../context.js';
import { parsePort } from '../parse.js';

export function registerServe(program: Command, io: CliIO): void {
  program
    .command('serve')
    .description('run the local gateway (and headless dashboard) in the foreground')
    .option('--port <port>', 'port to listen on (remembered for next time)', parsePort)
    .option('--no-open', 'do not open the dashboard in a browser (logins still open it)')
    .action(async (opts: { port?: number; open: boolean }) => {
      const companion = openCompanion(io, { port: opts.port });
      try {
        await companion.listen();
      } catch (err) {
        await companion.close();
        if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
          throw new Error(`Port ${companion.port} is already in use. Stop the other program (or the running companion), or choose another port with \`mcp-companion serve --port <n>\` (routed clients are then rewritten).`);
        }
        throw err;
      }
      io.out(`MCP Companion listening on http://127.0.0.1:${companion.port}`);
      io.out(`MCP endpoints: http://127.0.0.1:${companion.port}/servers/<name>/mcp`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await companion.close();
      io.out('MCP Companion stopped.');
    });
}
