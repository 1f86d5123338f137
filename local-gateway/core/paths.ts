// Locates the installed package (source tree under tests, dist/ when built) so that routed
// clients can run the bridge by absolute path, with no PATH lookup and no npx.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

export function packageRoot(): string {
  if (cached) return cached;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (
      fs.existsSync(pkg) &&
      (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { name?: string }).name === 'mcp-companion'
    ) {
      cached = dir;
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('Cannot locate the mcp-companion package root.');
    dir = parent;
  }
}

/** `node <root>/bin/mcp-companion.js bridge <name> --url <local url>`, all absolute. */
export function defaultBridgeCommand(serverName: string, localUrl: string): { command: string; args: string[] } {
  return {
    command: process.execPath,
    args: [path.join(packageRoot(), 'bin', 'mcp-companion.js'), 'bridge', serverName, '--url', localUrl],
  };
}
