// Claude Desktop: `claude_desktop_config.json`, key `mcpServers`, stdio entries only; remote
// servers come either through Settings → Connectors (OAuth held by Anthropic, nothing local)
// or `mcp-remote` [official-doc + source, reference/clients.md §2]. It cannot speak HTTP to a
// local server, so routed entries run `mcp-companion bridge` — which also makes `url` entries
// (which Claude Desktop skips as invalid) work.

import { appConfigRoot, joinFor } from '../platform-paths.js';
import { defineAdapter } from '../adapter-kit.js';
import { mcpRemoteStore } from '../credentials/mcp-remote.js';
import type { ClientContext } from '../types.js';

function claudeDir(ctx: ClientContext): string {
  // macOS/Windows paths are documented; Linux (`$XDG_CONFIG_HOME/Claude`) is what community builds use [inferred].
  return joinFor(ctx.platform, appConfigRoot(ctx.env, ctx.platform, ctx.home), 'Claude');
}

export const claudeDesktopAdapter = defineAdapter({
  id: 'claude-desktop',
  displayName: 'Claude Desktop',
  httpCapable: false,
  // `Claude` on macOS, `Claude.exe` on Windows; Linux community builds vary [inferred].
  processNames: ['Claude', 'Claude.exe', 'claude-desktop'],
  urlFields: ['url', 'serverUrl'],
  installMarkers: (ctx) => [claudeDir(ctx)],
  configFiles: (ctx) => [
    { path: joinFor(ctx.platform, claudeDir(ctx), 'claude_desktop_config.json'), format: 'json', scope: 'user' },
  ],
  credentialStores: (ctx) => [mcpRemoteStore(ctx)],
  manualResetSteps: () => [
    'Connectors (Settings → Connectors) keep their OAuth state at Anthropic, not on this machine: remove the connector and add it again to make Claude register afresh.',
  ],
  afterChange: (running) =>
    running
      ? 'Quit Claude Desktop completely (also from the tray/menu bar) and start it again; it reads its config only at launch.'
      : 'Start Claude Desktop; it reads its config at launch.',
});
