// LM Studio (0.3.17+): `mcp.json` in its home folder `~/.lmstudio/` (`%USERPROFILE%\.lmstudio\`
// on Windows), key `mcpServers` in "Cursor's mcp.json notation": remote entries `url` +
// `headers` [official-doc lmstudio.ai/docs/app/mcp; the folder: 3rd-party, consistent across
// many server READMEs]. No project scope. Where LM Studio keeps MCP OAuth state is not
// documented, so reset offers manual steps only.

import { joinFor } from '../platform-paths.js';
import { bearer, defineAdapter } from '../adapter-kit.js';
import { keptFields } from '../entry-shapes.js';
import { mcpRemoteStore } from '../credentials/mcp-remote.js';

export const lmStudioAdapter = defineAdapter({
  id: 'lm-studio',
  displayName: 'LM Studio',
  httpCapable: true,
  // `LM Studio` (macOS, Windows `LM Studio.exe`), `lm-studio` (Linux AppImage) [inferred].
  processNames: ['LM Studio', 'LM Studio.exe', 'lm-studio'],
  installMarkers: (ctx) => [joinFor(ctx.platform, ctx.home, '.lmstudio')],
  configFiles: (ctx) => [
    { path: joinFor(ctx.platform, ctx.home, '.lmstudio', 'mcp.json'), format: 'json', scope: 'user' },
  ],
  routedHttpEntry: (original, local) => ({
    // Cursor notation: `type` is optional; write it only when the entry had one.
    ...(original.type !== undefined ? { type: local.transport === 'sse' ? 'sse' : 'http' } : {}),
    url: local.url,
    headers: bearer(local.token),
    ...keptFields(original),
  }),
  credentialStores: (ctx) => [mcpRemoteStore(ctx)],
  manualResetSteps: () => [
    "LM Studio's own MCP sign-in store is not documented: if a server keeps failing to sign in, open the Program tab → Install → Edit mcp.json, remove the server, save, add it back and save again (or route it: `mcp-companion route lm-studio`).",
  ],
});
