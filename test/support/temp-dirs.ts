// Temporary folders for one test file, removed after each test: a run leaves nothing behind in
// os.tmpdir() (temp-dir-guard.ts fails the run otherwise).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';

/**
 * Call at the top of a test file: returns `make()`, a fresh folder `<tmpdir>/<prefix>XXXXXX` that
 * is removed, with everything in it, when the test that made it ends.
 */
export function tempDirs(prefix: string): () => string {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    made.push(dir);
    return dir;
  };
}
