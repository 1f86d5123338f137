// OpenCode (v1, also reading v2-style `mcp.servers.<name>`): global `config.json`,
// `opencode.json`, `opencode.jsonc` in `$XDG_CONFIG_HOME/opencode`, `$OPENCODE_CONFIG`, and
// project `opencode.json[c]` / `.opencode/opencode.json[c]`. Entry shape: see opencode-shape.ts
// [official-doc + source: npm opencode-ai@1.18.33, reference/clients.md §4].

import { joinFor, xdgConfigHome } from '../platform-paths.js';
import { defineAdapter } from '../adapter-kit.js';
import {
  opencodeClassify,
  opencodeFileSpec,
  opencodeRoutedBridgeEntry,
  opencodeRoutedHttpEntry,
} from '../opencode-shape.js';
import { mcpRemoteStore } from '../credentials/mcp-remote.js';
import { opencodeAuthFile, opencodeStore } from '../credentials/simple-stores.js';
import type { ClientContext } from '../types.js';

const NAMES = ['config.json', 'opencode.json', 'opencode.jsonc'];

function globalDir(ctx: ClientContext): string {
  return joinFor(ctx.platform, xdgConfigHome(ctx.env, ctx.platform, ctx.home), 'opencode');
}

export const opencodeAdapter = defineAdapter({
  id: 'opencode',
  displayName: 'OpenCode',
  httpCapable: true,
  processNames: ['opencode', 'opencode.exe'],
  installMarkers: (ctx) => [globalDir(ctx), opencodeAuthFile(ctx)],
  configFiles: (ctx) => [
    ...NAMES.map((n) => opencodeFileSpec(joinFor(ctx.platform, globalDir(ctx), n), 'user')),
    ...(ctx.env.OPENCODE_CONFIG ? [opencodeFileSpec(ctx.env.OPENCODE_CONFIG, 'user')] : []),
    ...ctx.projectDirs.flatMap((d) => [
      ...['opencode.json', 'opencode.jsonc'].map((n) => opencodeFileSpec(joinFor(ctx.platform, d, n), 'project')),
      ...['opencode.json', 'opencode.jsonc'].map((n) =>
        opencodeFileSpec(joinFor(ctx.platform, d, '.opencode', n), 'project'),
      ),
    ]),
  ],
  classify: opencodeClassify,
  routedHttpEntry: opencodeRoutedHttpEntry,
  routedBridgeEntry: opencodeRoutedBridgeEntry,
  credentialStores: (ctx) => [opencodeStore(ctx), mcpRemoteStore(ctx)],
});
