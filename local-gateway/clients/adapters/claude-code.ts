// Claude Code: `~/.claude.json` (or `$CLAUDE_CONFIG_DIR/.claude.json`) holding user scope
// (`mcpServers`) and local scope (`projects[<path>].mcpServers`), plus `<project>/.mcp.json`.
// Remote entries: `type:"http"|"sse"`, `url`, `headers`, `oauth{}`, `headersHelper`
// [official-doc + source: npm @anthropic-ai/claude-code@2.1.332, reference/clients.md §3].

import fs from 'node:fs';
import { joinFor } from '../platform-paths.js';
import { bearer, defineAdapter } from '../adapter-kit.js';
import { isObj, keptFields } from '../entry-shapes.js';
import { claudeCodeCredentialStore, claudeConfigDir, claudeKeychainService } from '../credentials/claude-code.js';
import { claudeNeedsAuthStore } from '../credentials/claude-needs-auth.js';
import { mcpRemoteStore } from '../credentials/mcp-remote.js';
import { readJsonValue } from '../credentials/json-file.js';
import type { ClientContext, ConfigFileSpec, Scope } from '../types.js';

export function claudeMainConfig(ctx: ClientContext): string {
  const dir = ctx.env.CLAUDE_CONFIG_DIR;
  if (!dir) return joinFor(ctx.platform, ctx.home, '.claude.json');
  // An older non-empty `<dir>/.config.json` is still preferred when present [source].
  const legacy = joinFor(ctx.platform, dir, '.config.json');
  try {
    if (fs.statSync(legacy).size > 0) return legacy;
  } catch {
    // not there
  }
  return joinFor(ctx.platform, dir, '.claude.json');
}

function projectPaths(main: string): string[] {
  try {
    const root = readJsonValue(main);
    return isObj(root) && isObj(root.projects) ? Object.keys(root.projects) : [];
  } catch {
    return []; // an unparseable file is reported by its own status
  }
}

export const claudeCodeAdapter = defineAdapter({
  id: 'claude-code',
  displayName: 'Claude Code',
  httpCapable: true,
  // The native build runs as `claude`; npm installs before the native switch ran as `node` and cannot be told apart [inferred].
  processNames: ['claude', 'claude.exe'],
  installMarkers: (ctx) => [claudeMainConfig(ctx), claudeConfigDir(ctx)],
  configFiles: (ctx) => {
    const main = claudeMainConfig(ctx);
    const projects = [...new Set([...projectPaths(main), ...ctx.projectDirs])];
    const mainSpec: ConfigFileSpec = {
      path: main,
      format: 'json',
      scope: 'user',
      containers: (root) => [
        { path: ['mcpServers'], scope: 'user' as Scope },
        ...(isObj(root) && isObj(root.projects)
          ? Object.keys(root.projects).map((p) => ({ path: ['projects', p, 'mcpServers'], scope: 'local' as Scope }))
          : []),
      ],
    };
    return [
      mainSpec,
      ...projects.map((p) => ({
        path: joinFor(ctx.platform, p, '.mcp.json'),
        format: 'json' as const,
        scope: 'project' as const,
      })),
    ];
  },
  routedHttpEntry: (original, local) => ({
    type: local.transport === 'sse' ? 'sse' : 'http',
    url: local.url,
    headers: bearer(local.token),
    ...keptFields(original),
  }),
  credentialStores: (ctx) => [claudeCodeCredentialStore(ctx), mcpRemoteStore(ctx)],
  gaveUpStores: (ctx) => [claudeNeedsAuthStore(ctx)],
  manualResetSteps: (ctx) =>
    ctx.platform === 'win32' && ctx.env.CLAUDE_CODE_FORCE_WINDOWS_CREDMAN === '1'
      ? [
          'Claude Code is set to use Windows Credential Manager: run `claude mcp logout <name>` for each server (the companion edits only the credentials file).',
        ]
      : ctx.platform === 'darwin'
        ? [
            `(The MCP entries were removed from the Keychain item "${claudeKeychainService(ctx)}"; your Claude login in the same item is kept.)`,
          ]
        : [],
  afterChange: (running) =>
    running
      ? 'Claude Code is running: exit every Claude Code session and start it again (or run /mcp to reconnect).'
      : 'Start Claude Code; run /mcp to see the servers.',
});
