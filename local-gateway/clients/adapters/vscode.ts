// VS Code (Copilot agent mode): user-profile `mcp.json` and `<project>/.vscode/mcp.json`, key
// `servers` (+ `inputs`); remote: `type:"http"|"sse"`, `url`, `headers` [official-doc,
// reference/clients.md §6.1]. The default-profile path `<Code user dir>/User/mcp.json` is
// inferred (not stated in the docs). OAuth state is in encrypted SecretStorage: not editable.

import { appConfigRoot, joinFor } from '../platform-paths.js';
import { bearer, defineAdapter } from '../adapter-kit.js';
import { keptFields } from '../entry-shapes.js';
import { mcpRemoteStore } from '../credentials/mcp-remote.js';
import type { ClientContext } from '../types.js';

function userDir(ctx: ClientContext): string {
  return joinFor(ctx.platform, appConfigRoot(ctx.env, ctx.platform, ctx.home), 'Code', 'User');
}

export const vscodeAdapter = defineAdapter({
  id: 'vscode',
  displayName: 'VS Code',
  httpCapable: true,
  // `Code` (macOS, recent), `Code.exe`, `code` (Linux) [inferred].
  processNames: ['Code', 'Code.exe', 'code'],
  installMarkers: (ctx) => [userDir(ctx)],
  configFiles: (ctx) => [
    {
      path: joinFor(ctx.platform, userDir(ctx), 'mcp.json'),
      format: 'json',
      scope: 'user',
      containers: () => [{ path: ['servers'], scope: 'user' }],
    },
    ...ctx.projectDirs.map((d) => ({
      path: joinFor(ctx.platform, d, '.vscode', 'mcp.json'),
      format: 'json' as const,
      scope: 'project' as const,
      containers: () => [{ path: ['servers'], scope: 'project' as const }],
    })),
  ],
  routedHttpEntry: (original, local) => ({
    type: local.transport === 'sse' ? 'sse' : 'http',
    url: local.url,
    headers: bearer(local.token),
    ...keptFields(original),
  }),
  credentialStores: (ctx) => [mcpRemoteStore(ctx)],
  manualResetSteps: () => [
    'VS Code keeps MCP OAuth clients and tokens in encrypted secret storage, which the companion does not edit: Command Palette → "Authentication: Remove Dynamic Authentication Providers", select the server\'s provider, then sign out of it in the Accounts menu.',
  ],
});
