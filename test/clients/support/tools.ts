// The pinned client CLIs installed by `npm ci --prefix test/clients/tools` (see run.sh).
// A client whose package could not be installed is skipped with a message naming it; one that
// is installed but does not run is a failure, not a skip.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../../support/cli.js';

export const TOOLS_DIR = path.join(ROOT, 'test/clients/tools');
export const TOOLS_BIN = path.join(TOOLS_DIR, 'node_modules/.bin');

const manifest = JSON.parse(fs.readFileSync(path.join(TOOLS_DIR, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
};

export interface ClientTool {
  pkg: string;
  bin: string;
  version: string;
  path: string;
  missing?: string;
}

export function clientTool(pkg: string, bin: string): ClientTool {
  const version = manifest.dependencies[pkg];
  if (!version) throw new Error(`${pkg} is not pinned in test/clients/tools/package.json`);
  const binPath = path.join(TOOLS_BIN, bin);
  const pkgJson = path.join(TOOLS_DIR, 'node_modules', pkg, 'package.json');
  let missing: string | undefined;
  if (!fs.existsSync(pkgJson) || !fs.existsSync(binPath)) {
    missing = `${pkg}@${version} is not installed in test/clients/tools (npm ci --prefix test/clients/tools failed for it): skipping the ${bin} tests`;
  } else {
    const installed = (JSON.parse(fs.readFileSync(pkgJson, 'utf8')) as { version: string }).version;
    if (installed !== version)
      throw new Error(
        `${pkg} ${installed} is installed but ${version} is pinned: run npm ci --prefix test/clients/tools`,
      );
  }
  return { pkg, bin, version, path: binPath, missing };
}

/** Prints the skip reason once, loudly, so a skipped client is never silent. */
export function announceSkip(tool: ClientTool): boolean {
  if (tool.missing) process.stderr.write(`\n[test:clients] SKIP ${tool.missing}\n`);
  return Boolean(tool.missing);
}

/** `--version` output (runs the binary once, so a broken install fails here, not later). */
export function toolVersion(tool: ClientTool, env: NodeJS.ProcessEnv): string {
  const r = spawnSync(tool.path, ['--version'], { env, encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`${tool.bin} --version failed (${r.status}): ${r.stderr}`);
  return r.stdout.trim();
}
