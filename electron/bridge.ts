// How routed stdio clients (Claude Desktop, mcp-remote entries) start the bridge when the
// companion runs inside Electron. `process.execPath` is then the Electron binary, not node, so
// the default `node bin/mcp-companion.js bridge <name>` would launch a second app. Electron runs
// as plain Node when ELECTRON_RUN_AS_NODE=1, and that Node has Electron's ABI, so it loads the
// better-sqlite3 that electron-builder rebuilt (a system node could not). The RouteHost contract
// has no env for the command, so on macOS/Linux the variable is set through `/usr/bin/env`
// (absolute path: no PATH lookup). Windows has no such launcher without a shell, so routing a
// stdio client from the Windows app is refused with a clear message until RouteHost can carry env.
import path from 'node:path';
import { CompanionError } from '../local-gateway/core/errors.js';

export type BridgeCommand = (serverName: string) => { command: string; args: string[] };

export interface BridgeLaunch {
  /** The Electron binary (`process.execPath` in main). */
  execPath: string;
  /** The app root (`app.getAppPath()`: the repo in dev, `…/app.asar` when packaged). */
  appRoot: string;
  platform: NodeJS.Platform;
}

export function electronBridgeCommand(launch: BridgeLaunch): BridgeCommand {
  const script = path.join(launch.appRoot, 'bin', 'mcp-companion.js');
  return (serverName) => {
    if (launch.platform === 'win32') {
      throw new CompanionError(
        'unsupported',
        'The Windows app cannot route stdio-only clients yet. Route this client with the CLI (`mcp-companion route <client>` from an npm install), or use an HTTP entry.',
      );
    }
    return { command: '/usr/bin/env', args: ['ELECTRON_RUN_AS_NODE=1', launch.execPath, script, 'bridge', serverName] };
  };
}
