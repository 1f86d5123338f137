// Factory (the `droid` CLI): user `~/.factory/mcp.json` (home overridable by
// FACTORY_HOME_OVERRIDE), project `<project>/.factory/mcp.json`, key `mcpServers`; remote:
// `type: "http"|"sse"`, `url`, `headers`, `oauth` (an object, or `false` to turn OAuth off);
// stdio: `command`, `args`, `env` [official-doc: Factory-AI/factory docs/cli/configuration/mcp.mdx;
// source: npm @factory/cli-linux-x64@0.225.2]. Its MCP OAuth state is one AES-GCM encrypted
// file (`~/.factory/mcp-oauth.v2.file`, key beside it) that the companion does not edit.

import { joinFor } from '../platform-paths.js';
import { bearer, defineAdapter } from '../adapter-kit.js';
import { keptFields } from '../entry-shapes.js';
import { mcpRemoteStore } from '../credentials/mcp-remote.js';
import type { ClientContext } from '../types.js';

function factoryDir(ctx: ClientContext): string {
  return joinFor(ctx.platform, ctx.env.FACTORY_HOME_OVERRIDE || ctx.home, '.factory');
}

export const factoryAdapter = defineAdapter({
  id: 'factory',
  displayName: 'Factory Droid',
  httpCapable: true,
  processNames: ['droid', 'droid.exe'],
  installMarkers: (ctx) => [factoryDir(ctx)],
  configFiles: (ctx) => [
    { path: joinFor(ctx.platform, factoryDir(ctx), 'mcp.json'), format: 'json', scope: 'user' },
    ...ctx.projectDirs.map((d) => ({
      path: joinFor(ctx.platform, d, '.factory', 'mcp.json'),
      format: 'json' as const,
      scope: 'project' as const,
    })),
  ],
  routedHttpEntry: (original, local) => ({
    type: local.transport === 'sse' ? 'sse' : 'http',
    url: local.url,
    headers: bearer(local.token),
    // The local gateway never asks for OAuth; `false` stops droid from probing for it.
    oauth: false,
    ...keptFields(original),
  }),
  credentialStores: (ctx) => [mcpRemoteStore(ctx)],
  manualResetSteps: (ctx, servers) => [
    `Factory Droid keeps MCP sign-ins encrypted in ${joinFor(ctx.platform, factoryDir(ctx), 'mcp-oauth.v2.file')}, which the companion does not edit: in droid, type /mcp, pick ${servers.length ? servers.map((s) => `"${s}"`).join(', ') : 'the server'} and choose "Clear Authentication" (or route it: \`mcp-companion route factory\`).`,
  ],
});
