// Where the companion keeps its state (database, secret key). One folder per user, shared by
// the app, `serve` and every CLI invocation so that they all see the same servers and tokens.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

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
      nonEmpty(env.APPDATA) ??
      path.win32.join(nonEmpty(env.USERPROFILE) ?? os.homedir(), 'AppData', 'Roaming');
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

/** mkdir -p with mode 0700; an existing folder is narrowed to 0700 too (umask-independent). */
export function ensureDataDir(dataDir: string): void {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dataDir, 0o700);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value !== '' ? value : undefined;
}
