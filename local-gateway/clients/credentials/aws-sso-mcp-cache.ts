// The MCP OAuth cache of Amazon Q Developer CLI (and, by its lineage, Kiro CLI): two files per
// server in `~/.aws/sso/cache/`, `<key>.token.json` (tokens) and `<key>.registration.json`
// (`client_id`, `redirect_uri`), where key = hex sha256 of the server URL's origin + path
// [source: aws/amazon-q-developer-cli crates/chat-cli/src/mcp_client/oauth_util.rs compute_key,
// util/paths.rs mcp_auth_dir; Kiro CLI: 3rd-party, kirodotdev/KiroCrew#7579]. The folder also
// holds the AWS SSO / Kiro login tokens (e.g. `kiro-auth-token.json`): only files named for one
// of the client's remote entries are ever touched.

import crypto from 'node:crypto';
import fs from 'node:fs';
import { joinFor } from '../platform-paths.js';
import type { ClientContext, CredentialStore, StoredCredential } from '../types.js';
import { credential, str } from './json-map-store.js';
import { readJsonObject, removeWholeFiles } from './whole-files.js';

export function awsSsoCacheDir(ctx: ClientContext): string {
  return joinFor(ctx.platform, ctx.home, '.aws', 'sso', 'cache');
}

/** sha256 of `origin + path`, as the Rust `url` crate serialises them (default port dropped). */
export function awsMcpCacheKey(url: string): string | undefined {
  try {
    const u = new URL(url);
    return crypto.createHash('sha256').update(`${u.origin}${u.pathname}`).digest('hex');
  } catch {
    return undefined;
  }
}

export function awsSsoMcpStore(ctx: ClientContext): CredentialStore {
  const dir = awsSsoCacheDir(ctx);
  return {
    label: dir,
    async list(entries) {
      const out: StoredCredential[] = [];
      for (const e of entries) {
        if (e.remote?.via !== 'http') continue;
        const key = awsMcpCacheKey(e.remote.url);
        if (!key || out.some((o) => o.key === key)) continue;
        const files = [`${key}.token.json`, `${key}.registration.json`]
          .map((f) => joinFor(ctx.platform, dir, f))
          .filter((f) => fs.existsSync(f));
        if (files.length === 0) continue;
        const reg = readJsonObject(files.find((f) => f.endsWith('.registration.json')));
        const newest = Math.max(...files.map((f) => fs.statSync(f).mtimeMs));
        const c = credential(ctx, dir, key, {
          server: e.name,
          url: e.remote.url,
          ...(str(reg?.client_id) ? { clientId: str(reg?.client_id)! } : {}),
          updatedAt: new Date(newest).toISOString(),
        });
        out.push({ ...c, handle: files });
      }
      return out;
    },
    async remove(items, seal) {
      return removeWholeFiles(
        items.flatMap((it) => it.handle as string[]),
        seal,
      );
    },
  };
}
