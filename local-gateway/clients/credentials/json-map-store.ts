// A credential store that is one JSON object map inside a file or a keychain blob: Claude
// Code's `mcpOAuth`, OpenCode's `mcp-auth.json`, Codex's `.credentials.json`.

import { isObj, type Obj } from '../entry-shapes.js';
import type { ClientContext, CredentialStore, ResetBackupItem, StoredCredential } from '../types.js';
import { ageDays, editJsonFile, fileMtimeIso, readJsonValue } from './json-file.js';

export interface MapEntryView {
  server: string;
  url?: string;
  clientId?: string;
  updatedAt?: string;
}

/** A map at `container` in a JSON file; `view` describes each entry without secret values. */
export function jsonFileMapStore(
  ctx: ClientContext,
  file: string,
  container: string[],
  view: (key: string, v: Obj) => MapEntryView,
): CredentialStore {
  return {
    label: file,
    async list() {
      const map = pick(readJsonValue(file), container);
      const mtime = fileMtimeIso(file);
      return Object.entries(map).map(([key, v]) => credential(ctx, file, key, view(key, isObj(v) ? v : {}), mtime));
    },
    async remove(items, seal) {
      const backups: ResetBackupItem[] = [];
      editJsonFile(file, (current) => {
        const map = pick(current, container);
        return items.flatMap((it) => {
          if (!(it.key in map)) return [];
          backups.push({ kind: 'json-key', file, container, key: it.key, sealed: seal(JSON.stringify(map[it.key])) });
          return [{ path: [...container, it.key], value: undefined }];
        });
      });
      return backups;
    },
  };
}

export function pick(root: unknown, container: string[]): Obj {
  let v: unknown = root;
  for (const k of container) v = isObj(v) ? v[k] : undefined;
  return isObj(v) ? v : {};
}

export function credential(
  ctx: ClientContext,
  store: string,
  key: string,
  view: MapEntryView,
  fallbackUpdatedAt?: string,
): StoredCredential {
  const updatedAt = view.updatedAt ?? fallbackUpdatedAt;
  const age = ageDays(updatedAt, ctx.now());
  return {
    server: view.server,
    store,
    key,
    ...(view.url ? { url: view.url } : {}),
    ...(view.clientId ? { clientId: view.clientId } : {}),
    ...(updatedAt ? { updatedAt } : {}),
    ...(age !== undefined ? { ageDays: age } : {}),
    handle: key,
  };
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}
