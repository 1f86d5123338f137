// One companion per data dir. Whoever serves (`serve`, the app, a `login` serving its own
// callback) holds an OS-level exclusive lock on `<dataDir>/companion.lock` for as long as it
// runs, and says where it listens in `<dataDir>/companion.owner.json`.
//
// The lock is SQLite's own file lock (fcntl on POSIX, LockFileEx on Windows) on an empty
// database, taken with BEGIN EXCLUSIVE and never committed: better-sqlite3 is already here, the
// OS drops the lock when its owner dies, even by SIGKILL, so there is no stale lock to guess
// about (no pid reuse, no timeouts), and SQLite tracks it per file so that a second companion
// in the same process is refused too. The owner file is only a label for messages: it is
// trusted only while the lock is held, and its pid only while that process is alive.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { CompanionError } from '../core/errors.js';
import { ensureDataDir } from '../store/index.js';

export interface InstanceOwner {
  pid: number;
  port: number;
}

export interface InstanceLock {
  /** Records where the owner listens (before it listens: a second starter reads it). */
  announce(port: number): void;
  release(): void;
}

const lockFile = (dataDir: string) => path.join(dataDir, 'companion.lock');
const ownerFile = (dataDir: string) => path.join(dataDir, 'companion.owner.json');

/**
 * Takes the data dir for this process, or throws `already_running` naming the owner. A lock
 * seen busy is retried briefly: `runningOwner` (any CLI command) holds it for a moment.
 */
export async function acquireInstanceLock(dataDir: string): Promise<InstanceLock> {
  ensureDataDir(dataDir);
  // Private like every file in the data dir (SQLite would create it world-readable).
  fs.closeSync(fs.openSync(lockFile(dataDir), 'a', 0o600));
  fs.chmodSync(lockFile(dataDir), 0o600);
  for (let attempt = 0; ; attempt++) {
    const db = tryLock(dataDir);
    if (db) return held(dataDir, db);
    if (attempt >= 10) throw alreadyRunning(dataDir, readOwner(dataDir));
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The companion serving this data dir right now, if any: its pid and port, or neither while it
 * is still starting. Takes the lock for a moment when it is free (`acquireInstanceLock` retries).
 */
export function runningOwner(dataDir: string): Partial<InstanceOwner> | undefined {
  if (!fs.existsSync(lockFile(dataDir))) return undefined; // nobody ever served this data dir
  let db: Database.Database | undefined;
  try {
    db = tryLock(dataDir);
  } catch {
    return undefined; // an unreadable lock file: no companion can be proved to serve here
  }
  if (!db) return readOwner(dataDir) ?? {};
  db.close();
  return undefined;
}

/** The lock's connection when taken; undefined when another connection holds it. */
function tryLock(dataDir: string): Database.Database | undefined {
  const db = new Database(lockFile(dataDir), { timeout: 0 });
  try {
    db.exec('BEGIN EXCLUSIVE');
    return db;
  } catch (err) {
    db.close();
    if ((err as { code?: string }).code === 'SQLITE_BUSY') return undefined;
    throw err;
  }
}

function held(dataDir: string, db: Database.Database): InstanceLock {
  let released = false;
  return {
    announce(port) {
      const tmp = `${ownerFile(dataDir)}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify({ pid: process.pid, port }), { mode: 0o600 });
      fs.renameSync(tmp, ownerFile(dataDir));
    },
    release() {
      if (released) return;
      released = true;
      // The label first: once the lock is free, a new owner may write its own.
      if (readOwner(dataDir)?.pid === process.pid) fs.rmSync(ownerFile(dataDir), { force: true });
      db.close();
    },
  };
}

/** The owner file, when it names a live process. */
function readOwner(dataDir: string): InstanceOwner | undefined {
  try {
    const o = JSON.parse(fs.readFileSync(ownerFile(dataDir), 'utf8')) as Partial<InstanceOwner>;
    if (!Number.isInteger(o.pid) || !Number.isInteger(o.port) || !alive(o.pid!)) return undefined;
    return { pid: o.pid!, port: o.port! };
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function alreadyRunning(dataDir: string, owner: InstanceOwner | undefined): CompanionError {
  const where = owner ? `pid ${owner.pid}, listening on http://127.0.0.1:${owner.port}` : 'it is still starting';
  return new CompanionError(
    'already_running',
    `MCP Companion is already running for the data dir ${dataDir} (${where}). Only one companion may serve a data dir: ` +
      `use that one (every CLI command works through it), or stop it first${owner ? ` (quit the app, or \`kill ${owner.pid}\`)` : ''}.`,
    { pid: owner?.pid, port: owner?.port },
  );
}
