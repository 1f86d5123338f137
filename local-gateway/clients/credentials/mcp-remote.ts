// mcp-remote's cache: `$MCP_REMOTE_CONFIG_DIR` or `~/.mcp-auth`, then a versioned folder
// (`mcp-remote-<package version>/` up to 0.1.x, `mcp-remote-v1/` from 0.15), files
// `<hash>_client_info.json`, `<hash>_tokens.json`, `<hash>_code_verifier*.txt`, lock files.
// The hash is md5 of the URL (before 0.1.30) or of `url|resource|sorted headers` as written in
// the config [source: mcp-remote src/lib/utils.ts getServerUrlHash; reference/clients.md §5].
// The folder is shared by every client that launches mcp-remote, so we only delete files whose
// hash belongs to one of this client's entries.

import crypto from 'node:crypto';
import fs from 'node:fs';
import type { ClientContext, CredentialStore, StoredCredential } from '../types.js';
import { joinFor } from '../platform-paths.js';
import { credential, str } from './json-map-store.js';
import { readJsonObject, removeWholeFiles, safeReaddir } from './whole-files.js';

export function mcpRemoteBaseDir(ctx: ClientContext): string {
  return ctx.env.MCP_REMOTE_CONFIG_DIR || joinFor(ctx.platform, ctx.home, '.mcp-auth');
}

export function mcpRemoteHashes(url: string, headers: Record<string, string>, resource?: string): string[] {
  const md5 = (s: string) => crypto.createHash('md5').update(s).digest('hex');
  const parts = [url];
  if (resource) parts.push(resource);
  if (Object.keys(headers).length > 0) parts.push(JSON.stringify(headers, Object.keys(headers).sort()));
  return [...new Set([md5(parts.join('|')), md5(url)])];
}

export function mcpRemoteStore(ctx: ClientContext): CredentialStore {
  const base = mcpRemoteBaseDir(ctx);
  return {
    label: base,
    async list(entries) {
      const dirs = safeReaddir(base).filter((d) => d.startsWith('mcp-remote-'));
      const out: StoredCredential[] = [];
      for (const e of entries) {
        if (e.remote?.via !== 'mcp-remote') continue;
        for (const hash of mcpRemoteHashes(e.remote.url, e.remote.headers, e.remote.resource)) {
          for (const d of dirs) {
            const dir = joinFor(ctx.platform, base, d);
            const files = safeReaddir(dir)
              .filter((f) => f.startsWith(`${hash}_`))
              .map((f) => joinFor(ctx.platform, dir, f));
            if (files.length === 0 || out.some((o) => o.key === `${d}/${hash}`)) continue;
            const info = readJsonObject(files.find((f) => f.endsWith('_client_info.json')));
            const newest = Math.max(...files.map((f) => fs.statSync(f).mtimeMs));
            const c = credential(ctx, base, `${d}/${hash}`, {
              server: e.name,
              url: e.remote.url,
              ...(str(info?.client_id) ? { clientId: str(info?.client_id)! } : {}),
              updatedAt: new Date(newest).toISOString(),
            });
            out.push({ ...c, handle: files });
          }
        }
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
