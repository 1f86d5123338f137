import type { Command } from 'commander';
import { CompanionError } from '../../core/errors.js';
import { type CliIO, findRunning, openCompanion, portTakenError, withApi } from '../context.js';
import { serverStatuses, type ServerStatus } from '../../services/servers.js';

const LOGIN_EXAMPLES = `
Examples:
  $ mcp-companion login linear      sign in to the server added as "linear"
  $ BROWSER=firefox mcp-companion login linear
                                    open the sign-in page with another browser

With a companion running (the app or \`serve\`), the login goes through it; else this command
serves the OAuth callback itself until you have finished in the browser.`;

/** Checked before anything is printed: no "finish in your browser" for a server that is not there. */
const noSuchServer = (name: string) =>
  new CompanionError(
    'not_found',
    `No upstream server named "${name}". Add it with \`mcp-companion server add ${name} <url>\` (\`mcp-companion server list\` shows the names).`,
  );

/** A configured metadata document or pre-registered client that was passed over: say why, and the fix. */
function noteClient(io: CliIO, servers: ServerStatus[], name: string): void {
  const s = servers.find((x) => x.name === name);
  if (s?.clientProblem) io.err(`Note: signed in with ${s.client}, not the configured client. ${s.clientProblem}`);
}

export function registerAuth(program: Command, io: CliIO): void {
  program
    .command('login <name>')
    .description('sign in to an upstream server in the browser (registers the client first if needed)')
    .addHelpText('after', LOGIN_EXAMPLES)
    .action(async (name: string) => {
      const running = await findRunning(io);
      if (running) {
        const servers = await running.rpc<Array<{ name: string }>>('servers.list', {});
        if (!servers.some((s) => s.name === name)) throw noSuchServer(name);
        io.out(`Signing in to ${name} through the running companion; finish in your browser…`);
        await running.rpc('servers.login', { name });
        io.out(`Signed in to ${name}.`);
        noteClient(io, await running.rpc<ServerStatus[]>('servers.list', {}), name);
        return;
      }
      // Nobody serves the callback port: serve it ourselves for the length of the login.
      const c = openCompanion(io);
      try {
        const server = c.store.getServer(name);
        if (!server) throw noSuchServer(name);
        await c.listen().catch((err: unknown) => {
          throw (err as NodeJS.ErrnoException).code === 'EADDRINUSE' ? portTakenError(c.port) : err;
        });
        io.out(`Opening your browser to sign in to ${name}…`);
        await c.oauth.login(server);
        io.out(`Signed in to ${name}.`);
        noteClient(io, serverStatuses(c.store, c.oauth, c.port), name);
      } finally {
        await c.close();
      }
    });
  program
    .command('logout <name>')
    .description('forget the upstream tokens of a server (and with --forget-registration, its client registration)')
    .option('--forget-registration', 'also drop the OAuth client registration')
    .action(async (name: string, opts: { forgetRegistration?: boolean }) => {
      await withApi(io, (api) =>
        api.call('servers.logout', { name, forgetRegistration: Boolean(opts.forgetRegistration) }),
      );
      io.out(`Signed out of ${name}${opts.forgetRegistration ? ' and forgot its client registration' : ''}.`);
    });
}
