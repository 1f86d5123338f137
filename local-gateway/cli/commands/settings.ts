// settings: show the companion's settings with the proxy and CAs in effect, and set or unset the
// ones a terminal user needs (caFile: the PEM file of a private or TLS-inspecting CA).
import path from 'node:path';
import type { Command } from 'commander';
import type { Settings } from '../../api/contract.js';
import { CompanionError } from '../../core/errors.js';
import { type CliIO, withApi } from '../context.js';

const SETTABLE = ['caFile'] as const;

const SETTINGS_EXAMPLES = `
Examples:
  $ mcp-companion settings                               settings, proxy and CAs in effect
  $ mcp-companion settings set caFile ~/corp-root-ca.pem  trust that CA for upstream TLS too
  $ mcp-companion settings unset caFile

Proxies come from HTTPS_PROXY / HTTP_PROXY / NO_PROXY in serve's environment (the app also
uses the OS proxy settings). Loopback is never proxied.`;

function settableKey(key: string): (typeof SETTABLE)[number] {
  const known = SETTABLE.find((k) => k.toLowerCase() === key.toLowerCase());
  if (!known)
    throw new CompanionError(
      'bad_input',
      `Unknown setting "${key}". Settings you can set here: ${SETTABLE.join(', ')}.`,
    );
  return known;
}

function format(s: Settings): string[] {
  return [
    `port:          ${s.port}`,
    `hold timeout:  ${s.holdTimeoutMs} ms`,
    `log level:     ${s.logLevel}`,
    `start at login: ${s.startAtLogin ? 'yes' : 'no'}`,
    `caFile:        ${s.caFile ?? '(not set)'}`,
    `proxy:         ${s.network.proxy}`,
    `trusted CAs:   ${s.network.trust.join('\n               ')}`,
  ];
}

export function registerSettings(program: Command, io: CliIO): void {
  const cmd = program
    .command('settings')
    .description('show settings and the proxy and CAs in effect; `settings set caFile <pem>` trusts a private CA')
    .option('--json', 'machine-readable output')
    .addHelpText('after', SETTINGS_EXAMPLES)
    .action((o: { json?: boolean }) =>
      withApi(io, async (api) => {
        const s = await api.call('settings.get', {});
        io.out(o.json ? JSON.stringify(s, null, 2) : format(s).join('\n'));
      }),
    );
  cmd
    .command('set <key> <value>')
    .description(`set a setting (${SETTABLE.join(', ')}); a file path is taken relative to this folder`)
    .action((key: string, value: string) =>
      withApi(io, async (api) => {
        settableKey(key);
        const file = path.resolve(value.replace(/^~(?=$|\/)/, io.env.HOME ?? '~'));
        const s = await api.call('settings.update', { caFile: file });
        io.out(`caFile set to ${s.caFile}. New upstream connections trust it.`);
      }),
    );
  cmd
    .command('unset <key>')
    .description(`forget a setting (${SETTABLE.join(', ')})`)
    .action((key: string) =>
      withApi(io, async (api) => {
        settableKey(key);
        await api.call('settings.update', { caFile: null });
        io.out('caFile unset.');
      }),
    );
}
