// A cooperative lock beside the edited file: `<file>.mcp-companion.lock`, created with `wx`
// so only one companion process edits a config at a time. A lock older than 30 s is stale
// (its owner crashed) and is taken over.

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
      if (age > STALE_LOCK_MS) {
        fs.rmSync(lock, { force: true });
        continue;
      }
      throw new CompanionError('config_locked', `${lock} is held by another mcp-companion process; try again in a few seconds (it is ignored after 30 s)`, { lock });
    }
  }
  throw new CompanionError('config_locked', `could not take the lock ${lock}`, { lock });
}
