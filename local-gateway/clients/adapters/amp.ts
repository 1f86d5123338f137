// Amp CLI (npm `@ampcode/cli`, formerly `@sourcegraph/amp`): `$XDG_CONFIG_HOME/amp/settings.json`
// (default `~/.config/amp/settings.json` on every OS) and the workspace file
// `<project>/.amp/settings.json`, under the flat key `"amp.mcpServers"`; remote entries are `url`
// + `headers` (transport detected: Streamable HTTP, then SSE), local ones `command`/`args`/`env`
// [source: npm @ampcode/cli@0.0.1790142911-g7618fb, `amp mcp add` and the binary's code].
// OAuth: see credentials/amp.ts.

import { joinFor, xdgConfigHome } from '../platform-paths.js';
import { bearer, defineAdapter } from '../adapter-kit.js';
import { keptFields } from '../entry-shapes.js';
import { ampStore } from '../credentials/amp.js';
import { mcpRemoteStore } from '../credentials/mcp-remote.js';
import type { ClientContext, ConfigFileSpec, Scope } from '../types.js';

const KEY = 'amp.mcpServers';

function spec(path: string, scope: Scope): ConfigFileSpec {
  return { path, format: 'json', scope, containers: () => [{ path: [KEY], scope }] };
}

function ampConfigDir(ctx: ClientContext): string {
  return joinFor(ctx.platform, xdgConfigHome(ctx.env, ctx.platform, ctx.home), 'amp');
}

export const ampAdapter = defineAdapter({
  id: 'amp',
  displayName: 'Amp',
  httpCapable: true,
  processNames: ['amp', 'amp.exe'],
  installMarkers: (ctx) => [ampConfigDir(ctx)],
  configFiles: (ctx) => [
    spec(joinFor(ctx.platform, ampConfigDir(ctx), 'settings.json'), 'user'),
    ...ctx.projectDirs.map((d) => spec(joinFor(ctx.platform, d, '.amp', 'settings.json'), 'project')),
  ],
  routedHttpEntry: (original, local) => ({
    url: local.url,
    headers: bearer(local.token),
    ...keptFields(original),
  }),
  credentialStores: (ctx) => [ampStore(ctx), mcpRemoteStore(ctx)],
  manualResetSteps: (_ctx, servers) => [
    `If Amp is set to keep secrets in the OS keychain (setting "amp.experimental.cli.nativeSecretsStorage.enabled"), the companion cannot clear its MCP tokens: run \`amp mcp oauth logout ${servers.length === 1 ? servers[0] : '<server>'}\`.`,
  ],
  afterChange: (running) =>
    running ? 'Exit running `amp` sessions and start them again.' : 'Start `amp`; it reads its settings at launch.',
});
