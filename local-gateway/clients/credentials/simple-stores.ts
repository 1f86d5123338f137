// Plain-file MCP credential stores: OpenCode (and Kilo Code) `mcp-auth.json`, Codex `.credentials.json`
// (its file fallback), Gemini CLI and Qwen Code `mcp-oauth-tokens.json`.

import { joinFor, xdgDataHome } from '../platform-paths.js';
import { isObj } from '../entry-shapes.js';
import type { ClientContext, CredentialStore, ResetBackupItem } from '../types.js';
import { editJsonFile, fileMtimeIso, isoFromEpoch, readJsonValue } from './json-file.js';
import { credential, jsonFileMapStore, str } from './json-map-store.js';

/**
 * `$XDG_DATA_HOME/<app>/mcp-auth.json`, else `~/.local/share/<app>/` on every OS: OpenCode
 * [source: npm opencode-ai@1.18.33] and its fork Kilo Code, app `kilo` [source: npm @kilocode/cli@7.7.7].
 */
export function opencodeAuthFile(ctx: ClientContext, app = 'opencode'): string {
  return joinFor(ctx.platform, xdgDataHome(ctx.env, ctx.platform, ctx.home), app, 'mcp-auth.json');
}

export function opencodeStore(ctx: ClientContext, app = 'opencode'): CredentialStore {
  return jsonFileMapStore(ctx, opencodeAuthFile(ctx, app), [], (key, v) => {
    const info = isObj(v.clientInfo) ? v.clientInfo : {};
    return {
      server: key,
      ...opt('url', str(v.serverUrl)),
      ...opt('clientId', str(info.clientId)),
      ...opt('updatedAt', isoFromEpoch(info.clientIdIssuedAt)),
    };
  });
}

export function codexHome(ctx: ClientContext): string {
  return ctx.env.CODEX_HOME || joinFor(ctx.platform, ctx.home, '.codex');
}

/** Codex's fallback file, keyed `<server>|<16 hex>` [source: codex-rs/rmcp-client/src/oauth.rs]. */
export function codexStore(ctx: ClientContext): CredentialStore {
  return jsonFileMapStore(ctx, joinFor(ctx.platform, codexHome(ctx), '.credentials.json'), [], (key, v) => ({
    server: str(v.server_name) ?? key.split('|')[0]!,
    ...opt('url', str(v.server_url)),
    ...opt('clientId', str(v.client_id)),
  }));
}

export function geminiDir(ctx: ClientContext): string {
  return joinFor(ctx.platform, ctx.env.GEMINI_CLI_HOME || ctx.home, '.gemini');
}

export function geminiStore(ctx: ClientContext): CredentialStore {
  return serverNameArrayStore(ctx, joinFor(ctx.platform, geminiDir(ctx), 'mcp-oauth-tokens.json'));
}

/** `$QWEN_HOME`, else `~/.qwen` [source: npm @qwen-code/qwen-code@0.24.4, Storage.getGlobalQwenDir]. */
export function qwenDir(ctx: ClientContext): string {
  return ctx.env.QWEN_HOME || joinFor(ctx.platform, ctx.home, '.qwen');
}

/** Qwen Code kept Gemini CLI's token file format [source: npm @qwen-code/qwen-code@0.24.4, MCPOAuthTokenStorage]. */
export function qwenStore(ctx: ClientContext): CredentialStore {
  return serverNameArrayStore(ctx, joinFor(ctx.platform, qwenDir(ctx), 'mcp-oauth-tokens.json'));
}

/**
 * A JSON array, one object per server matched by `serverName`, with `mcpServerUrl`, `clientId`,
 * `updatedAt` (epoch ms) beside the token [source: npm @google/gemini-cli@0.61.0].
 */
function serverNameArrayStore(ctx: ClientContext, file: string): CredentialStore {
  const items = (): Array<Record<string, unknown>> => {
    const v = readJsonValue(file);
    return Array.isArray(v) ? v.filter(isObj) : [];
  };
  return {
    label: file,
    async list() {
      const mtime = fileMtimeIso(file);
      return items().flatMap((v) => {
        const server = str(v.serverName);
        if (!server) return [];
        return [
          credential(
            ctx,
            file,
            server,
            {
              server,
              ...opt('url', str(v.mcpServerUrl)),
              ...opt('clientId', str(v.clientId)),
              ...opt('updatedAt', isoFromEpoch(v.updatedAt)),
            },
            mtime,
          ),
        ];
      });
    },
    async remove(list, seal) {
      const backups: ResetBackupItem[] = [];
      editJsonFile(file, (current) => {
        const arr = Array.isArray(current) ? current : [];
        const idx = arr
          .map((v, i) => [v, i] as const)
          .filter(([v]) => isObj(v) && list.some((it) => it.key === v.serverName))
          .map(([, i]) => i);
        for (const i of idx)
          backups.push({
            kind: 'json-array-item',
            file,
            matchField: 'serverName',
            matchValue: String((arr[i] as Record<string, unknown>).serverName),
            sealed: seal(JSON.stringify(arr[i])),
          });
        // Remove from the end so earlier indexes stay valid.
        return idx.reverse().map((i) => ({ path: [i], value: undefined }));
      });
      return backups;
    },
  };
}

function opt<K extends string, V>(k: K, v: V | undefined): { [P in K]?: V } {
  return (v === undefined ? {} : { [k]: v }) as { [P in K]?: V };
}
