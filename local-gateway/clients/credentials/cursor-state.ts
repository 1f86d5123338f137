// Cursor's MCP OAuth state in its VS Code-style `state.vscdb` (SQLite, table ItemTable).
// Everything here is reverse-engineered by third parties, not documented by Cursor
// [3rd-party, reference/clients.md §1.4]:
//  - secret rows `secret://{"extensionId":"anysphere.cursor-mcp","key":"[<id>] mcp_tokens"}` and
//    `…"[<id>] mcp_client_information"}` (values encrypted with Electron safeStorage, so the
//    client_id cannot be read);
//  - a JSON row `anysphere.cursor-mcp` with keys `"[<id>] mcp_server_url"`, `"[<id>] mcp_code_verifier"`…;
//  - possibly older rows `mcpOAuth.global.*` / `mcpOAuth.secret.*`.
// `<id>` is `user-<name>`, `project-<n>-<workspace>-<name>`, `plugin-<p>-<name>` or `url:<base64 url>`.
// Cursor rewrites this DB while it runs, so it may only be edited while Cursor is quit.

import fs from 'node:fs';
import Database from 'better-sqlite3';
import { appConfigRoot, joinFor } from '../platform-paths.js';
import { isObj } from '../entry-shapes.js';
import type { ClassifiedEntry, ClientContext, CredentialStore, ResetBackupItem, StoredCredential } from '../types.js';
import { credential, str } from './json-map-store.js';
import { isoFromEpoch } from './json-file.js';

const JSON_ROW = 'anysphere.cursor-mcp';

export function cursorStateDb(ctx: ClientContext): string {
  return joinFor(
    ctx.platform,
    appConfigRoot(ctx.env, ctx.platform, ctx.home),
    'Cursor',
    'User',
    'globalStorage',
    'state.vscdb',
  );
}

interface Handle {
  rows: string[];
  jsonKeys: string[];
}

export function cursorStore(ctx: ClientContext): CredentialStore {
  const file = cursorStateDb(ctx);
  return {
    label: file,
    requiresQuit: true,
    async list(entries) {
      if (!fs.existsSync(file)) return [];
      const db = new Database(file, { readonly: true, fileMustExist: true });
      try {
        const groups = new Map<string, Handle>();
        const add = (id: string, part: Partial<Handle>) => {
          const g = groups.get(id) ?? { rows: [], jsonKeys: [] };
          g.rows.push(...(part.rows ?? []));
          g.jsonKeys.push(...(part.jsonKeys ?? []));
          groups.set(id, g);
        };
        const rows = db
          .prepare(
            "SELECT key FROM ItemTable WHERE key LIKE 'secret://%anysphere.cursor-mcp%' OR key LIKE 'mcpOAuth.%'",
          )
          .all() as Array<{ key: string }>;
        for (const { key } of rows) add(idOfRow(key), { rows: [key] });
        const blob = readJsonRow(db);
        for (const k of Object.keys(blob)) {
          const id = /^\[([^\]]+)\]/.exec(k)?.[1];
          if (id) add(id, { jsonKeys: [k] });
        }
        return [...groups]
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([id, h]): StoredCredential => {
            const url = str(blob[`[${id}] mcp_server_url`]) ?? urlOfId(id);
            const updated =
              isoFromEpoch(blob[`[${id}] mcp_oauth_updated_at_ms`]) ??
              (url ? isoFromEpoch(blob[`[url:${b64(url)}] mcp_oauth_updated_at_ms`]) : undefined);
            const c = credential(ctx, file, id, {
              server: serverOf(id, url, entries),
              ...(url ? { url } : {}),
              ...(updated ? { updatedAt: updated } : {}),
            });
            return { ...c, handle: h };
          });
      } finally {
        db.close();
      }
    },
    async remove(items, seal) {
      const db = new Database(file, { fileMustExist: true });
      const backups: ResetBackupItem[] = [];
      try {
        db.transaction(() => {
          const get = db.prepare('SELECT value FROM ItemTable WHERE key = ?');
          const del = db.prepare('DELETE FROM ItemTable WHERE key = ?');
          const blob = readJsonRow(db);
          let blobChanged = false;
          for (const it of items) {
            const h = it.handle as Handle;
            for (const key of h.rows) {
              const row = get.get(key) as { value: unknown } | undefined;
              if (!row) continue;
              backups.push({ kind: 'sqlite-row', file, key, sealed: seal(encodeCell(row.value)) });
              del.run(key);
            }
            for (const k of h.jsonKeys) {
              if (!(k in blob)) continue;
              backups.push({
                kind: 'sqlite-json-key',
                file,
                row: JSON_ROW,
                key: k,
                sealed: seal(JSON.stringify(blob[k])),
              });
              delete blob[k];
              blobChanged = true;
            }
          }
          if (blobChanged) writeJsonRow(db, blob);
        })();
      } finally {
        db.close();
      }
      return backups;
    },
  };
}

function idOfRow(key: string): string {
  if (key.startsWith('secret://')) {
    try {
      const inner = JSON.parse(key.slice('secret://'.length)) as { key?: string };
      const id = /^\[([^\]]+)\]/.exec(inner.key ?? '')?.[1];
      if (id) return id;
    } catch {
      // fall through: group unknown layouts by the raw key
    }
  }
  return key;
}

function b64(url: string): string {
  return Buffer.from(url, 'utf8').toString('base64').replace(/=+$/, '');
}

function urlOfId(id: string): string | undefined {
  if (!id.startsWith('url:')) return undefined;
  const s = Buffer.from(id.slice(4), 'base64').toString('utf8');
  return /^https?:\/\//.test(s) ? s : undefined;
}

/** The entry name for an id: `user-<name>`, `…-<name>`, or by URL. [inferred from the id forms] */
function serverOf(id: string, url: string | undefined, entries: ClassifiedEntry[]): string {
  const byName = entries.find((e) => id === `user-${e.name}` || id.endsWith(`-${e.name}`));
  if (byName) return byName.name;
  const byUrl = url ? entries.find((e) => e.remote?.url === url) : undefined;
  if (byUrl) return byUrl.name;
  return id.startsWith('user-') ? id.slice(5) : (url ?? id);
}

export function readJsonRow(db: Database.Database): Record<string, unknown> {
  const row = db.prepare('SELECT value FROM ItemTable WHERE key = ?').get(JSON_ROW) as { value: unknown } | undefined;
  if (!row) return {};
  try {
    const v = JSON.parse(Buffer.isBuffer(row.value) ? row.value.toString('utf8') : String(row.value)) as unknown;
    return isObj(v) ? v : {};
  } catch {
    return {};
  }
}

export function writeJsonRow(db: Database.Database, blob: Record<string, unknown>): void {
  db.prepare('INSERT OR REPLACE INTO ItemTable (key, value) VALUES (?, ?)').run(JSON_ROW, JSON.stringify(blob));
}

/** Cells are TEXT or BLOB; keep which, so a restore writes the same type back. */
export function encodeCell(v: unknown): string {
  return Buffer.isBuffer(v)
    ? JSON.stringify({ t: 'blob', v: v.toString('base64') })
    : JSON.stringify({ t: 'text', v: String(v) });
}

export function decodeCell(s: string): string | Buffer {
  const c = JSON.parse(s) as { t: string; v: string };
  return c.t === 'blob' ? Buffer.from(c.v, 'base64') : c.v;
}
