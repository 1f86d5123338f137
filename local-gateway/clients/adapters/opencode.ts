// OpenCode (v1, also reading v2-style `mcp.servers.<name>`): global `config.json`,
// `opencode.json`, `opencode.jsonc` in `$XDG_CONFIG_HOME/opencode`, `$OPENCODE_CONFIG`, and
// project `opencode.json[c]` / `.opencode/opencode.json[c]`. Remote: `type:"remote"`, `url`,
// `headers`, `oauth`; local: `type:"local"`, `command` as an array, `environment`
// [official-doc + source: npm opencode-ai@1.18.33, reference/clients.md §4].

import { joinFor, xdgConfigHome } from '../platform-paths.js';
import { bearer, defineAdapter } from '../adapter-kit.js';
import { BRIDGE_TOKEN_ENV, httpTarget, isObj, isRoutedEntry, keptFields, mcpRemoteTarget } from '../entry-shapes.js';
import { mcpRemoteStore } from '../credentials/mcp-remote.js';
import { opencodeAuthFile, opencodeStore } from '../credentials/simple-stores.js';
import type { ClientContext, ConfigFileSpec, Scope } from '../types.js';

const NAMES = ['config.json', 'opencode.json', 'opencode.jsonc'];

function globalDir(ctx: ClientContext): string {
  return joinFor(ctx.platform, xdgConfigHome(ctx.env, ctx.platform, ctx.home), 'opencode');
}

/** V1 keeps servers in `mcp`; V2 in `mcp.servers` (a V1 server named "servers" has a `type`). */
function containers(scope: Scope) {
  return (root: unknown) => {
    const mcp = isObj(root) && isObj(root.mcp) ? root.mcp : {};
    const v2 = isObj(mcp.servers) && mcp.servers.type === undefined;
    return [{ path: ['mcp'], scope }, ...(v2 ? [{ path: ['mcp', 'servers'], scope }] : [])];
  };
}

function spec(path: string, scope: Scope): ConfigFileSpec {
  return { path, format: 'json', scope, containers: containers(scope) };
}

export const opencodeAdapter = defineAdapter({
  id: 'opencode',
  displayName: 'OpenCode',
  httpCapable: true,
  processNames: ['opencode', 'opencode.exe'],
  installMarkers: (ctx) => [globalDir(ctx), opencodeAuthFile(ctx)],
  configFiles: (ctx) => [
    ...NAMES.map((n) => spec(joinFor(ctx.platform, globalDir(ctx), n), 'user')),
    ...(ctx.env.OPENCODE_CONFIG ? [spec(ctx.env.OPENCODE_CONFIG, 'user')] : []),
    ...ctx.projectDirs.flatMap((d) => [
      ...['opencode.json', 'opencode.jsonc'].map((n) => spec(joinFor(ctx.platform, d, n), 'project')),
      ...['opencode.json', 'opencode.jsonc'].map((n) => spec(joinFor(ctx.platform, d, '.opencode', n), 'project')),
    ]),
  ],
  classify: (value) => {
    if (isRoutedEntry(value)) return { kind: 'routed' };
    if (value.type === 'remote') {
      const t = httpTarget(value, 'url');
      if (t) return { kind: 'remote', remote: t };
    }
    // Local entries give the command line as one array.
    const cmd = Array.isArray(value.command) ? value.command : [];
    const r =
      typeof cmd[0] === 'string'
        ? mcpRemoteTarget({ command: cmd[0], args: cmd.slice(1), env: value.environment })
        : undefined;
    return r ? { kind: 'remote', remote: r } : { kind: 'local' };
  },
  routedHttpEntry: (original, local) => ({
    type: 'remote',
    url: local.url,
    headers: bearer(local.token),
    // The local gateway never asks for OAuth; stop OpenCode from probing for it.
    oauth: false,
    ...keptFields(original, ['environment']),
  }),
  routedBridgeEntry: (original, bridge, token) => ({
    type: 'local',
    command: [bridge.command, ...bridge.args],
    environment: { ...bridge.env, [BRIDGE_TOKEN_ENV]: token },
    ...keptFields(original, ['environment']),
  }),
  credentialStores: (ctx) => [opencodeStore(ctx), mcpRemoteStore(ctx)],
});
