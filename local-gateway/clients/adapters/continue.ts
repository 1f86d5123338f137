// Continue (IDE extensions and the `cn` CLI, npm `@continuedev/cli`): YAML. The user's
// `~/.continue/config.yaml` (folder overridable by CONTINUE_GLOBAL_DIR) lists servers under
// `mcpServers:` as a sequence of `{name, type?, url, apiKey?, requestOptions: {headers}}`; block
// files `.continue/mcpServers/*.yaml` in a workspace (and `~/.continue/mcpServers/`) hold the same
// list. `type` is `sse` or `streamable-http`; without it Streamable HTTP is tried, then SSE; an
// `apiKey` becomes `Authorization: Bearer` and overrides a header of that name [source: npm
// @continuedev/cli@1.5.47 src/env.ts, src/configLoader.ts, src/services/MCPService.ts,
// mcpTransports.ts; docs.continue.dev customize/deep-dives/mcp]. The CLI reads only config.yaml.

import fs from 'node:fs';
import { joinFor } from '../platform-paths.js';
import { bearer, defineAdapter } from '../adapter-kit.js';
import { isObj, isRoutedEntry, mcpRemoteTarget, stringMap, transportOf, keptFields } from '../entry-shapes.js';
import { continueCliMcpRemoteStore, continueGlobalContextStore, continueHome } from '../credentials/continue.js';
import type { ConfigFileSpec, Scope } from '../types.js';

function spec(path: string, scope: Scope): ConfigFileSpec {
  return { path, format: 'yaml', scope, containers: () => [{ path: ['mcpServers'], scope }] };
}

function blockFiles(dir: string, platform: NodeJS.Platform, scope: Scope): ConfigFileSpec[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir).sort();
  } catch {
    return [];
  }
  return names.filter((n) => /\.ya?ml$/i.test(n)).map((n) => spec(joinFor(platform, dir, n), scope));
}

export const continueAdapter = defineAdapter({
  id: 'continue',
  displayName: 'Continue',
  httpCapable: true,
  processNames: ['cn', 'cn.exe'], // the IDE extensions run inside the editor's process [inferred]
  installMarkers: (ctx) => [continueHome(ctx)],
  configFiles: (ctx) => [
    spec(joinFor(ctx.platform, continueHome(ctx), 'config.yaml'), 'user'),
    ...blockFiles(joinFor(ctx.platform, continueHome(ctx), 'mcpServers'), ctx.platform, 'user'),
    ...ctx.projectDirs.flatMap((d) =>
      blockFiles(joinFor(ctx.platform, d, '.continue', 'mcpServers'), ctx.platform, 'project'),
    ),
  ],
  classify: (value) => {
    if (isRoutedEntry(value)) return { kind: 'routed' };
    if (typeof value.url === 'string' && /^https?:\/\//i.test(value.url)) {
      const options = isObj(value.requestOptions) ? value.requestOptions : {};
      const headers = stringMap(options.headers);
      if (typeof value.apiKey === 'string') headers.Authorization = `Bearer ${value.apiKey}`;
      return {
        kind: 'remote',
        remote: { via: 'http', url: value.url, transport: transportOf(value.url, value.type), headers },
      };
    }
    const r = mcpRemoteTarget(value);
    return r ? { kind: 'remote', remote: r } : { kind: 'local' };
  },
  routedHttpEntry: (original, local) => {
    const options = isObj(original.requestOptions) ? original.requestOptions : {};
    return {
      name: original.name,
      type: local.transport === 'sse' ? 'sse' : 'streamable-http',
      url: local.url,
      // Other request options (timeouts, TLS) stay; the original headers and apiKey are kept by
      // the companion and sent upstream.
      requestOptions: { ...options, headers: bearer(local.token) },
      ...keptFields(original, ['name', 'apiKey', 'requestOptions']),
    };
  },
  routedBridgeEntry: (original, bridge, token) => ({
    name: original.name,
    command: bridge.command,
    args: bridge.args,
    env: { ...bridge.env, MCP_COMPANION_TOKEN: token },
    ...keptFields(original, ['name']),
  }),
  credentialStores: (ctx) => [continueGlobalContextStore(ctx), continueCliMcpRemoteStore(ctx)],
  afterChange: (running) =>
    running
      ? 'Exit running `cn` sessions and start them again; in VS Code or JetBrains, Continue reloads its config by itself.'
      : 'Start `cn` (or open Continue in your editor); it reads config.yaml at launch.',
});
