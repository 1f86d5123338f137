// Windsurf: `~/.codeium/windsurf/mcp_config.json`, key `mcpServers`; remote entries use
// `serverUrl` (a Cursor-style `url` does not connect) + `headers` [3rd-party,
// reference/clients.md §6.2]. Its OAuth store (state.vscdb secret) and reset are unconfirmed.

import { joinFor } from '../platform-paths.js';
import { bearer, defineAdapter } from '../adapter-kit.js';
import { keptFields } from '../entry-shapes.js';
import { mcpRemoteStore } from '../credentials/mcp-remote.js';

export const windsurfAdapter = defineAdapter({
  id: 'windsurf',
  displayName: 'Windsurf',
  httpCapable: true,
  processNames: ['Windsurf', 'Windsurf.exe', 'windsurf'], // [inferred]
  urlFields: ['serverUrl', 'url'],
  installMarkers: (ctx) => [joinFor(ctx.platform, ctx.home, '.codeium', 'windsurf')],
  configFiles: (ctx) => [
    { path: joinFor(ctx.platform, ctx.home, '.codeium', 'windsurf', 'mcp_config.json'), format: 'json', scope: 'user' },
  ],
  routedHttpEntry: (original, local) => ({
    serverUrl: local.url,
    headers: bearer(local.token),
    ...keptFields(original),
  }),
  credentialStores: (ctx) => [mcpRemoteStore(ctx)],
  manualResetSteps: () => [
    "Windsurf's own MCP OAuth store is not documented; if a server keeps failing to sign in, open Windsurf Settings → Cascade → MCP servers, remove the server, and add it again (or route it: `mcp-companion route windsurf`).",
  ],
});
