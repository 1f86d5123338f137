// Putting one backed-up credential item back, merged into the store as it is now: an item is
// only added when its key is absent (the client may have written a newer one since).

import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { CompanionError } from '../core/errors.js';
import { isObj } from './entry-shapes.js';
import type { ClientContext, ResetBackupItem } from './types.js';
import { editJsonFile } from './credentials/json-file.js';
import { pick } from './credentials/json-map-store.js';
import { decodeCell, readJsonRow, writeJsonRow } from './credentials/cursor-state.js';

export async function restoreItem(
  item: ResetBackupItem,
  ctx: ClientContext,
  open: (sealed: string) => string,
): Promise<'restored' | 'exists'> {
  let outcome: 'restored' | 'exists' = 'exists';
  switch (item.kind) {
    case 'json-key':
      editJsonFile(
        item.file,
        (current) => {
          const parent = item.container.length ? (isObj(current) ? current[item.container[0]!] : undefined) : current;
          // A key inside a config entry (Cline's `oauth`) goes back only while that entry exists:
          // alone it would make an entry the client cannot read.
          if (item.intoExisting && !isObj(at(current, item.container)))
            throw new CompanionError(
              'not_found',
              `${item.container.join('.')} is no longer in ${item.file}; its "${item.key}" was not put back`,
            );
          if (item.key in pick(current, item.container)) return [];
          outcome = 'restored';
          // Create the container when the client removed it entirely.
          const value = JSON.parse(open(item.sealed)) as unknown;
          return isObj(parent) || item.container.length === 0
            ? [{ path: [...item.container, item.key], value }]
            : [{ path: item.container, value: { [item.key]: value } }];
        },
        { createAs: '{}' },
      );
      return outcome;
    case 'json-array-item':
      editJsonFile(
        item.file,
        (current) => {
          const arr = Array.isArray(current) ? current : [];
          if (arr.some((v) => isObj(v) && v[item.matchField] === item.matchValue)) return [];
          outcome = 'restored';
          return [{ path: [arr.length], value: JSON.parse(open(item.sealed)) as unknown, arrayInsert: true }];
        },
        { createAs: '[]' },
      );
      return outcome;
    case 'keychain-key': {
      const raw = await ctx.keychain.read(item.service, item.account);
      const blob = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      const map = isObj(blob[item.container[0]!])
        ? (blob[item.container[0]!] as Record<string, unknown>)
        : (blob[item.container[0]!] = {});
      if (item.key in map) return 'exists';
      map[item.key] = JSON.parse(open(item.sealed)) as unknown;
      await ctx.keychain.write(item.service, item.account, JSON.stringify(blob));
      return 'restored';
    }
    case 'file':
      if (fs.existsSync(item.file)) return 'exists';
      fs.mkdirSync(path.dirname(item.file), { recursive: true, mode: 0o700 });
      fs.writeFileSync(item.file, Buffer.from(open(item.sealed), 'base64'), { mode: item.mode, flag: 'wx' });
      return 'restored';
    case 'sqlite-row':
    case 'sqlite-json-key': {
      const db = new Database(item.file, { fileMustExist: true });
      try {
        if (item.kind === 'sqlite-row') {
          const r = db
            .prepare('INSERT OR IGNORE INTO ItemTable (key, value) VALUES (?, ?)')
            .run(item.key, decodeCell(open(item.sealed)));
          return r.changes > 0 ? 'restored' : 'exists';
        }
        const blob = readJsonRow(db);
        if (item.key in blob) return 'exists';
        blob[item.key] = JSON.parse(open(item.sealed)) as unknown;
        writeJsonRow(db, blob);
        return 'restored';
      } finally {
        db.close();
      }
    }
  }
}

function at(root: unknown, path: string[]): unknown {
  let v = root;
  for (const k of path) v = isObj(v) ? v[k] : undefined;
  return v;
}
