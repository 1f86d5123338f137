// Amazon Q Developer (CLI `q` and the IDE plugins): `~/.aws/amazonq/mcp.json` (global, "legacy")
// and `<project>/.amazonq/mcp.json`, agent files `~/.aws/amazonq/cli-agents/*.json` and
// `<project>/.amazonq/cli-agents/*.json` (CLI), `~/.aws/amazonq/agents/default.json` (IDE), each
// with `mcpServers` [source: aws/amazon-q-developer-cli crates/chat-cli/src/util/paths.rs;
// official-doc docs.aws.amazon.com/amazonq/latest/qdeveloper-ug/qdev-mcp.html]. An entry is stdio
// unless `"type": "http"` (+ `url`, `headers`, `oauthScopes`, `oauth.redirectUri`) [source:
// cli/chat/tools/custom_tool.rs CustomToolConfig]. MCP OAuth: `~/.aws/sso/cache/` (see
// credentials/aws-sso-mcp-cache.ts). Q CLI is now maintained only for security fixes (Kiro CLI).

import { joinFor } from '../platform-paths.js';
import { bearer, defineAdapter, jsonFilesIn } from '../adapter-kit.js';
import { keptFields } from '../entry-shapes.js';
import { awsSsoMcpStore } from '../credentials/aws-sso-mcp-cache.js';
import { mcpRemoteStore } from '../credentials/mcp-remote.js';
import type { ClientContext, ConfigFileSpec } from '../types.js';

function amazonqDir(ctx: ClientContext): string {
  return joinFor(ctx.platform, ctx.home, '.aws', 'amazonq');
}

export const amazonQAdapter = defineAdapter({
  id: 'amazon-q',
  displayName: 'Amazon Q Developer',
  httpCapable: true,
  // `q` / `qchat` (CLI); the IDE plugins run inside VS Code or a JetBrains IDE [inferred].
  processNames: ['q', 'qchat', 'q.exe', 'qchat.exe'],
  installMarkers: (ctx) => [amazonqDir(ctx)],
  configFiles: (ctx) => {
    const user: ConfigFileSpec[] = [
      { path: joinFor(ctx.platform, amazonqDir(ctx), 'mcp.json'), format: 'json', scope: 'user' },
      ...jsonFilesIn(ctx, joinFor(ctx.platform, amazonqDir(ctx), 'cli-agents'), 'user'),
    ];
    // `agents/default.json` is the IDE's; the folder holds other agents the IDE may read too.
    user.push(...jsonFilesIn(ctx, joinFor(ctx.platform, amazonqDir(ctx), 'agents'), 'user'));
    const project = ctx.projectDirs.flatMap((d): ConfigFileSpec[] => [
      { path: joinFor(ctx.platform, d, '.amazonq', 'mcp.json'), format: 'json', scope: 'project' },
      ...jsonFilesIn(ctx, joinFor(ctx.platform, d, '.amazonq', 'cli-agents'), 'project'),
    ]);
    return [...user, ...project];
  },
  routedHttpEntry: (original, local) => ({
    // Without `type: "http"` Q treats the entry as stdio.
    type: 'http',
    url: local.url,
    headers: bearer(local.token),
    ...keptFields(original, ['oauthScopes']),
  }),
  credentialStores: (ctx) => [awsSsoMcpStore(ctx), mcpRemoteStore(ctx)],
  afterChange: (running) =>
    running
      ? 'Amazon Q loads MCP servers when a chat starts: leave the running `q chat` (/quit) and start it again; in the IDE, reopen the chat panel.'
      : 'Start `q chat` (or the IDE chat); it loads the MCP servers at start.',
});
