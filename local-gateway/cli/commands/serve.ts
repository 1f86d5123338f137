import type { Command } from 'commander';
import { createBrowserOpener } from '../../oauth/index.js';
import { createDashboard } from '../../server/dashboard.js';
import { type CliIO, openCompanion } from '../context.js';
import { parsePort } from '../parse.js';
import { createLogger, type LogLevel } from '../../core/logger.js';

export function registerServe(program: Command, io: CliIO): void {
  program
    .command('serve')
    .description('run the local gateway (and headless dashboard) in the foreground')
    .option('--port <port>', 'port to listen on (remembered for next time)', parsePort)
    .option('--no-open', 'do not open the dashboard in a browser (logins still open it)')
    .action(async (opts: { port?: number; open: boolean }) => {
      // A fresh dashboard token every run: the admin API accepts its session cookie or the admin token.
      const dashboard = createDashboard();
      const level = (io.env.MCP_COMPANION_LOG_LEVEL as LogLevel | undefined) ?? 'info';
      const companion = openCompanion(io, {
        port: opts.port,
        logger: createLogger(level),
        routers: async () => [{ path: '/', router: await dashboard.router() }],
        isAdmin: (tokenCheck) => dashboard.adminCheck(tokenCheck),
      });
      try {
        await companion.listen();
      } catch (err) {
        await companion.close();
        if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
          throw new Error(`Port ${companion.port} is already in use. Stop the other program (or the running companion), or choose another port with \`mcp-companion serve --port <n>\` (routed clients are then rewritten).`);
        }
        throw err;
      }
      const url = dashboard.url(companion.port);
      io.out(`MCP Companion listening on http://127.0.0.1:${companion.port}`);
      io.out(`MCP endpoints: http://127.0.0.1:${companion.port}/servers/<name>/mcp`);
      io.out(`Dashboard: ${url}`);
      if (opts.open) {
        await createBrowserOpener(io.env)(url).catch((err: unknown) => {
          io.err(`Could not open the dashboard in a browser (${(err as Error).message}); open the URL above yourself.`);
        });
      }
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await companion.close();
      io.out('MCP Companion stopped.');
    });
}
