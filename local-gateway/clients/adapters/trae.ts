// Trae (ByteDance's VS Code-based IDE; "Trae CN" is the China build): user `mcp.json` in its
// VS Code-style user folder, `<App data>/Trae/User/mcp.json` (`~/Library/Application Support`,
// `%APPDATA%`, `~/.config`), key `mcpServers` [3rd-party: consistent across installers, e.g.
// Trae CN `AppData/Roaming/Trae CN/User/mcp.json`]; project `<project>/.trae/mcp.json`
// [official-doc volcengine.com/docs/86677/2137601 (TRAE CN: 项目级 MCP Server)]. Transports
// stdio, SSE, Streamable HTTP [official-doc, TRAE MCP overview]; remote entries `url` (+`headers`,
// optional `type`). Its MCP OAuth store is not documented: manual steps only.

import { appConfigRoot, joinFor } from '../platform-paths.js';
import { bearer, defineAdapter } from '../adapter-kit.js';
import { keptFields } from '../entry-shapes.js';
import { mcpRemoteStore } from '../credentials/mcp-remote.js';
import type { ClientContext } from '../types.js';

const userDir = (ctx: ClientContext, app: string) =>
  joinFor(ctx.platform, appConfigRoot(ctx.env, ctx.platform, ctx.home), app, 'User');

export const traeAdapter = defineAdapter({
  id: 'trae',
  displayName: 'Trae',
  httpCapable: true,
  // `Trae` / `Trae CN` (macOS), `Trae.exe` / `Trae CN.exe`, `trae` (Linux) [inferred].
  processNames: ['Trae', 'Trae.exe', 'trae', 'Trae CN', 'Trae CN.exe'],
  installMarkers: (ctx) => [userDir(ctx, 'Trae'), userDir(ctx, 'Trae CN')],
  configFiles: (ctx) => [
    { path: joinFor(ctx.platform, userDir(ctx, 'Trae'), 'mcp.json'), format: 'json', scope: 'user' },
    { path: joinFor(ctx.platform, userDir(ctx, 'Trae CN'), 'mcp.json'), format: 'json', scope: 'user' },
    ...ctx.projectDirs.map((d) => ({
      path: joinFor(ctx.platform, d, '.trae', 'mcp.json'),
      format: 'json' as const,
      scope: 'project' as const,
    })),
  ],
  routedHttpEntry: (original, local) => ({
    // The local endpoint speaks the entry's own transport, so its `type` (if any) stays as written.
    ...(original.type !== undefined ? { type: original.type } : {}),
    url: local.url,
    headers: bearer(local.token),
    ...keptFields(original),
  }),
  credentialStores: (ctx) => [mcpRemoteStore(ctx)],
  manualResetSteps: () => [
    "Trae's own MCP sign-in store is not documented: if a server keeps failing to sign in, open Settings → MCP, remove the server and add it again (or route it: `mcp-companion route trae`).",
  ],
});
