// Roo Code (VS Code extension `RooVeterinaryInc.roo-cline`): global `mcp_settings.json` in the
// extension's storage folder `<App>/User/globalStorage/rooveterinaryinc.roo-cline/settings/`
// (in every VS Code-family editor) and project `<project>/.roo/mcp.json`, key `mcpServers`;
// entry shape: see roo-shape.ts [source: RooCodeInc/Roo-Code src/services/mcp/McpHub.ts,
// src/utils/storage.ts @cb836567 (3.52.1)]. Roo Code 3.52.1 has no MCP OAuth, so it caches no
// sign-ins. Not followed: the `roo-cline.customStoragePath` setting, which moves the folder.

import { joinFor } from '../platform-paths.js';
import { defineAdapter } from '../adapter-kit.js';
import { extensionStorageDirs, extensionStorageFiles } from '../extension-storage.js';
import { rooRoutedHttpEntry } from '../roo-shape.js';
import { mcpRemoteStore } from '../credentials/mcp-remote.js';

const EXTENSION = 'rooveterinaryinc.roo-cline';

export const rooCodeAdapter = defineAdapter({
  id: 'roo-code',
  displayName: 'Roo Code',
  httpCapable: true,
  // It runs inside the editor's extension host: no process of its own to look for.
  processNames: [],
  installMarkers: (ctx) => extensionStorageDirs(ctx, EXTENSION),
  configFiles: (ctx) => [
    ...extensionStorageFiles(ctx, EXTENSION, 'settings', 'mcp_settings.json').map((path) => ({
      path,
      format: 'json' as const,
      scope: 'user' as const,
    })),
    ...ctx.projectDirs.map((d) => ({
      path: joinFor(ctx.platform, d, '.roo', 'mcp.json'),
      format: 'json' as const,
      scope: 'project' as const,
    })),
  ],
  routedHttpEntry: rooRoutedHttpEntry,
  credentialStores: (ctx) => [mcpRemoteStore(ctx)],
  // Roo Code watches both files and reconnects changed servers by itself [source: McpHub.ts].
  afterChange: () =>
    'Roo Code reloads its MCP settings when the file changes; if a server stays disconnected, press Refresh in Roo Code\'s MCP Servers view or run "Developer: Reload Window".',
});
