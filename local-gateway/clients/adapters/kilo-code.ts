// Kilo Code: its CLI (npm `@kilocode/cli` 7, an OpenCode fork) and the VS Code extension
// `kilocode.kilo-code` that runs it share `$XDG_CONFIG_HOME/kilo/` (`config.json`, `kilo.json`,
// `kilo.jsonc`, `opencode.json`, `opencode.jsonc`), `$KILO_CONFIG`, and project `kilo.json[c]`
// / `.kilo/kilo.json[c]`, in OpenCode's shape (opencode-shape.ts). It also still reads the
// extension-era Roo-style files (roo-shape.ts): project `.kilocode/mcp.json` and `.kilo/mcp.json`,
// and, inside VS Code, `globalStorage/kilocode.kilo-code/settings/mcp_settings.json`
// [source: npm @kilocode/cli@7.7.7, `kilocode.mcp-migrator` / `loadLegacyConfigs`]. OAuth:
// `$XDG_DATA_HOME/kilo/mcp-auth.json`, OpenCode's format [source: npm @kilocode/cli@7.7.7].

import { joinFor, xdgConfigHome, xdgDataHome } from '../platform-paths.js';
import { classifyCommon, defineAdapter } from '../adapter-kit.js';
import { BRIDGE_TOKEN_ENV, keptFields } from '../entry-shapes.js';
import { extensionStorageDirs, extensionStorageFiles } from '../extension-storage.js';
import {
  isOpencodeEntry,
  opencodeClassify,
  opencodeFileSpec,
  opencodeRoutedBridgeEntry,
  opencodeRoutedHttpEntry,
} from '../opencode-shape.js';
import { rooRoutedHttpEntry } from '../roo-shape.js';
import { mcpRemoteStore } from '../credentials/mcp-remote.js';
import { opencodeStore } from '../credentials/simple-stores.js';
import type { ClientContext, ConfigFileSpec } from '../types.js';

const EXTENSION = 'kilocode.kilo-code';
const GLOBAL_NAMES = ['config.json', 'kilo.json', 'kilo.jsonc', 'opencode.json', 'opencode.jsonc'];

function configDir(ctx: ClientContext): string {
  return joinFor(ctx.platform, xdgConfigHome(ctx.env, ctx.platform, ctx.home), 'kilo');
}

function rooStyle(path: string, scope: 'user' | 'project'): ConfigFileSpec {
  return { path, format: 'json', scope };
}

export const kiloCodeAdapter = defineAdapter({
  id: 'kilo-code',
  displayName: 'Kilo Code',
  httpCapable: true,
  processNames: ['kilo', 'kilo.exe'],
  installMarkers: (ctx) => [
    configDir(ctx),
    joinFor(ctx.platform, xdgDataHome(ctx.env, ctx.platform, ctx.home), 'kilo'),
    ...extensionStorageDirs(ctx, EXTENSION),
  ],
  configFiles: (ctx) => [
    ...GLOBAL_NAMES.map((n) => opencodeFileSpec(joinFor(ctx.platform, configDir(ctx), n), 'user')),
    ...(ctx.env.KILO_CONFIG ? [opencodeFileSpec(ctx.env.KILO_CONFIG, 'user')] : []),
    ...extensionStorageFiles(ctx, EXTENSION, 'settings', 'mcp_settings.json').map((p) => rooStyle(p, 'user')),
    ...ctx.projectDirs.flatMap((d) => [
      ...['kilo.json', 'kilo.jsonc'].map((n) => opencodeFileSpec(joinFor(ctx.platform, d, n), 'project')),
      ...['kilo.json', 'kilo.jsonc'].map((n) => opencodeFileSpec(joinFor(ctx.platform, d, '.kilo', n), 'project')),
      ...['.kilocode', '.kilo'].map((dir) => rooStyle(joinFor(ctx.platform, d, dir, 'mcp.json'), 'project')),
    ]),
  ],
  // Both shapes can be met; an entry's own fields say which one it is in.
  classify: (value) => (isOpencodeEntry(value) ? opencodeClassify(value) : classifyCommon(value, ['url'])),
  routedHttpEntry: (original, local) =>
    isOpencodeEntry(original) ? opencodeRoutedHttpEntry(original, local) : rooRoutedHttpEntry(original, local),
  routedBridgeEntry: (original, bridge, token) =>
    isOpencodeEntry(original)
      ? opencodeRoutedBridgeEntry(original, bridge, token)
      : {
          command: bridge.command,
          args: bridge.args,
          env: { ...bridge.env, [BRIDGE_TOKEN_ENV]: token },
          ...keptFields(original),
        },
  credentialStores: (ctx) => [opencodeStore(ctx, 'kilo'), mcpRemoteStore(ctx)],
});
