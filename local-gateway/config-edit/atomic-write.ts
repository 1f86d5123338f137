// Atomic replace: write a temp file in the same directory (same filesystem, so rename is
// atomic), fsync it, rename it over the target, then fsync the directory so the rename itself
// survives a crash. The temp file is created 0600 and only gets the target's mode after the
// rename (through the still-open descriptor, so it is our inode that changes): a run killed
// mid-write leaves at most a 0600 temp file, which the next write removes.

import fs from 'node:fs';
import path from 'node:path';
import { removeStaleTemps, tempPathFor } from './temp-files.js';

export interface AtomicWriteOptions {
  /** Called just before the rename; returning false discards the temp file and writes nothing. */
  stillCurrent?: () => boolean;
}

/** Returns false when `stillCurrent` said no (nothing written). */
export function writeFileAtomic(
  file: string,
  data: Buffer | string,
  mode?: number,
  opts: AtomicWriteOptions = {},
): boolean {
  const dir = path.dirname(file);
  removeStaleTemps(file);
  const tmp = tempPathFor(file);
  const finalMode = mode ?? existingMode(file) ?? 0o644;
  const fd = fs.openSync(tmp, 'wx', 0o600);
  let renamed = false;
  let open = true;
  try {
    fs.writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    fs.fsyncSync(fd);
    if (process.platform === 'win32') {
      fs.closeSync(fd); // an open file cannot be renamed there
      open = false;
    }
    if (opts.stillCurrent && !opts.stillCurrent()) return false;
    fs.renameSync(tmp, file);
    renamed = true;
    if (process.platform !== 'win32') {
      fs.fchmodSync(fd, finalMode); // umask may have narrowed it; a kill before this leaves 0600
      fs.fsyncSync(fd);
    }
  } finally {
    if (open) fs.closeSync(fd);
    if (!renamed) fs.rmSync(tmp, { force: true });
  }
  syncDir(dir);
  return true;
}

function existingMode(file: string): number | undefined {
  try {
    return fs.statSync(file).mode & 0o777;
  } catch {
    return undefined;
  }
}

function syncDir(dir: string): void {
  // Directories cannot be opened for fsync on Windows; the rename is still atomic there.
  if (process.platform === 'win32') return;
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // best effort
  }
}
