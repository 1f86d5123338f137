// GitHub Copilot CLI: `$COPILOT_HOME/mcp-config.json` (default `~/.copilot`, every OS) and the
// workspace file `<project>/.github/mcp.json`, key `mcpServers`; remote entries `type:"http"|"sse"`,
// `url`, `headers`, plus `tools: ["*"]` as `copilot mcp add` writes them; local ones
// `type:"local"`, `command`, `args`, `env` [source: npm @github/copilot@1.0.102, `copilot mcp add`
// and cli-main.js]. Its other workspace file, `<project>/.mcp.json`, is Claude Code's format and
// file: the claude-code adapter routes it (one owner per file). MCP OAuth state is kept by native
// code in `<copilot home>/mcp-oauth-config/`, a format the companion does not edit.

import { joinFor } from '../platform-paths.js';
import { bearer, defineAdapter } from '../adapter-kit.js';
import { BRIDGE_TOKEN_ENV, keptFields } from '../entry-shapes.js';
import { mcpRemoteStore } from '../credentials/mcp-remote.js';
import type { ClientContext } from '../types.js';

function copilotHome(ctx: ClientContext): string {
  return ctx.env.COPILOT_HOME || joinFor(ctx.platform, ctx.home, '.copilot');
}

export const copilotCliAdapter = defineAdapter({
  id: 'copilot-cli',
  displayName: 'GitHub Copilot CLI',
  httpCapable: true,
  processNames: ['copilot', 'copilot.exe'],
  installMarkers: (ctx) => [copilotHome(ctx)],
  configFiles: (ctx) => [
    { path: joinFor(ctx.platform, copilotHome(ctx), 'mcp-config.json'), format: 'json', scope: 'user' },
    ...ctx.projectDirs.map((d) => ({
      path: joinFor(ctx.platform, d, '.github', 'mcp.json'),
      format: 'json' as const,
      scope: 'project' as const,
    })),
  ],
  routedHttpEntry: (original, local) => ({
    type: local.transport === 'sse' ? 'sse' : 'http',
    url: local.url,
    headers: bearer(local.token),
    ...keptFields(original),
  }),
  routedBridgeEntry: (original, bridge, token) => ({
    ...(original.type !== undefined ? { type: 'local' } : {}),
    command: bridge.command,
    args: bridge.args,
    env: { ...bridge.env, [BRIDGE_TOKEN_ENV]: token },
    ...keptFields(original),
  }),
  credentialStores: (ctx) => [mcpRemoteStore(ctx)],
  manualResetSteps: (ctx) => [
    `GitHub Copilot CLI keeps MCP OAuth sign-ins in ${joinFor(ctx.platform, copilotHome(ctx), 'mcp-oauth-config')} in a format the companion does not edit: in \`copilot\`, run \`/mcp\`, pick the server and sign in again; or quit Copilot CLI and delete that folder (it holds only MCP sign-ins, not your GitHub login).`,
  ],
  afterChange: (running) =>
    running
      ? 'Exit running `copilot` sessions and start them again; they read mcp-config.json at launch.'
      : 'Start `copilot`; it reads mcp-config.json at launch.',
});
