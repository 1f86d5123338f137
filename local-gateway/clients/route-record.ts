// The routing record `<dataDir>/routes/<client>.json`: for each entry the companion rewrote,
// where it is, its exact original text (sealed when it carries header/env secrets) and a hash
// of what we wrote, so unroute can restore it and can tell whether the user changed it since.

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../config-edit/atomic-write.js';
import { CompanionError } from '../core/errors.js';
import { stableStringify } from './stable-json.js';
import type { ClientId, EntryLocator } from './types.js';

export interface RouteRecordEntry {
  file: string;
  locator: EntryLocator;
  name: string;
  upstream: string;
  mode: 'http' | 'bridge';
  /** sha256 of the routed value (canonical JSON): detects user edits without storing the token. */
  routedHash: string;
  /** Exact original text of the entry; absent when sealed. */
  original?: string;
  sealedOriginal?: string;
  routedAt: string;
}

export interface RouteRecord {
  version: 1;
  client: ClientId;
  entries: RouteRecordEntry[];
}

export function routeRecordPath(dataDir: string, client: ClientId): string {
  return path.join(dataDir, 'routes', `${client}.json`);
}

export function loadRouteRecord(dataDir: string, client: ClientId): RouteRecord {
  const file = routeRecordPath(dataDir, client);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return { version: 1, client, entries: [] };
  }
  try {
    const rec = JSON.parse(text) as RouteRecord;
    return { version: 1, client, entries: Array.isArray(rec.entries) ? rec.entries : [] };
  } catch {
    throw new CompanionError(
      'config_unparseable',
      `${file}: the routing record is damaged; restore it from ${path.join(dataDir, 'backups')} or delete it`,
      { file },
    );
  }
}

export function saveRouteRecord(dataDir: string, record: RouteRecord): void {
  const file = routeRecordPath(dataDir, record.client);
  if (record.entries.length === 0) {
    fs.rmSync(file, { force: true });
    return;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileAtomic(file, JSON.stringify(record, null, 2) + '\n', 0o600);
}

export function sameLocator(a: EntryLocator, b: EntryLocator): boolean {
  return stableStringify(a) === stableStringify(b);
}

export function valueHash(value: unknown): string {
  return crypto.createHash('sha256').update(stableStringify(value)).digest('hex');
}

export function originalText(entry: RouteRecordEntry, open: (sealed: string) => string): string {
  if (entry.original !== undefined) return entry.original;
  if (entry.sealedOriginal !== undefined) return open(entry.sealedOriginal);
  throw new CompanionError('config_unparseable', `the routing record for ${entry.name} has no original text`);
}
