// clients, route, unroute, reset, doctor: thin printers over the client adapters.
import type { Command } from 'commander';
import { formatClients, formatFindings, formatResetResult, formatRouteResult, formatUndoResetResult, formatUnrouteResult } from '../../clients/format.js';
import { checkPort, checkServers } from '../../services/doctor.js';
import { type CliIO, findRunning, openCompanion } from '../context.js';
import { collect } from '../parse.js';

async function withCompanion<T>(io: CliIO, fn: (c: ReturnType<typeof openCompanion>) => Promise<T>): Promise<T> {
  const c = openCompanion(io, { projectDirs: [process.cwd()] });
  try {
    return await fn(c);
  } finally {
    await c.close();
  }
}

const print = (io: CliIO, json: boolean | undefined, value: unknown, text: string) => io.out(json ? JSON.stringify(value, null, 2) : text);

export function registerClientCommands(program: Command, io: CliIO): void {
  program
    .command('clients')
    .description('detected MCP clients: config files, remote entries, cached credentials (never values)')
    .option('--json', 'machine-readable output')
    .action((o: { json?: boolean }) => withCompanion(io, async (c) => {
      const list = await c.clients.describe();
      print(io, o.json, list, formatClients(list));
    }));
  program
    .command('route <client>')
    .description("point a client's remote MCP entries at the local gateway (comment-preserving, backed up)")
    .option('--server <entry>', 'only this entry (repeatable)', collect, [])
    .option('--dry-run', 'print the diff and write nothing')
    .option('--json', 'machine-readable output')
    .action((client: string, o: { server: string[]; dryRun?: boolean; json?: boolean }) => withCompanion(io, async (c) => {
      const r = await c.clients.route(client, { servers: o.server.length ? o.server : undefined, dryRun: o.dryRun });
      print(io, o.json, r, formatRouteResult(r));
    }));
  program
    .command('unroute <client>')
    .description('restore the routed entries of a client to their original form')
    .option('--dry-run', 'print the diff and write nothing')
    .option('--json', 'machine-readable output')
    .action((client: string, o: { dryRun?: boolean; json?: boolean }) => withCompanion(io, async (c) => {
      const r = await c.clients.unroute(client, { dryRun: o.dryRun });
      print(io, o.json, r, formatUnrouteResult(r));
    }));
  program
    .command('reset <client>')
    .description("clear a client's cached OAuth credentials for remote MCP servers (and nothing else)")
    .option('--server <entry>', 'only this server (repeatable)', collect, [])
    .option('--dry-run', 'list what would be removed')
    .option('--undo', 'put back what the last reset removed')
    .option('--json', 'machine-readable output')
    .action((client: string, o: { server: string[]; dryRun?: boolean; undo?: boolean; json?: boolean }) => withCompanion(io, async (c) => {
      if (o.undo) {
        const r = await c.clients.undoReset(client);
        return print(io, o.json, r, formatUndoResetResult(r));
      }
      const r = await c.clients.reset(client, { servers: o.server.length ? o.server : undefined, dryRun: o.dryRun });
      print(io, o.json, r, formatResetResult(r));
    }));
  program
    .command('doctor')
    .description('what is wrong and the exact fix, per client and per server')
    .option('--json', 'machine-readable output')
    .action((o: { json?: boolean }) => withCompanion(io, async (c) => {
      const [clients, servers, port] = await Promise.all([
        c.clients.diagnose(),
        checkServers(c.store),
        checkPort(c.port, async () => Boolean(await findRunning(io, c.port))),
      ]);
      const all = [...[...servers, ...port].map((f) => ({ ...f, client: 'companion' })), ...clients];
      if (o.json) return io.out(JSON.stringify(all, null, 2));
      const own = [...servers, ...port].map((f) => `${f.severity.toUpperCase()}: ${f.problem}\n  fix: ${f.fix}`);
      const text = [own.join('\n'), formatFindings(clients)].filter(Boolean).join('\n');
      io.out(text || 'No problems found.');
    }));
}
