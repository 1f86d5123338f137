// Per-platform base folders, computed from the env and platform handed in (never process.env),
// so tests can point HOME/APPDATA/XDG_* at temporary folders.

import os from 'node:os';
import path from 'node:path';

export function homeDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string {
  if (platform === 'win32') return env.USERPROFILE || env.HOME || os.homedir();
  return env.HOME || os.homedir();
}

/** Join with the target platform's separator (tests may describe Windows from Linux). */
export function joinFor(platform: NodeJS.Platform, ...parts: string[]): string {
  return platform === 'win32' ? path.win32.join(...parts) : path.posix.join(...parts);
}

/** Where Electron/VS Code-style apps keep `<App>/User/...`: Application Support, %APPDATA%, XDG config. */
export function appConfigRoot(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, home: string): string {
  if (platform === 'darwin') return joinFor(platform, home, 'Library', 'Application Support');
  if (platform === 'win32') return env.APPDATA || joinFor(platform, home, 'AppData', 'Roaming');
  return xdgConfigHome(env, platform, home);
}

/** A VS Code-style app's user folder, `<app config root>/<App>/User` (`Code`, `Code - Insiders`, `Cursor`…). */
export function vscodeUserDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, home: string, app: string): string {
  return joinFor(platform, appConfigRoot(env, platform, home), app, 'User');
}

export function xdgConfigHome(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, home: string): string {
  return env.XDG_CONFIG_HOME || joinFor(platform, home, '.config');
}

export function xdgDataHome(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, home: string): string {
  return env.XDG_DATA_HOME || joinFor(platform, home, '.local', 'share');
}
