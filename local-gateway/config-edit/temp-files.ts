// Names of the atomic write's temp files, and removal of the ones a killed run left behind.
// A temp file holds the whole new config (a local token included), so a leftover is removed
// by the next write of the same file once its owner process is gone, or once it is older than
// any write of ours can take (the pid may have been reused).

import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';

export const STALE_TEMP_MS = 60_000;

export function tempPathFor(file: string): string {
  return path.join(
    path.dirname(file),
    `.${path.basename(file)}.mcp-companion-${process.pid}-${crypto.randomBytes(4).toString('hex')}.tmp`,
  );
}

/** The pid in one of our temp names for `base` (this version's or the earlier `.<base>.<pid>.<hex>.tmp`). */
export function tempOwner(base: string, name: string): number | undefined {
  const prefix = `.${base}.`;
  if (!name.startsWith(prefix) || !name.endsWith('.tmp')) return undefined;
  const m = /^(?:mcp-companion-(\d+)-|(\d+)\.)[0-9a-f]{8}\.tmp$/.exec(name.slice(prefix.length));
  return m ? Number(m[1] ?? m[2]) : undefined;
}

/** Removes our leftover temp files of `file`; never throws (this is housekeeping). */
export function removeStaleTemps(file: string, now: number = Date.now()): void {
  const dir = path.dirname(file);
  const base = path.basename(file);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = tempOwner(base, name);
    if (pid === undefined) continue;
    const p = path.join(dir, name);
    try {
      const st = fs.lstatSync(p);
      if (!st.isFile()) continue;
      if (processIsGone(pid) || now - st.mtimeMs > STALE_TEMP_MS) fs.rmSync(p, { force: true });
    } catch {
      // gone meanwhile, or not ours to remove
    }
  }
}

function processIsGone(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
