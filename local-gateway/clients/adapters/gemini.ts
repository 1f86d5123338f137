// Gemini CLI: `~/.gemini/settings.json` (home overridable by GEMINI_CLI_HOME) and
// `<project>/.gemini/settings.json`, key `mcpServers`; remote: `url` (+`type:"http"|"sse"`),
// legacy `httpUrl`, `headers`, `oauth{}` [source: npm @google/gemini-cli@0.61.0,
// reference/clients.md §6.4]. OAuth tokens: `~/.gemini/mcp-oauth-tokens.json`.

import { joinFor } from '../platform-paths.js';
import { bearer, classifyCommon, defineAdapter } from '../adapter-kit.js';
import { httpTarget, isRoutedEntry, keptFields } from '../entry-shapes.js';
import { mcpRemoteStore } from '../credentials/mcp-remote.js';
import { geminiDir, geminiStore } from '../credentials/simple-stores.js';

export const geminiAdapter = defineAdapter({
  id: 'gemini',
  displayName: 'Gemini CLI',
  httpCapable: true,
  processNames: ['gemini', 'gemini.exe'], // usually runs as `node`, then it cannot be seen [inferred]
  installMarkers: (ctx) => [geminiDir(ctx)],
  configFiles: (ctx) => [
    { path: joinFor(ctx.platform, geminiDir(ctx), 'settings.json'), format: 'json', scope: 'user' },
    ...ctx.projectDirs.map((d) => ({
      path: joinFor(ctx.platform, d, '.gemini', 'settings.json'),
      format: 'json' as const,
      scope: 'project' as const,
    })),
  ],
  classify: (value) => {
    if (isRoutedEntry(value, ['url', 'httpUrl'])) return { kind: 'routed' };
    // `httpUrl` wins over `url` and always means Streamable HTTP.
    const t = httpTarget(value, 'httpUrl');
    if (t) return { kind: 'remote', remote: { ...t, transport: 'streamable-http' } };
    return classifyCommon(value, ['url']);
  },
  routedHttpEntry: (original, local) => ({
    url: local.url,
    type: local.transport === 'sse' ? 'sse' : 'http',
    headers: bearer(local.token),
    ...keptFields(original),
  }),
  credentialStores: (ctx) => [geminiStore(ctx), mcpRemoteStore(ctx)],
  manualResetSteps: (ctx) =>
    ctx.env.GEMINI_FORCE_ENCRYPTED_FILE_STORAGE === 'true'
      ? [
          'Gemini CLI is set to encrypted token storage (keychain service "gemini-cli-oauth" or gemini-credentials.json), which the companion does not edit: run `/mcp auth <server>` in Gemini CLI to sign in again.',
        ]
      : [],
});
