// Crush's MCP OAuth tokens: `mcp.<name>.oauth_token` in its data file (`{access_token,
// refresh_token, expires_at, client: {client_id, client_secret, auth_url, token_url}}`), next to
// other machine state. Only the `oauth_token` key goes; the rest of `mcp.<name>` (a server Crush
// added itself) stays. Data file: $CRUSH_GLOBAL_DATA/crush.json, else $XDG_DATA_HOME/crush/,
// %LOCALAPPDATA%\crush\ on Windows, ~/.local/share/crush/ [source: charmbracelet/crush@37f36e9
// internal/config/load.go GlobalConfigData, internal/agent/tools/mcp/init.go, internal/oauth/token.go].

import { joinFor } from '../platform-paths.js';
import { isObj } from '../entry-shapes.js';
import type { ClientContext, CredentialStore, ResetBackupItem } from '../types.js';
import { editJsonFile, fileMtimeIso, readJsonValue } from './json-file.js';
import { credential, pick, str } from './json-map-store.js';

export function crushDataFile(ctx: ClientContext): string {
  if (ctx.env.CRUSH_GLOBAL_DATA) return joinFor(ctx.platform, ctx.env.CRUSH_GLOBAL_DATA, 'crush.json');
  if (ctx.env.XDG_DATA_HOME) return joinFor(ctx.platform, ctx.env.XDG_DATA_HOME, 'crush', 'crush.json');
  if (ctx.platform === 'win32')
    return joinFor(
      ctx.platform,
      ctx.env.LOCALAPPDATA || joinFor(ctx.platform, ctx.home, 'AppData', 'Local'),
      'crush',
      'crush.json',
    );
  return joinFor(ctx.platform, ctx.home, '.local', 'share', 'crush', 'crush.json');
}

export function crushTokenStore(ctx: ClientContext): CredentialStore {
  const file = crushDataFile(ctx);
  return {
    label: file,
    async list() {
      const mtime = fileMtimeIso(file);
      return Object.entries(pick(readJsonValue(file), ['mcp'])).flatMap(([name, v]) => {
        const tok = isObj(v) && isObj(v.oauth_token) ? v.oauth_token : undefined;
        if (!tok) return [];
        const client = isObj(tok.client) ? tok.client : {};
        const clientId = str(client.client_id);
        // expires_at is when the access token lapses, not when it was written: the file's mtime is.
        return [credential(ctx, file, name, { server: name, ...(clientId ? { clientId } : {}) }, mtime)];
      });
    },
    async remove(items, seal) {
      const backups: ResetBackupItem[] = [];
      editJsonFile(file, (current) => {
        const map = pick(current, ['mcp']);
        return items.flatMap((it) => {
          const entry = map[it.key];
          if (!isObj(entry) || !('oauth_token' in entry)) return [];
          backups.push({
            kind: 'json-key',
            file,
            container: ['mcp', it.key],
            key: 'oauth_token',
            sealed: seal(JSON.stringify(entry.oauth_token)),
          });
          return [{ path: ['mcp', it.key, 'oauth_token'], value: undefined }];
        });
      });
      return backups;
    },
  };
}
