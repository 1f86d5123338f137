// Stores whose items are whole files (mcp-remote's `<hash>_*.json`, the AWS SSO cache's
// `<sha256>.token.json`): each removed file is backed up sealed, with its mode, for undo.

import fs from 'node:fs';
import type { ResetBackupItem } from '../types.js';

export function removeWholeFiles(files: string[], seal: (plain: string) => string): ResetBackupItem[] {
  const backups: ResetBackupItem[] = [];
  for (const file of files) {
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file);
    } catch {
      continue; // Gone meanwhile: nothing to remove or back up.
    }
    backups.push({ kind: 'file', file, mode: fs.statSync(file).mode & 0o777, sealed: seal(bytes.toString('base64')) });
    fs.rmSync(file, { force: true });
  }
  return backups;
}

export function safeReaddir(dir: string): string[] {
  try {
    return fs.readdirSync(dir).sort();
  } catch {
    return [];
  }
}

/** A small JSON file read for display only (client_id): unreadable or malformed is just "unknown". */
export function readJsonObject(file: string | undefined): Record<string, unknown> | undefined {
  if (!file) return undefined;
  try {
    const v = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
