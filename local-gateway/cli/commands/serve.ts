import type { Command } from 'commander';
import { createBrowserOpener } from '../../oauth/index.js';
import { adminTokenCheck } from '../../server/admin-api.js';
import { createDashboard } from '../../server/dashboard.js';
import { type CliIO, openCompanion, portTakenError } from '../context.js';
import { parsePort } from '../parse.js';
import { createLogger, logFormat, type LogLevel } from '../../core/logger.js';

export function registerServe(program: Command, io: CliIO): void {
  program
    .command('serve')
    .description('run the local gateway (and headless dashboard) in the foreground')
    .option('--port <port>', 'port to listen on (remembered for next time)', parsePort)
    .option('--no-open', 'do not open the dashboard in a browser (logins still open it)')
    .option('--json-logs', 'log one JSON object per line to stderr, even on a terminal')
    .action(async (opts: { port?: number; open: boolean; jsonLogs?: boolean }) => {
      // A fresh dashboard token every run: the admin API accepts its session cookie or the admin token.
      const dashboard = createDashboard();
      const level = (io.env.MCP_COMPANION_LOG_LEVEL as LogLevel | undefined) ?? 'info';
      const companion = openCompanion(io, {
        port: opts.port,
        logger: createLogger(level, 2, logFormat({ jsonLogs: opts.jsonLogs, isTTY: process.stderr.isTTY })),
        routers: async (c) => [
          { path: '/', router: await dashboard.router({ port: c.port, isAdmin: adminTokenCheck(c.adminToken) }) },
        ],
        isAdmin: (tokenCheck) => dashboard.adminCheck(tokenCheck),
      });
      // Before the first line that says we listen: a SIGTERM right after it must still stop cleanly.
      const stopped = new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      try {
        await companion.listen(); // refuses (already_running) when a companion serves this data dir
      } catch (err) {
        await companion.close();
        if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
          // The data dir was ours (listen took its lock first), so this is not its companion.
          throw portTakenError(companion.port);
        }
        throw err;
      }
      const url = dashboard.link(companion.port);
      io.out(`MCP Companion listening on http://127.0.0.1:${companion.port}`);
      io.out(`MCP endpoints: http://127.0.0.1:${companion.port}/servers/<name>/mcp`);
      io.out(`Dashboard: ${url}`);
      io.out('  (the link works once, for a minute; `mcp-companion dashboard` opens a fresh one)');
      if (opts.open) {
        await createBrowserOpener(io.env)(url).catch((err: unknown) => {
          io.err(`Could not open the dashboard in a browser (${(err as Error).message}); open the URL above yourself.`);
        });
      }
      await stopped;
      await companion.close();
      io.out('MCP Companion stopped.');
    });
}
