// VS Code (Copilot agent mode): user-profile `mcp.json` and `<project>/.vscode/mcp.json`, key
// `servers` (+ `inputs`); remote: `type:"http"|"sse"`, `url`, `headers` [official-doc,
// reference/clients.md §6.1]. The default-profile path `<Code user dir>/User/mcp.json` is
// inferred (not stated in the docs). OAuth state is in encrypted SecretStorage: not editable.
// VS Code Insiders is the same program with its own user folder (`Code - Insiders`).

import { joinFor, vscodeUserDir } from '../platform-paths.js';
import { bearer, defineAdapter } from '../adapter-kit.js';
import { keptFields } from '../entry-shapes.js';
import { mcpRemoteStore } from '../credentials/mcp-remote.js';
import type { ClientAdapter, ClientContext, ClientId } from '../types.js';

interface VscodeEdition {
  id: ClientId;
  displayName: string;
  /** The user-folder name under the app config root. */
  app: string;
  processNames: string[];
}

export function vscodeEditionAdapter(edition: VscodeEdition): ClientAdapter {
  const userDir = (ctx: ClientContext) => vscodeUserDir(ctx.env, ctx.platform, ctx.home, edition.app);
  return defineAdapter({
    id: edition.id,
    displayName: edition.displayName,
    httpCapable: true,
    processNames: edition.processNames,
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
      `${edition.displayName} keeps MCP OAuth clients and tokens in encrypted secret storage, which the companion does not edit: Command Palette → "Authentication: Remove Dynamic Authentication Providers", select the server's provider, then sign out of it in the Accounts menu.`,
    ],
  });
}

export const vscodeAdapter = vscodeEditionAdapter({
  id: 'vscode',
  displayName: 'VS Code',
  app: 'Code',
  // `Code` (macOS, recent), `Code.exe`, `code` (Linux) [inferred].
  processNames: ['Code', 'Code.exe', 'code'],
});
