// Zed: `settings.json` (JSONC: comments and trailing commas) under `context_servers`, user file
// `$XDG_CONFIG_HOME/zed/` on Linux (`$FLATPAK_XDG_CONFIG_HOME` in the Flatpak), `~/.config/zed/`
// on macOS, `%APPDATA%\Zed\` on Windows; project `.zed/settings.json` [source:
// zed-industries/zed crates/paths/src/paths.rs config_dir; official-doc zed.dev/docs/ai/mcp].
// An untagged entry: `command` (+`args`, `env`) is stdio, `url` (+`headers`, `timeout`,
// `oauth.client_id`) is remote HTTP, `settings` alone is an extension's server [source:
// crates/settings_content/src/project.rs ContextServerSettingsContent]. Zed keeps each server's
// OAuth session (client registration + tokens) in the OS keychain [source:
// crates/context_server/src/oauth.rs OAuthSession]: not a file the companion edits.

import { appConfigRoot, joinFor, xdgConfigHome } from '../platform-paths.js';
import { bearer, defineAdapter } from '../adapter-kit.js';
import { keptFields } from '../entry-shapes.js';
import { mcpRemoteStore } from '../credentials/mcp-remote.js';
import type { ClientContext, ConfigFileSpec, Scope } from '../types.js';

function zedConfigDir(ctx: ClientContext): string {
  if (ctx.platform === 'win32') return joinFor(ctx.platform, appConfigRoot(ctx.env, ctx.platform, ctx.home), 'Zed');
  if (ctx.platform === 'linux')
    return joinFor(
      ctx.platform,
      ctx.env.FLATPAK_XDG_CONFIG_HOME || xdgConfigHome(ctx.env, ctx.platform, ctx.home),
      'zed',
    );
  return joinFor(ctx.platform, ctx.home, '.config', 'zed');
}

const settings = (path: string, scope: Scope): ConfigFileSpec => ({
  path,
  format: 'json',
  scope,
  containers: () => [{ path: ['context_servers'], scope }],
});

export const zedAdapter = defineAdapter({
  id: 'zed',
  displayName: 'Zed',
  httpCapable: true,
  // `zed` / `zed-editor` (Linux packages), `Zed` (macOS), `Zed.exe` [inferred].
  processNames: ['Zed', 'Zed.exe', 'zed', 'zed-editor'],
  installMarkers: (ctx) => [zedConfigDir(ctx)],
  configFiles: (ctx) => [
    settings(joinFor(ctx.platform, zedConfigDir(ctx), 'settings.json'), 'user'),
    ...ctx.projectDirs.map((d) => settings(joinFor(ctx.platform, d, '.zed', 'settings.json'), 'project')),
  ],
  routedHttpEntry: (original, local) => ({
    url: local.url,
    headers: bearer(local.token),
    ...keptFields(original),
  }),
  credentialStores: (ctx) => [mcpRemoteStore(ctx)],
  manualResetSteps: () => [
    'Zed keeps each MCP server\'s OAuth sign-in in the system keychain, which the companion does not edit: remove the keychain item Zed stored for the server (macOS Keychain Access / Linux Secret Service, search "zed"), or route the server so Zed never signs in itself: `mcp-companion route zed`.',
  ],
  afterChange: (running) =>
    running
      ? 'Zed reloads settings.json on save: check Settings → AI → MCP Servers shows the servers as running.'
      : 'Start Zed; it reads settings.json at launch.',
});
