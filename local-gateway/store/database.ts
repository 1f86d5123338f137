// Opens the one SQLite connection a process uses. The file and its WAL sidecars are private
// (0600) regardless of umask: they hold sealed secrets and token hashes.
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { CompanionError } from '../core/errors.js';

export type Db = Database.Database;

export const DB_FILE_NAME = 'companion.db';
const BUSY_TIMEOUT_MS = 5000;

export function openDatabase(file: string): Db {
  // Create the file ourselves so it is 0600 before SQLite writes anything into it; SQLite
  // then gives -wal/-shm the same permissions as the main file.
  fs.closeSync(fs.openSync(file, 'a', 0o600));
  narrow(file);
  const db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
  } catch (err) {
    db.close();
    if ((err as { code?: string }).code === 'SQLITE_NOTADB') {
      throw new CompanionError(
        'conflict',
        `${file} is not an MCP Companion database. Move it aside (or set MCP_COMPANION_HOME to another folder) and start again.`,
      );
    }
    throw err;
  }
  return db;
}

/** chmod 0600 on the database and whichever WAL sidecars exist right now. */
export function restrictDatabaseFiles(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) {
    try {
      narrow(file + suffix);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
}

/** 0600, unless the file belongs to another user (a shared data dir): its mode is theirs to set. */
function narrow(file: string): void {
  try {
    fs.chmodSync(file, 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') throw err;
  }
}
