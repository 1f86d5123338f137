// "Is the file still the one we read?" Checked just before our rename: the content is re-read
// and hashed, then — after letting any rename already under way in the directory finish — the
// file's identity (inode, size, mtime, ctime) must still be the one it had when we read it.
// What remains is the gap between that last stat and our own rename: microseconds, against the
// whole edit (and, on ext4, an IDE rename stalled for milliseconds on the journal) before.

import crypto from 'node:crypto';
import fs from 'node:fs';

export interface FileVersion {
  bytes: Buffer;
  mode: number;
  hash: string;
  identity: string;
}

export function readVersion(file: string): FileVersion {
  for (let tries = 1; ; tries++) {
    const before = identityOf(file);
    const bytes = fs.readFileSync(file);
    const after = fs.statSync(file, { bigint: true });
    // Rewritten while we read it: read it again, a few times; then an identity that never
    // matches, so the caller's check fails and counts it as a changed file.
    if (identity(after) === before || tries >= 5) {
      return {
        bytes,
        mode: Number(after.mode & 0o777n),
        hash: sha256(bytes),
        identity: identity(after) === before ? before : 'unstable',
      };
    }
  }
}

export function isStillVersion(file: string, version: FileVersion): boolean {
  try {
    if (sha256(fs.readFileSync(file)) !== version.hash) return false;
    settleRenames(file);
    return identityOf(file) === version.identity;
  } catch {
    return false; // removed meanwhile: not the file we read
  }
}

/**
 * rename(2) of a file onto itself changes nothing but takes the directory lock (Linux, macOS),
 * so it returns only after a rename in progress there (an IDE's save, stalled on the journal)
 * has landed. Best effort: where it is not allowed, the checks around it still hold.
 */
function settleRenames(file: string): void {
  if (process.platform === 'win32') return;
  try {
    fs.renameSync(file, file);
  } catch {
    // not needed for correctness
  }
}

function identityOf(file: string): string {
  return identity(fs.statSync(file, { bigint: true }));
}

function identity(st: fs.BigIntStats): string {
  return `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
}

function sha256(bytes: Buffer): string {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}
