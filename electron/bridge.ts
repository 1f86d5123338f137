// How routed stdio clients (Claude Desktop, mcp-remote entries) start the bridge when the
// companion runs inside Electron. `process.execPath` is then the Electron binary, not node, so
// the default `node bin/mcp-companion.js bridge <name>` would launch a second app. Electron runs
// as plain Node when ELECTRON_RUN_AS_NODE=1 (the runAsNode fuse stays on for this), so the
// variable goes into the entry's own `env` next to the bridge token: no shell, no PATH lookup,
// the same on macOS, Windows and Linux.
import path from 'node:path';
import type { BridgeLaunch } from '../local-gateway/clients/host.js';

export type BridgeCommand = (serverName: string, localUrl: string) => BridgeLaunch;

export interface BridgeLaunchOptions {
  /** The Electron binary (`process.execPath` in main). */
  execPath: string;
  /** The app root (`app.getAppPath()`: the repo in dev, `…/app.asar` when packaged). */
  appRoot: string;
  platform: NodeJS.Platform;
}

export function electronBridgeCommand(launch: BridgeLaunchOptions): BridgeCommand {
  const join = launch.platform === 'win32' ? path.win32.join : path.posix.join;
  const script = join(launch.appRoot, 'bin', 'mcp-companion.js');
  return (serverName, localUrl) => ({
    command: launch.execPath,
    args: [script, 'bridge', serverName, '--url', localUrl],
    env: { ELECTRON_RUN_AS_NODE: '1' },
  });
}
