// Augment (the `auggie` CLI): user `~/.augment/settings.json`, project
// `<project>/.augment/settings.json` and `<project>/.augment/settings.local.json` (git-ignored),
// key `mcpServers`; remote: `type: "http"|"sse"`, `url`, `headers`; stdio: `command`, `args`,
// `env` [source: npm @augmentcode/auggie@0.36.0, `auggie mcp add --help`]. Its MCP OAuth
// tokens are kept by Augment's service (secret `augment.mcp-access-token.<name>`), not on disk.

import { joinFor } from '../platform-paths.js';
import { bearer, defineAdapter } from '../adapter-kit.js';
import { keptFields } from '../entry-shapes.js';
import { mcpRemoteStore } from '../credentials/mcp-remote.js';
import type { ClientContext } from '../types.js';

function augmentDir(ctx: ClientContext): string {
  return joinFor(ctx.platform, ctx.home, '.augment');
}

export const augmentAdapter = defineAdapter({
  id: 'augment',
  displayName: 'Augment (Auggie)',
  httpCapable: true,
  processNames: ['auggie', 'auggie.exe'], // usually runs as `node`, then it cannot be seen [inferred]
  installMarkers: (ctx) => [augmentDir(ctx)],
  configFiles: (ctx) => [
    { path: joinFor(ctx.platform, augmentDir(ctx), 'settings.json'), format: 'json', scope: 'user' },
    ...ctx.projectDirs.flatMap((d) => [
      {
        path: joinFor(ctx.platform, d, '.augment', 'settings.json'),
        format: 'json' as const,
        scope: 'project' as const,
      },
      {
        path: joinFor(ctx.platform, d, '.augment', 'settings.local.json'),
        format: 'json' as const,
        scope: 'local' as const,
      },
    ]),
  ],
  routedHttpEntry: (original, local) => ({
    type: local.transport === 'sse' ? 'sse' : 'http',
    url: local.url,
    headers: bearer(local.token),
    ...keptFields(original),
  }),
  credentialStores: (ctx) => [mcpRemoteStore(ctx)],
  manualResetSteps: (_ctx, servers) => [
    `Augment keeps MCP sign-ins in your Augment account, not on this machine: in auggie, type /mcp, pick ${servers.length ? servers.map((s) => `"${s}"`).join(', ') : 'the server'} and sign in again (or route it: \`mcp-companion route augment\`).`,
  ],
});
