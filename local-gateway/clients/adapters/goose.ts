// Goose (block/goose): `config.yaml` in its config dir — `$XDG_CONFIG_HOME/goose` (`~/.config`
// on Linux and macOS), `%APPDATA%\Block\goose\config` on Windows, `$GOOSE_PATH_ROOT/config` when
// set — with servers under the `extensions:` map (key = extension id). Remote: `type:
// streamable_http`, `uri`, `headers`; stdio: `type: stdio`, `cmd`, `args`, `envs`; `type: sse` is
// kept only for old files and never connected, so it is left alone [source: block/goose
// crates/goose/src/agents/extension.rs, src/config/paths.rs, src/config/base.rs]. MCP OAuth
// tokens are the secret `oauth_creds_<name>` in the keyring item goose/secrets (or secrets.yaml
// with GOOSE_DISABLE_KEYRING) [source: crates/goose/src/oauth/persist.rs]: reset is by hand.

import { joinFor, xdgConfigHome } from '../platform-paths.js';
import { bearer, defineAdapter } from '../adapter-kit.js';
import { BRIDGE_TOKEN_ENV, httpTarget, isObj, isRoutedEntry, keptFields, mcpRemoteTarget } from '../entry-shapes.js';
import { mcpRemoteStore } from '../credentials/mcp-remote.js';
import type { ClientContext } from '../types.js';

function gooseConfigDir(ctx: ClientContext): string {
  const root = ctx.env.GOOSE_PATH_ROOT;
  if (root && (root.startsWith('/') || /^[A-Za-z]:[\\/]/.test(root))) return joinFor(ctx.platform, root, 'config');
  if (ctx.platform === 'win32')
    return joinFor(
      ctx.platform,
      ctx.env.APPDATA || joinFor(ctx.platform, ctx.home, 'AppData', 'Roaming'),
      'Block',
      'goose',
      'config',
    );
  return joinFor(ctx.platform, xdgConfigHome(ctx.env, ctx.platform, ctx.home), 'goose');
}

export const gooseAdapter = defineAdapter({
  id: 'goose',
  displayName: 'Goose',
  httpCapable: true,
  processNames: ['goose', 'goose.exe', 'Goose', 'Goose.exe', 'goosed', 'goosed.exe'],
  urlFields: ['uri'],
  installMarkers: (ctx) => [gooseConfigDir(ctx)],
  configFiles: (ctx) => [
    {
      path: joinFor(ctx.platform, gooseConfigDir(ctx), 'config.yaml'),
      format: 'yaml',
      scope: 'user',
      containers: () => [{ path: ['extensions'], scope: 'user' }],
    },
  ],
  classify: (value) => {
    const envs = isObj(value.envs) ? value.envs : undefined;
    if (isRoutedEntry(value, ['uri']) || typeof envs?.[BRIDGE_TOKEN_ENV] === 'string') return { kind: 'routed' };
    if (value.type === 'streamable_http') {
      const t = httpTarget(value, 'uri');
      if (t) return { kind: 'remote', remote: { ...t, transport: 'streamable-http' } };
    }
    if (value.type === 'stdio' && typeof value.cmd === 'string') {
      const r = mcpRemoteTarget({ command: value.cmd, args: value.args, ...(envs ? { env: envs } : {}) });
      if (r) return { kind: 'remote', remote: r };
    }
    return { kind: 'local' };
  },
  routedHttpEntry: (original, local) => ({
    ...keptFields(original, ['uri', 'cmd', 'envs', 'env_keys']),
    type: 'streamable_http',
    uri: local.url,
    headers: bearer(local.token),
  }),
  // An extension that ran `mcp-remote <url>` keeps being a stdio extension, now running the bridge.
  routedBridgeEntry: (original, bridge, token) => ({
    ...keptFields(original, ['uri', 'cmd', 'envs', 'env_keys']),
    type: 'stdio',
    cmd: bridge.command,
    args: bridge.args,
    envs: { ...bridge.env, [BRIDGE_TOKEN_ENV]: token },
  }),
  credentialStores: (ctx) => [mcpRemoteStore(ctx)],
  manualResetSteps: (_ctx, servers) => [
    `Goose keeps MCP sign-ins as the secret "oauth_creds_<extension>" in the system keyring item goose/secrets (or in secrets.yaml beside config.yaml when GOOSE_DISABLE_KEYRING is set), which the companion does not edit: remove ${servers.length ? servers.map((s) => `"oauth_creds_${s}"`).join(', ') : 'the "oauth_creds_<extension>" entries'} there, or route the extension instead (\`mcp-companion route goose\`).`,
  ],
});
