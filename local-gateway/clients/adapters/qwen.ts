// Qwen Code (a Gemini CLI fork): `~/.qwen/settings.json` (folder overridable by QWEN_HOME) and
// `<project>/.qwen/settings.json`, key `mcpServers`. Unlike Gemini CLI today, the transport is
// chosen by the field: `httpUrl` is Streamable HTTP and `url` is always SSE (no `type`), with
// `headers` [source: npm @qwen-code/qwen-code@0.24.4, createTransport; its docs/features/mcp.md].
// OAuth tokens: `~/.qwen/mcp-oauth-tokens.json`, Gemini CLI's format.

import { joinFor } from '../platform-paths.js';
import { bearer, defineAdapter } from '../adapter-kit.js';
import { httpTarget, isRoutedEntry, keptFields, mcpRemoteTarget } from '../entry-shapes.js';
import { mcpRemoteStore } from '../credentials/mcp-remote.js';
import { qwenDir, qwenStore } from '../credentials/simple-stores.js';

export const qwenAdapter = defineAdapter({
  id: 'qwen',
  displayName: 'Qwen Code',
  httpCapable: true,
  processNames: ['qwen', 'qwen.exe'], // runs as `node` when installed from npm: then it cannot be seen [inferred]
  installMarkers: (ctx) => [qwenDir(ctx)],
  configFiles: (ctx) => [
    { path: joinFor(ctx.platform, qwenDir(ctx), 'settings.json'), format: 'json', scope: 'user' },
    ...ctx.projectDirs.map((d) => ({
      path: joinFor(ctx.platform, d, '.qwen', 'settings.json'),
      format: 'json' as const,
      scope: 'project' as const,
    })),
  ],
  classify: (value) => {
    if (isRoutedEntry(value, ['httpUrl', 'url'])) return { kind: 'routed' };
    // `httpUrl` wins over `url`, as in Qwen Code's own transport choice.
    const http = httpTarget(value, 'httpUrl');
    if (http) return { kind: 'remote', remote: { ...http, transport: 'streamable-http' } };
    const sse = httpTarget(value, 'url');
    if (sse) return { kind: 'remote', remote: { ...sse, transport: 'sse' } };
    const r = mcpRemoteTarget(value);
    return r ? { kind: 'remote', remote: r } : { kind: 'local' };
  },
  routedHttpEntry: (original, local) => ({
    ...(local.transport === 'sse' ? { url: local.url } : { httpUrl: local.url }),
    headers: bearer(local.token),
    ...keptFields(original),
  }),
  credentialStores: (ctx) => [qwenStore(ctx), mcpRemoteStore(ctx)],
  // Project servers run only once approved, and an approval is bound to a hash of the entry
  // [source: npm @qwen-code/qwen-code@0.24.4, mcpApprovals.json]: a routed one must be approved again.
  afterChange: (running) =>
    `${running ? 'Restart Qwen Code so it reloads its MCP servers.' : 'Start Qwen Code; it reads settings.json at launch.'} Project servers (.qwen/settings.json) then wait for approval again: run \`qwen mcp approve <name>\` for each.`,
  manualResetSteps: (ctx) =>
    ctx.env.QWEN_CODE_FORCE_ENCRYPTED_FILE_STORAGE === 'true'
      ? [
          'Qwen Code is set to encrypted token storage (keychain service "qwen-code-oauth" or mcp-oauth-tokens-v2.json), which the companion does not edit: run `/mcp auth <server>` in Qwen Code to sign in again.',
        ]
      : [],
});
