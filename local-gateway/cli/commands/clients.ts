// clients, route, unroute, reset, doctor: thin printers over the CompanionApi client operations.
import type { Command } from 'commander';
import {
  formatClients,
  formatFindings,
  formatResetResult,
  formatRouteResult,
  formatUndoResetResult,
  formatUnrouteResult,
  formatUnsupported,
} from '../../clients/format.js';
import { UNSUPPORTED_CLIENTS } from '../../clients/unsupported.js';
import { clientIdLines, type ClientId } from '../../clients/types.js';
import type { DoctorFinding } from '../../api/contract.js';
import { errorMessage } from '../../core/errors.js';
import { type CliIO, ExitStatus, withApi } from '../context.js';
import { collect } from '../parse.js';

const DOCTOR_EXIT_CODES = `
Per server, doctor shows how it authenticates, as learned from its answers:
  none     a public server: proxied with no OAuth
  headers  the headers you configured (API key, PAT): sent as they are, never replaced
  oauth    it asked for a Bearer token: the companion signs in and refreshes
  unknown  not used yet (learned on its first request)
A credential the server refused is an ERROR naming the server and the fix.

Exit codes (also with --json):
  0  no errors found (warnings and notes only)
  1  errors found: each ERROR line names its fix
  2  doctor itself could not run (for example, the data dir cannot be read)`;

const ROUTE_EXAMPLES = `
Examples:
  $ mcp-companion route cursor --dry-run        show the diff, write nothing
  $ mcp-companion route cursor                  every remote MCP entry of Cursor
  $ mcp-companion route claude-code --server linear --server sentry
                                                only these entries (exit 1 if one is not found)
  $ mcp-companion unroute cursor                give the entries back as they were

Stdio-only clients (Claude Desktop, mcp-remote entries) get \`mcp-companion bridge\` with the
client's token in the entry's env (MCP_COMPANION_TOKEN).
Client ids:
${clientIdLines('  ')}`;

const RESET_EXAMPLES = `
Examples:
  $ mcp-companion reset cursor --dry-run        list what would be removed
  $ mcp-companion reset claude-code --server linear
                                                only the credentials of that server
  $ mcp-companion reset --undo claude-code      put back what the last reset removed

A reset removes only cached MCP OAuth credentials (never, for example, Claude Code's own login)
and keeps a sealed backup for --undo. Quit the client first where the command says so.
Client ids:
${clientIdLines('  ')}`;

const print = (io: CliIO, json: boolean | undefined, value: unknown, text: string) =>
  io.out(json ? JSON.stringify(value, null, 2) : text);
/** The working folder travels with every request that looks at configs (contract.ts projectDir). */
const here = () => ({ projectDir: process.cwd() });

/** The contract checks the id (dispatch does, in this process or in the running companion): once. */
const clientId = (id: string) => id as ClientId;

export function registerClientCommands(program: Command, io: CliIO): void {
  program
    .command('clients')
    .description('detected MCP clients: config files, remote entries, cached credentials (never values)')
    .option('--json', 'machine-readable output')
    .action((o: { json?: boolean }) =>
      withApi(io, async (api) => {
        const list = await api.call('clients.list', here());
        // Unsupported clients follow, marked `"supported": false`, with why and the manual steps.
        const unsupported = UNSUPPORTED_CLIENTS.map((u) => ({ ...u, supported: false as const }));
        print(io, o.json, [...list, ...unsupported], formatClients(list) + formatUnsupported(UNSUPPORTED_CLIENTS));
      }),
    );
  program
    .command('route <client>')
    .description("point a client's remote MCP entries at the local gateway (comment-preserving, backed up)")
    .option('--server <entry>', 'only this entry (repeatable)', collect, [])
    .option('--dry-run', 'print the diff and write nothing')
    .option('--json', 'machine-readable output')
    .addHelpText('after', ROUTE_EXAMPLES)
    .action((client: string, o: { server: string[]; dryRun?: boolean; json?: boolean }) =>
      withApi(io, async (api) => {
        const r = await api.call('clients.route', {
          client: clientId(client),
          servers: o.server.length ? o.server : undefined,
          dryRun: o.dryRun,
          ...here(),
        });
        print(io, o.json, r, formatRouteResult(r));
        // A --server that names no entry is a typo or the wrong client: scripts must see it fail.
        const missing = o.server.filter((name) => !r.entries.some((e) => e.name === name && e.file));
        if (missing.length === 0) return;
        for (const name of missing)
          io.err(
            `Error: ${r.entries.find((e) => e.name === name)?.reason ?? `no remote MCP entry named "${name}"`}. \`mcp-companion clients\` lists the entries of each client.`,
          );
        throw new ExitStatus(1);
      }),
    );
  program
    .command('unroute <client>')
    .description('restore the routed entries of a client to their original form')
    .option('--dry-run', 'print the diff and write nothing')
    .option('--json', 'machine-readable output')
    .action((client: string, o: { dryRun?: boolean; json?: boolean }) =>
      withApi(io, async (api) => {
        const r = await api.call('clients.unroute', { client: clientId(client), dryRun: o.dryRun });
        print(io, o.json, r, formatUnrouteResult(r));
      }),
    );
  program
    .command('reset <client>')
    .description("clear a client's cached OAuth credentials for remote MCP servers (and nothing else)")
    .option('--server <entry>', 'only this server (repeatable)', collect, [])
    .option('--dry-run', 'list what would be removed')
    .option('--undo', 'put back what the last reset removed')
    .option('--json', 'machine-readable output')
    .addHelpText('after', RESET_EXAMPLES)
    .action((client: string, o: { server: string[]; dryRun?: boolean; undo?: boolean; json?: boolean }) =>
      withApi(io, async (api) => {
        if (o.undo) {
          const r = await api.call('clients.undoReset', { client: clientId(client) });
          return print(io, o.json, r, formatUndoResetResult(r));
        }
        const r = await api.call('clients.reset', {
          client: clientId(client),
          servers: o.server.length ? o.server : undefined,
          dryRun: o.dryRun,
          ...here(),
        });
        print(io, o.json, r, formatResetResult(r));
      }),
    );
  program
    .command('doctor')
    .description('what is wrong and the exact fix: the gateway itself, per client and per server')
    .option('--json', 'machine-readable output')
    .addHelpText('after', DOCTOR_EXIT_CODES)
    .action(async (o: { json?: boolean }) => {
      let findings: DoctorFinding[];
      try {
        findings = await withApi(io, (api) => api.call('doctor.run', here()));
      } catch (err) {
        io.err(`Error: doctor could not run: ${errorMessage(err)}`);
        throw new ExitStatus(2);
      }
      print(io, o.json, findings, formatFindings(findings));
      // Scripts and CI read the status; --json sets it the same way.
      if (findings.some((f) => f.severity === 'error')) throw new ExitStatus(1);
    });
}
