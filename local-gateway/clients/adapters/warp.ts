// Warp (terminal, app): `~/.warp/.mcp.json` on every OS (user; other channels use `.warp-<channel>`)
// and `<repo>/.warp/.mcp.json` (project; Warp asks before starting project servers), key
// `mcpServers`, strict JSON; remote entries `url` + `headers` [source: warpdotdev/warp
// crates/warp_core/src/paths.rs warp_home_mcp_config_file_path, app/src/ai/mcp/mod.rs
// MCPProvider::Warp, app/src/ai/mcp/parsing.rs; official-doc docs.warp.dev/agents/capabilities/mcp].
// Servers added in Settings → MCP servers live in Warp Drive instead (not a file). OAuth
// credentials of file-based servers go to the OS secure storage [source:
// app/src/ai/mcp/templatable_manager/native.rs FILE_BASED_MCP_CREDENTIALS_KEY].

import { joinFor } from '../platform-paths.js';
import { bearer, defineAdapter } from '../adapter-kit.js';
import { keptFields } from '../entry-shapes.js';
import { mcpRemoteStore } from '../credentials/mcp-remote.js';

export const warpAdapter = defineAdapter({
  id: 'warp',
  displayName: 'Warp',
  httpCapable: true,
  // The macOS app binary is `stable` (Warp.app/Contents/MacOS/stable); `warp` / `warp-terminal`
  // on Linux, `warp.exe` on Windows [inferred].
  processNames: ['stable', 'Warp', 'warp', 'warp-terminal', 'warp.exe'],
  installMarkers: (ctx) => [joinFor(ctx.platform, ctx.home, '.warp')],
  configFiles: (ctx) => [
    { path: joinFor(ctx.platform, ctx.home, '.warp', '.mcp.json'), format: 'json', scope: 'user' },
    ...ctx.projectDirs.map((d) => ({
      path: joinFor(ctx.platform, d, '.warp', '.mcp.json'),
      format: 'json' as const,
      scope: 'project' as const,
    })),
  ],
  routedHttpEntry: (original, local) => ({
    url: local.url,
    headers: bearer(local.token),
    ...keptFields(original),
  }),
  credentialStores: (ctx) => [mcpRemoteStore(ctx)],
  manualResetSteps: () => [
    'Warp keeps MCP OAuth credentials in the OS secure storage, which the companion does not edit: in Settings → MCP servers, open the server and log out (or remove and re-add it), or route it: `mcp-companion route warp`.',
  ],
  afterChange: (running) =>
    running
      ? 'Warp watches ~/.warp/.mcp.json and restarts changed servers; check Settings → MCP servers shows them running (project servers need your approval).'
      : 'Start Warp; it reads ~/.warp/.mcp.json at launch.',
});
