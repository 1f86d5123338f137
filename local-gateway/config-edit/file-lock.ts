// A cooperative lock beside the edited file: `<file>.mcp-companion.lock`, created with `wx`
// so only one companion process edits a config at a time. A lock older than 30 s is stale
// (its owner crashed) and is taken over, and so is one whose owner process no longer exists.

import fs from 'node:fs';
import { CompanionError } from '../core/errors.js';

export const STALE_LOCK_MS = 30_000;

export function lockPathFor(file: string): string {
  return `${file}.mcp-companion.lock`;
}

export function withFileLock<T>(file: string, fn: () => T, now: () => number = Date.now): T {
  const lock = lockPathFor(file);
  acquire(lock, now);
  try {
    return fn();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

function acquire(lock: string, now: () => number): void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(lock, 'wx', 0o600);
      fs.writeSync(fd, JSON.stringify({ pid: process.pid, at: now() }));
      fs.closeSync(fd);
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      let age = 0;
      try {
        age = now() - fs.statSync(lock).mtimeMs;
      } catch {
        continue; // released meanwhile: try again
      }
      if (age > STALE_LOCK_MS || ownerIsGone(lock)) {
        fs.rmSync(lock, { force: true });
        continue;
      }
      throw new CompanionError(
        'config_locked',
        `${lock} is held by another mcp-companion process; try again in a few seconds (it is ignored after 30 s)`,
        { lock },
      );
    }
  }
  throw new CompanionError('config_locked', `could not take the lock ${lock}`, { lock });
}

/** True when the lock names a process of this machine that has exited (e.g. killed mid-edit). */
function ownerIsGone(lock: string): boolean {
  let pid: unknown;
  try {
    pid = (JSON.parse(fs.readFileSync(lock, 'utf8')) as { pid?: unknown }).pid;
  } catch {
    return false; // being written right now, or not ours: respect it
  }
  if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
