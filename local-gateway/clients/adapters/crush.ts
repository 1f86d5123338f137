// Crush (charmbracelet): user `$XDG_CONFIG_HOME/crush/crush.json` (`~/.config` on every OS;
// CRUSH_GLOBAL_CONFIG overrides the folder), project `.crush.json` / `crush.json`, key `mcp`;
// remote: `type: "http"|"sse"`, `url`, `headers`, opt-in `oauth: true` (+ `oauth_client_id`,
// `oauth_client_secret`, `oauth_callback_port`); stdio: `command`, `args`, `env` [source:
// charmbracelet/crush@37f36e9 internal/config/{config,load}.go, README.md]. Its MCP OAuth
// tokens live in the data file (see credentials/crush-tokens.ts). The shell-script `crushrc`
// form is not edited: it is a program, not data.

import { joinFor, xdgConfigHome } from '../platform-paths.js';
import { bearer, defineAdapter } from '../adapter-kit.js';
import { keptFields } from '../entry-shapes.js';
import { mcpRemoteStore } from '../credentials/mcp-remote.js';
import { crushDataFile, crushTokenStore } from '../credentials/crush-tokens.js';
import type { ClientContext, ConfigFileSpec, Scope } from '../types.js';

const OAUTH_KEYS = ['oauth_client_id', 'oauth_client_secret', 'oauth_callback_port', 'oauth_token'];

function configDir(ctx: ClientContext): string {
  return ctx.env.CRUSH_GLOBAL_CONFIG || joinFor(ctx.platform, xdgConfigHome(ctx.env, ctx.platform, ctx.home), 'crush');
}

function spec(path: string, scope: Scope): ConfigFileSpec {
  return { path, format: 'json', scope, containers: () => [{ path: ['mcp'], scope }] };
}

export const crushAdapter = defineAdapter({
  id: 'crush',
  displayName: 'Crush',
  httpCapable: true,
  processNames: ['crush', 'crush.exe'],
  installMarkers: (ctx) => [configDir(ctx), crushDataFile(ctx)],
  configFiles: (ctx) => [
    spec(joinFor(ctx.platform, configDir(ctx), 'crush.json'), 'user'),
    ...ctx.projectDirs.flatMap((d) => [
      spec(joinFor(ctx.platform, d, '.crush.json'), 'project'),
      spec(joinFor(ctx.platform, d, 'crush.json'), 'project'),
    ]),
  ],
  routedHttpEntry: (original, local) => ({
    type: local.transport === 'sse' ? 'sse' : 'http',
    url: local.url,
    headers: bearer(local.token),
    // `oauth` goes with the transport keys: the gateway signs in, Crush sends the local bearer.
    ...keptFields(original, OAUTH_KEYS),
  }),
  credentialStores: (ctx) => [crushTokenStore(ctx), mcpRemoteStore(ctx)],
});
