// dashboard: a fresh single-use sign-in link to the running `serve`'s dashboard (the one `serve`
// printed works once, for a minute).
import type { Command } from 'commander';
import { CompanionError } from '../../core/errors.js';
import { createBrowserOpener } from '../../oauth/index.js';
import { type CliIO, findRunning } from '../context.js';

export function registerDashboard(program: Command, io: CliIO): void {
  program
    .command('dashboard')
    .description("open the running companion's dashboard with a fresh sign-in link (it works once, for a minute)")
    .option('--no-open', 'print the link instead of opening it')
    .action(async (opts: { open: boolean }) => {
      const running = await findRunning(io);
      if (!running)
        throw new CompanionError(
          'not_found',
          'No companion is running for this data dir. Start it with `mcp-companion serve` (it prints a dashboard link), or open the MCP Companion app.',
        );
      const url = await running.dashboardLink();
      if (!opts.open) return io.out(url);
      io.out('Opening the dashboard in your browser (the link works once, for a minute).');
      await createBrowserOpener(io.env)(url);
    });
}
