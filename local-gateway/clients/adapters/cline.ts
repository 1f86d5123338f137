// Cline: its CLI (npm `cline`), the VS Code extension `saoudrizwan.claude-dev` from 4.0 and its
// JetBrains plugin share `~/.cline/data/settings/cline_mcp_settings.json` (moved by
// `CLINE_MCP_SETTINGS_PATH`, `CLINE_DATA_DIR`, `CLINE_DIR`), key `mcpServers`. Entries are
// nested, as `cline mcp add` writes them (`transport: {type: "streamableHttp"|"sse"|"stdio",
// url, headers | command, args, env}`), or flat (`type`, `url`, `headers`; a `url` without a
// type is SSE; legacy `transportType: "http"`), plus `disabled`, `timeout`, `autoApprove`,
// `oauthClient` (pre-registered client) and `oauth` (cached sign-in, see credentials/cline-oauth.ts)
// [source: cline/cline sdk/packages/shared/src/storage/paths.ts,
// sdk/packages/core/src/extensions/mcp/config-loader.ts, apps/vscode/src/services/mcp/schemas.ts
// @21cb8d25; npm cline@3.0.65]. Extension versions before 4.0 read the flat file in their storage
// folder `<App>/User/globalStorage/saoudrizwan.claude-dev/settings/` (4.0 copies it over once)
// [source: apps/vscode/src/hosts/vscode/mcp-settings-legacy-migration.ts].

import fs from 'node:fs';
import { joinFor } from '../platform-paths.js';
import { bearer, defineAdapter } from '../adapter-kit.js';
import {
  BRIDGE_TOKEN_ENV,
  isObj,
  isRoutedEntry,
  keptFields,
  mcpRemoteTarget,
  stringMap,
  type Obj,
} from '../entry-shapes.js';
import { extensionStorageDirs, extensionStorageFiles } from '../extension-storage.js';
import { clineOAuthStore } from '../credentials/cline-oauth.js';
import { mcpRemoteStore } from '../credentials/mcp-remote.js';
import type { ClientAdapter, ClientContext } from '../types.js';

const EXTENSION = 'saoudrizwan.claude-dev';
/** Fields of an entry that say how to reach the server or hold its sign-in: replaced on route. */
const CLINE_TRANSPORT_KEYS = ['transportType', 'oauthClient'];

function clineDir(ctx: ClientContext): string {
  return ctx.env.CLINE_DIR?.trim() || joinFor(ctx.platform, ctx.home, '.cline');
}

function clineSettingsFile(ctx: ClientContext): string {
  const explicit = ctx.env.CLINE_MCP_SETTINGS_PATH?.trim();
  if (explicit) return explicit;
  const data = ctx.env.CLINE_DATA_DIR?.trim() || joinFor(ctx.platform, clineDir(ctx), 'data');
  return joinFor(ctx.platform, data, 'settings', 'cline_mcp_settings.json');
}

function legacyFiles(ctx: ClientContext): string[] {
  return extensionStorageFiles(ctx, EXTENSION, 'settings', 'cline_mcp_settings.json');
}

/** The transport part of an entry, nested or flat. */
function transportOf(value: Obj): Obj {
  return isObj(value.transport) ? value.transport : value;
}

const classify: ClientAdapter['classify'] = (value) => {
  const t = transportOf(value);
  if (isRoutedEntry(t)) return { kind: 'routed' };
  if (typeof t.url === 'string' && /^https?:\/\//i.test(t.url)) {
    const type = t.type ?? (t.transportType === 'http' ? 'streamableHttp' : t.transportType);
    return {
      kind: 'remote',
      // Cline reads a `url` entry without a type as SSE (its schema tries SSE first).
      remote: {
        via: 'http',
        url: t.url,
        transport: type === 'streamableHttp' ? 'streamable-http' : 'sse',
        headers: stringMap(t.headers),
      },
    };
  }
  const r = mcpRemoteTarget(t);
  return r ? { kind: 'remote', remote: r } : { kind: 'local' };
};

/** The routed entry in the original's own layout (nested stays nested, flat stays flat). */
function inLayout(original: Obj, transport: Obj): Obj {
  const kept = keptFields(original, CLINE_TRANSPORT_KEYS);
  return isObj(original.transport) ? { transport, ...kept } : { ...transport, ...kept };
}

export const clineAdapter = defineAdapter({
  id: 'cline',
  displayName: 'Cline',
  httpCapable: true,
  // The CLI is a native executable started through the `cline` script; the extension runs
  // inside the editor and cannot be seen [inferred].
  processNames: ['cline', '.cline', 'cline.exe'],
  installMarkers: (ctx) => [clineDir(ctx), clineSettingsFile(ctx), ...extensionStorageDirs(ctx, EXTENSION)],
  configFiles: (ctx) => [
    { path: clineSettingsFile(ctx), format: 'json', scope: 'user' },
    ...legacyFiles(ctx).map((path) => ({ path, format: 'json' as const, scope: 'user' as const })),
  ],
  classify,
  routedHttpEntry: (original, local) =>
    inLayout(original, {
      type: local.transport === 'sse' ? 'sse' : 'streamableHttp',
      url: local.url,
      headers: bearer(local.token),
    }),
  routedBridgeEntry: (original, bridge, token) =>
    inLayout(original, {
      ...(isObj(original.transport) ? { type: 'stdio' } : {}),
      command: bridge.command,
      args: bridge.args,
      env: { ...bridge.env, [BRIDGE_TOKEN_ENV]: token },
    }),
  credentialStores: (ctx) => [clineOAuthStore(ctx, clineSettingsFile(ctx)), mcpRemoteStore(ctx)],
  manualResetSteps: (ctx) =>
    legacyFiles(ctx).some((f) => fs.existsSync(f))
      ? [
          "Cline extension versions before 4.0 kept MCP OAuth tokens in the editor's encrypted secret storage (`mcpOAuthSecrets`), which the companion does not edit: update Cline (4.0 moves them into cline_mcp_settings.json, where reset finds them), or delete the server in Cline's MCP Servers view and add it again.",
        ]
      : [],
});
