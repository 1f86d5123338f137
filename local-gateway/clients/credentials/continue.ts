// Continue's MCP OAuth state. The IDE extensions keep it in `~/.continue/index/globalContext.json`
// (folder overridable by CONTINUE_GLOBAL_DIR) under `mcpOauthStorage`, keyed by the server URL:
// `{clientInformation, tokens, codeVerifier}` [source: continuedev/continue core/context/mcp/MCPOauth.ts,
// core/util/paths.ts getGlobalContextFilePath]. The CLI (`cn`) has no store of its own: on a 401
// it runs `npx -y mcp-remote <url>`, whose cache (`~/.mcp-auth`, hash of the URL alone) holds the
// sign-in [source: npm @continuedev/cli@1.5.47, src/services/MCPService.ts].

import { joinFor } from '../platform-paths.js';
import { isObj } from '../entry-shapes.js';
import type { ClassifiedEntry, ClientContext, CredentialStore } from '../types.js';
import { str } from './json-map-store.js';
import { jsonFileMapStore } from './json-map-store.js';
import { mcpRemoteStore } from './mcp-remote.js';

export function continueHome(ctx: ClientContext): string {
  return ctx.env.CONTINUE_GLOBAL_DIR || joinFor(ctx.platform, ctx.home, '.continue');
}

export function continueGlobalContextStore(ctx: ClientContext): CredentialStore {
  const file = joinFor(ctx.platform, continueHome(ctx), 'index', 'globalContext.json');
  const inner = jsonFileMapStore(ctx, file, ['mcpOauthStorage'], (url, v) => {
    const info = isObj(v.clientInformation) ? v.clientInformation : {};
    return { server: url, url, ...(str(info.client_id) ? { clientId: str(info.client_id)! } : {}) };
  });
  return {
    label: inner.label,
    // Keyed by URL: shown (and selected by --server) under the name of the entry with that URL.
    async list(entries) {
      return (await inner.list(entries)).map((c) => ({ ...c, server: entryNameFor(entries, c.key) ?? c.server }));
    },
    remove: (items, seal) => inner.remove(items, seal),
  };
}

function entryNameFor(entries: ClassifiedEntry[], url: string): string | undefined {
  return entries.find((e) => e.remote?.url === url)?.name;
}

/** mcp-remote's cache as `cn` fills it: launched with the URL alone, so hashed without headers. */
export function continueCliMcpRemoteStore(ctx: ClientContext): CredentialStore {
  const inner = mcpRemoteStore(ctx);
  return {
    label: inner.label,
    list: (entries) =>
      inner.list(
        entries.map((e) =>
          e.remote?.via === 'http' ? { ...e, remote: { ...e.remote, via: 'mcp-remote' as const, headers: {} } } : e,
        ),
      ),
    remove: (items, seal) => inner.remove(items, seal),
  };
}
