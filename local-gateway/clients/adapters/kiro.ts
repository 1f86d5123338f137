// Kiro (IDE and `kiro-cli`, the successor of Amazon Q Developer CLI): `~/.kiro/settings/mcp.json`
// (user) and `<project>/.kiro/settings/mcp.json` (workspace; it wins on a name clash), key
// `mcpServers`; remote entries `url` + `headers` (+ `oauth.clientId`/`redirectUri`,
// `oauthScopes`), also `disabled`, `autoApprove`, `disabledTools` [official-doc
// kiro.dev/docs/mcp/configuration, kiro.dev/docs/cli/chat/configuration]. Custom agents
// `~/.kiro/agents/*.json` and `<project>/.kiro/agents/*.json` may carry their own `mcpServers`
// (agent > project > global) [official-doc, same pages]. kiro-cli keeps MCP
// OAuth in `~/.aws/sso/cache/<sha256>.{token,registration}.json` like Q CLI [3rd-party:
// kirodotdev/KiroCrew#7579; layout: Q CLI source]; the IDE's per-server store is not documented.

import { joinFor } from '../platform-paths.js';
import { bearer, defineAdapter, jsonFilesIn } from '../adapter-kit.js';
import { keptFields } from '../entry-shapes.js';
import { awsSsoMcpStore } from '../credentials/aws-sso-mcp-cache.js';
import { mcpRemoteStore } from '../credentials/mcp-remote.js';

export const kiroAdapter = defineAdapter({
  id: 'kiro',
  displayName: 'Kiro',
  httpCapable: true,
  // `Kiro` (macOS), `Kiro.exe`, `kiro` (Linux), `kiro-cli` / `kiro-cli-chat` [inferred].
  processNames: ['Kiro', 'Kiro.exe', 'kiro', 'kiro-cli', 'kiro-cli-chat'],
  installMarkers: (ctx) => [joinFor(ctx.platform, ctx.home, '.kiro')],
  configFiles: (ctx) => [
    { path: joinFor(ctx.platform, ctx.home, '.kiro', 'settings', 'mcp.json'), format: 'json', scope: 'user' },
    ...jsonFilesIn(ctx, joinFor(ctx.platform, ctx.home, '.kiro', 'agents'), 'user'),
    ...ctx.projectDirs.flatMap((d) => [
      {
        path: joinFor(ctx.platform, d, '.kiro', 'settings', 'mcp.json'),
        format: 'json' as const,
        scope: 'project' as const,
      },
      ...jsonFilesIn(ctx, joinFor(ctx.platform, d, '.kiro', 'agents'), 'project'),
    ]),
  ],
  routedHttpEntry: (original, local) => ({
    url: local.url,
    headers: bearer(local.token),
    // The gateway signs in upstream: Kiro's own OAuth settings would only start a second flow.
    ...keptFields(original, ['oauthScopes']),
  }),
  credentialStores: (ctx) => [awsSsoMcpStore(ctx), mcpRemoteStore(ctx)],
  manualResetSteps: () => [
    'The Kiro IDE keeps its MCP sign-ins in a store of its own that is not documented: in the Kiro panel → MCP Servers, open the server and sign out / Authenticate again (kiro-cli: `/mcp logout <server>`), or route it: `mcp-companion route kiro`.',
  ],
});
