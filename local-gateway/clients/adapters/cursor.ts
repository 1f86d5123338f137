// Cursor: `~/.cursor/mcp.json` and `<project>/.cursor/mcp.json`, key `mcpServers`; remote
// entries use `url` (+ `headers`, optional `type`, optional static-client `auth`)
// [3rd-party, reference/clients.md §1]. OAuth state lives in state.vscdb (see credentials/cursor-state.ts).

import { appConfigRoot, joinFor } from '../platform-paths.js';
import { bearer, defineAdapter } from '../adapter-kit.js';
import { keptFields } from '../entry-shapes.js';
import { cursorStore } from '../credentials/cursor-state.js';
import { mcpRemoteStore } from '../credentials/mcp-remote.js';

export const cursorAdapter = defineAdapter({
  id: 'cursor',
  displayName: 'Cursor',
  httpCapable: true,
  // Process names are inferred: the app binary is `Cursor` (macOS), `Cursor.exe`, `cursor` (Linux AppImage/deb).
  processNames: ['Cursor', 'Cursor.exe', 'cursor'],
  installMarkers: (ctx) => [
    joinFor(ctx.platform, ctx.home, '.cursor'),
    joinFor(ctx.platform, appConfigRoot(ctx.env, ctx.platform, ctx.home), 'Cursor'),
  ],
  configFiles: (ctx) => [
    { path: joinFor(ctx.platform, ctx.home, '.cursor', 'mcp.json'), format: 'json', scope: 'user' },
    ...ctx.projectDirs.map((d) => ({
      path: joinFor(ctx.platform, d, '.cursor', 'mcp.json'),
      format: 'json' as const,
      scope: 'project' as const,
    })),
  ],
  routedHttpEntry: (original, local) => ({
    // `type` is optional for Cursor; write it only when the entry had one.
    ...(original.type !== undefined ? { type: local.transport === 'sse' ? 'sse' : 'http' } : {}),
    url: local.url,
    headers: bearer(local.token),
    ...keptFields(original),
  }),
  credentialStores: (ctx) => [cursorStore(ctx), mcpRemoteStore(ctx)],
  manualResetSteps: () => [
    'If a server still shows "Needs login" afterwards: Cursor Settings → Tools & MCP → the server → Logout, then Connect (or Command Palette → "Cursor: Clear All MCP Tokens").',
  ],
});
