// Cline keeps each server's MCP OAuth state inside the server's own entry of
// cline_mcp_settings.json: `mcpServers.<name>.oauth` = {clientInformation, tokens, codeVerifier,
// discoveryState, redirectUrl, lastError, lastAuthenticatedAt, authorizationRequired}
// [source: cline/cline sdk/packages/core/src/extensions/mcp/config-loader.ts,
// apps/vscode/src/services/mcp/McpOAuthManager.ts @21cb8d25]. Reset removes that key only and
// leaves the rest of the entry (its transport, `oauthClient`, tool approvals) as it was.

import { isObj } from '../entry-shapes.js';
import type { ClientContext, CredentialStore, ResetBackupItem } from '../types.js';
import { editJsonFile, fileMtimeIso, isoFromEpoch, readJsonValue } from './json-file.js';
import { credential, pick, str } from './json-map-store.js';

export function clineOAuthStore(ctx: ClientContext, file: string): CredentialStore {
  return {
    label: file,
    async list() {
      const servers = pick(readJsonValue(file), ['mcpServers']);
      const mtime = fileMtimeIso(file);
      return Object.entries(servers).flatMap(([name, entry]) => {
        if (!isObj(entry) || !isObj(entry.oauth) || Object.keys(entry.oauth).length === 0) return [];
        const oauth = entry.oauth;
        const info = isObj(oauth.clientInformation) ? oauth.clientInformation : {};
        const transport = isObj(entry.transport) ? entry.transport : entry;
        const url = str(transport.url);
        const clientId = str(info.client_id);
        const updatedAt = isoFromEpoch(oauth.lastAuthenticatedAt);
        return [
          credential(
            ctx,
            file,
            name,
            {
              server: name,
              ...(url ? { url } : {}),
              ...(clientId ? { clientId } : {}),
              ...(updatedAt ? { updatedAt } : {}),
            },
            mtime,
          ),
        ];
      });
    },
    async remove(items, seal) {
      const backups: ResetBackupItem[] = [];
      editJsonFile(file, (current) => {
        const servers = pick(current, ['mcpServers']);
        return items.flatMap((it) => {
          const entry = servers[it.key];
          if (!isObj(entry) || !('oauth' in entry)) return [];
          const container = ['mcpServers', it.key];
          backups.push({
            kind: 'json-key',
            file,
            container,
            key: 'oauth',
            sealed: seal(JSON.stringify(entry.oauth)),
            intoExisting: true,
          });
          return [{ path: [...container, 'oauth'], value: undefined }];
        });
      });
      return backups;
    },
  };
}
