// The OpenCode entry shape, shared by OpenCode and its fork Kilo Code (CLI 7): servers under
// `mcp` (v2: `mcp.servers`); remote `type:"remote"`, `url`, `headers`, `oauth`; local
// `type:"local"`, `command` as one array, `environment` [source: npm opencode-ai@1.18.33,
// npm @kilocode/cli@7.7.7].

import { bearer } from './adapter-kit.js';
import {
  BRIDGE_TOKEN_ENV,
  httpTarget,
  isObj,
  isRoutedEntry,
  keptFields,
  mcpRemoteTarget,
  type Obj,
} from './entry-shapes.js';
import type { ClientAdapter, ConfigFileSpec, Scope } from './types.js';

/** V1 keeps servers in `mcp`; V2 in `mcp.servers` (a V1 server named "servers" has a `type`). */
function containers(scope: Scope) {
  return (root: unknown) => {
    const mcp = isObj(root) && isObj(root.mcp) ? root.mcp : {};
    const v2 = isObj(mcp.servers) && mcp.servers.type === undefined;
    return [{ path: ['mcp'], scope }, ...(v2 ? [{ path: ['mcp', 'servers'], scope }] : [])];
  };
}

export function opencodeFileSpec(path: string, scope: Scope): ConfigFileSpec {
  return { path, format: 'json', scope, containers: containers(scope) };
}

/** True for an entry in OpenCode's own shape (not a Roo-style `mcpServers` entry). */
export function isOpencodeEntry(value: Obj): boolean {
  return value.type === 'remote' || value.type === 'local' || Array.isArray(value.command);
}

export const opencodeClassify: ClientAdapter['classify'] = (value) => {
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
};

export function opencodeRoutedHttpEntry(original: Obj, local: { url: string; token: string }): Obj {
  return {
    type: 'remote',
    url: local.url,
    headers: bearer(local.token),
    // The local gateway never asks for OAuth; stop OpenCode from probing for it.
    oauth: false,
    ...keptFields(original, ['environment']),
  };
}

export function opencodeRoutedBridgeEntry(
  original: Obj,
  bridge: { command: string; args: string[]; env?: Record<string, string> },
  token: string,
): Obj {
  return {
    type: 'local',
    command: [bridge.command, ...bridge.args],
    environment: { ...bridge.env, [BRIDGE_TOKEN_ENV]: token },
    ...keptFields(original, ['environment']),
  };
}
