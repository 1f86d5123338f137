// CLI messages a newcomer tripped on (issue 17 §7), through the real binary: nothing printed
// before a failure, no next steps after a no-op, a typo'd --server fails, the bridge takes its
// token as `connect` prints it, and the help pages say what to type.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { CLIENT_IDS } from '../../local-gateway/clients/types.js';
import { makeHome, type TempHome } from '../support/client-homes.js';
import { AUTO_BROWSER, BIN, runCli, startServe } from '../support/cli.js';
import { startControlPlane, type ControlPlane } from '../support/control-plane/index.js';
import { freePort } from '../support/ports.js';

let t: TempHome;
let env: NodeJS.ProcessEnv;
let stops: Array<() => Promise<unknown>> = [];
beforeEach(() => {
  t = makeHome('linux');
  env = { ...t.env, PATH: process.env.PATH, MCP_COMPANION_HOME: t.dataDir, XDG_CONFIG_HOME: path.join(t.home, '.config'), APPDATA: path.join(t.home, 'AppData'), BROWSER: AUTO_BROWSER };
});
afterEach(async () => {
  for (const stop of stops.splice(0).reverse()) await stop();
  t.cleanup();
});

async function serve(): Promise<number> {
  const port = await freePort();
  const s = await startServe(['--port', String(port)], env);
  stops.push(() => s.stop());
  return port;
}

async function controlPlane(): Promise<ControlPlane> {
  const cp = await startControlPlane({ staticAuth: { plain: 'none' } });
  stops.push(() => cp.close());
  return cp;
}

describe('login of a server that is not there', () => {
  const expectRefusedSilently = (r: { code: number | null; stdout: string; stderr: string }) => {
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(''); // no "Signing in … finish in your browser" first
    expect(r.stderr).toContain('No upstream server named "nosuch"');
    expect(r.stderr).toContain('mcp-companion server add nosuch <url>');
  };

  it('fails before printing anything, in-process', async () => {
    expectRefusedSilently(await runCli(['login', 'nosuch'], env));
  });

  it('fails before printing anything, through a running companion', async () => {
    await serve();
    expectRefusedSilently(await runCli(['login', 'nosuch'], env));
  });
});

describe('reset with nothing to remove', () => {
  it('gives no next steps (only what is left to do by hand)', async () => {
    const r = await runCli(['reset', 'vscode'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('No cached MCP credentials of vscode found.');
    expect(r.stdout).toContain('By hand:');
    expect(r.stdout).not.toContain('Next:');
    const json = JSON.parse((await runCli(['reset', 'vscode', '--json'], env)).stdout) as { removed: unknown[]; nextSteps: string[] };
    expect(json).toMatchObject({ removed: [], nextSteps: [] });
  });
});
