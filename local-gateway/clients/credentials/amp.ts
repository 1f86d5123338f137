// Amp's MCP OAuth state [source: npm @ampcode/cli@0.0.1790142911-g7618fb, its OAuth storage code]:
// - the client registration, `~/.amp/oauth/<server>-client.json` (HOME, else USERPROFILE; mode
//   0600): `{clientId, redirectUrl, authUrl, tokenUrl, serverUrl}` (the secret is kept apart);
// - tokens and the client secret in Amp's secret store, by default the file
//   `$XDG_DATA_HOME/amp/secrets.json` (else `~/.local/share/amp/`), one flat JSON object whose
//   keys are `mcp-oauth-token@<server URL>#<server>` and `mcp-oauth-client-secret@<server URL>#<server>`.
// The same file holds Amp's own login (`apiKey@https://ampcode.com/`): only the two MCP kinds
// of key are ever listed or removed.

import fs from 'node:fs';
import { joinFor, xdgDataHome } from '../platform-paths.js';
import { isObj } from '../entry-shapes.js';
import type { ClientContext, CredentialStore, ResetBackupItem, StoredCredential } from '../types.js';
import { editJsonFile, fileMtimeIso, readJsonValue } from './json-file.js';
import { credential, str } from './json-map-store.js';

const SECRET_KEY = /^(mcp-oauth-token|mcp-oauth-client-secret)@(.*)#([^#]*)$/;

function ampOauthDir(ctx: ClientContext): string {
  return joinFor(ctx.platform, ctx.env.HOME || ctx.env.USERPROFILE || ctx.home, '.amp', 'oauth');
}

function ampSecretsFile(ctx: ClientContext): string {
  return joinFor(ctx.platform, xdgDataHome(ctx.env, ctx.platform, ctx.home), 'amp', 'secrets.json');
}

interface AmpHandle {
  clientFile?: string;
  secretKeys: string[];
}

export function ampStore(ctx: ClientContext): CredentialStore {
  const dir = ampOauthDir(ctx);
  const secrets = ampSecretsFile(ctx);
  const label = `${dir} and ${secrets}`;
  return {
    label,
    async list() {
      const byServer = new Map<string, { url?: string; clientId?: string; updatedAt?: string; handle: AmpHandle }>();
      const get = (server: string) => {
        let v = byServer.get(server);
        if (!v) byServer.set(server, (v = { handle: { secretKeys: [] } }));
        return v;
      };
      for (const f of safeReaddir(dir)) {
        if (!f.endsWith('-client.json')) continue;
        const file = joinFor(ctx.platform, dir, f);
        const info = readJsonValue(file);
        const v = get(f.slice(0, -'-client.json'.length));
        v.handle.clientFile = file;
        if (isObj(info)) {
          v.url = str(info.serverUrl);
          v.clientId = str(info.clientId);
        }
        v.updatedAt = fileMtimeIso(file);
      }
      const map = readJsonValue(secrets);
      for (const key of isObj(map) ? Object.keys(map) : []) {
        const m = SECRET_KEY.exec(key);
        // Amp clears a token by writing "" to its key: an empty value is nothing to reset.
        if (!m || !isObj(map) || map[key] === '') continue;
        const v = get(m[3]!);
        v.handle.secretKeys.push(key);
        v.url ??= m[2] || undefined;
        v.updatedAt ??= fileMtimeIso(secrets);
      }
      const out: StoredCredential[] = [];
      for (const [server, v] of byServer) {
        const c = credential(ctx, label, server, {
          server,
          ...(v.url ? { url: v.url } : {}),
          ...(v.clientId ? { clientId: v.clientId } : {}),
          ...(v.updatedAt ? { updatedAt: v.updatedAt } : {}),
        });
        out.push({ ...c, handle: v.handle });
      }
      return out;
    },
    async remove(items, seal) {
      const backups: ResetBackupItem[] = [];
      const keys = new Set(items.flatMap((it) => (it.handle as AmpHandle).secretKeys));
      if (keys.size > 0)
        editJsonFile(
          secrets,
          (current) =>
            [...keys].flatMap((key) => {
              if (!isObj(current) || !(key in current)) return [];
              backups.push({
                kind: 'json-key',
                file: secrets,
                container: [],
                key,
                sealed: seal(JSON.stringify(current[key])),
              });
              return [{ path: [key], value: undefined }];
            }),
          { reformat: false },
        );
      for (const it of items) {
        const file = (it.handle as AmpHandle).clientFile;
        if (!file) continue;
        let bytes: Buffer;
        try {
          bytes = fs.readFileSync(file);
        } catch {
          continue;
        }
        backups.push({
          kind: 'file',
          file,
          mode: fs.statSync(file).mode & 0o777,
          sealed: seal(bytes.toString('base64')),
        });
        fs.rmSync(file, { force: true });
      }
      return backups;
    },
  };
}

function safeReaddir(dir: string): string[] {
  try {
    return fs.readdirSync(dir).sort();
  } catch {
    return [];
  }
}
