// Codex CLI: `$CODEX_HOME/config.toml` (default `~/.codex`) and trusted `<project>/.codex/config.toml`,
// tables `[mcp_servers.<name>]`; remote: `url`, `http_headers`, `env_http_headers`
// (header → env var name), `bearer_token_env_var` [source: npm @openai/codex@0.171.0,
// reference/clients.md §6.3]. OAuth: OS keyring, else `$CODEX_HOME/.credentials.json`.

import { joinFor } from '../platform-paths.js';
import { bearer, defineAdapter } from '../adapter-kit.js';
import { isRoutedEntry, keptFields, mcpRemoteTarget, stringMap, transportOf } from '../entry-shapes.js';
import { mcpRemoteStore } from '../credentials/mcp-remote.js';
import { codexHome, codexStore } from '../credentials/simple-stores.js';

const CODEX_TRANSPORT_KEYS = [
  'http_headers',
  'env_http_headers',
  'bearer_token_env_var',
  'bearer_token',
  'http_headers_helper',
  'oauth_resource',
  'scopes',
];

export const codexAdapter = defineAdapter({
  id: 'codex',
  displayName: 'Codex CLI',
  httpCapable: true,
  processNames: ['codex', 'codex.exe'],
  installMarkers: (ctx) => [codexHome(ctx)],
  configFiles: (ctx) => [
    { path: joinFor(ctx.platform, codexHome(ctx), 'config.toml'), format: 'toml', scope: 'user' },
    ...ctx.projectDirs.map((d) => ({
      path: joinFor(ctx.platform, d, '.codex', 'config.toml'),
      format: 'toml' as const,
      scope: 'project' as const,
    })),
  ],
  classify: (value) => {
    if (isRoutedEntry(value)) return { kind: 'routed' };
    if (typeof value.url === 'string' && /^https?:\/\//i.test(value.url)) {
      const headers = stringMap(value.http_headers);
      // Values that Codex reads from env vars are kept as `${VAR}` templates for the companion.
      for (const [h, v] of Object.entries(stringMap(value.env_http_headers))) headers[h] = `\${${v}}`;
      if (typeof value.bearer_token_env_var === 'string')
        headers.Authorization = `Bearer \${${value.bearer_token_env_var}}`;
      return { kind: 'remote', remote: { via: 'http', url: value.url, transport: transportOf(value.url), headers } };
    }
    const r = mcpRemoteTarget(value);
    return r ? { kind: 'remote', remote: r } : { kind: 'local' };
  },
  routedHttpEntry: (original, local) => ({
    url: local.url,
    http_headers: bearer(local.token),
    ...keptFields(original, CODEX_TRANSPORT_KEYS),
  }),
  credentialStores: (ctx) => [codexStore(ctx), mcpRemoteStore(ctx)],
  manualResetSteps: (_ctx, servers) => [
    `Codex keeps MCP OAuth tokens in the OS keyring ("Codex MCP Credentials") when one is available, which the companion does not edit: run \`codex mcp logout ${servers.length === 1 ? servers[0] : '<name>'}\` for ${servers.length > 1 ? 'each of ' + servers.join(', ') : 'each remote server'}.`,
  ],
  afterChange: (running) =>
    running ? 'Exit running Codex sessions and start `codex` again.' : 'Start `codex`; it reads config.toml at launch.',
});
