// Where the companion keeps its state (database, secret key). One folder per user, shared by
// the app, `serve` and every CLI invocation so that they all see the same servers and tokens.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CompanionError } from '../core/errors.js';

const APP_DIR = 'MCP Companion';
const XDG_DIR = 'mcp-companion';

/** The data dir: `MCP_COMPANION_HOME` if set, else the platform's per-user app-data folder. */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  const fromEnv = nonEmpty(env.MCP_COMPANION_HOME);
  if (fromEnv) return fromEnv;
  if (platform === 'win32') {
    const appData =
      nonEmpty(env.APPDATA) ?? path.win32.join(nonEmpty(env.USERPROFILE) ?? os.homedir(), 'AppData', 'Roaming');
    return path.win32.join(appData, APP_DIR);
  }
  const home = nonEmpty(env.HOME) ?? os.homedir();
  if (platform === 'darwin') {
    return path.posix.join(home, 'Library', 'Application Support', APP_DIR);
  }
  // XDG: an empty or relative XDG_CONFIG_HOME must be ignored.
  const xdg = nonEmpty(env.XDG_CONFIG_HOME);
  const configHome = xdg && path.posix.isAbsolute(xdg) ? xdg : path.posix.join(home, '.config');
  return path.posix.join(configHome, XDG_DIR);
}

/**
 * mkdir -p with mode 0700 (umask-independent) for a folder created here. A folder that already
 * exists is left as it is: it may be the user's own (MCP_COMPANION_HOME) or shared, and the
 * files in it are 0600 anyway. Failures name the folder, the reason and the fix.
 */
export function ensureDataDir(dataDir: string): void {
  let created: string | undefined;
  try {
    created = fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    if (created !== undefined) fs.chmodSync(dataDir, 0o700);
  } catch (err) {
    throw explainDataDirError(dataDir, err, 'create') ?? err;
  }
}

const FS_REASONS: Record<string, (at: string) => string> = {
  EACCES: (at) => `permission denied on ${at}`,
  EPERM: (at) => `operation not permitted on ${at}`,
  EEXIST: (at) => `${at} is a file, not a folder`,
  ENOTDIR: (at) => `${at} (or a folder above it) is a file, not a folder`,
  EROFS: (at) => `${at} is on a read-only file system`,
  ENOSPC: () => 'the disk is full',
  SQLITE_CANTOPEN: () => 'the database in it cannot be opened (permission denied?)',
  SQLITE_READONLY: () => 'the database in it is read-only (permission denied?)',
  SQLITE_PERM: () => 'permission denied on the database in it',
};

/**
 * A file-system failure in or around the data dir, said in words with the fix; undefined for
 * other errors. `action` is what was being done ("create", "use").
 */
export function explainDataDirError(dataDir: string, err: unknown, action = 'use'): CompanionError | undefined {
  const e = err as NodeJS.ErrnoException;
  const reason = typeof e?.code === 'string' ? FS_REASONS[e.code] : undefined;
  if (!reason) return undefined;
  // mkdir -p reports EEXIST for the folder itself, ENOTDIR for one below a file.
  const at = typeof e.path === 'string' ? e.path : dataDir;
  return new CompanionError(
    'data_dir_unusable',
    `Cannot ${action} the MCP Companion data folder ${dataDir}: ${reason(at)}. Fix that, or set MCP_COMPANION_HOME to a folder you can write (for example MCP_COMPANION_HOME="$HOME/.mcp-companion").`,
    { dataDir, code: e.code },
  );
}

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value !== '' ? value : undefined;
}

/** Like explainDataDirError, for errors from anywhere: only those about a path inside the data dir. */
export function explainIfInDataDir(dataDir: string, err: unknown): CompanionError | undefined {
  const at = (err as NodeJS.ErrnoException)?.path;
  if (typeof at !== 'string') return undefined;
  const rel = path.relative(path.resolve(dataDir), path.resolve(at));
  return rel.startsWith('..') || path.isAbsolute(rel) ? undefined : explainDataDirError(dataDir, err);
}
