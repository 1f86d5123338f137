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
  env = {
    ...t.env,
    PATH: process.env.PATH,
    MCP_COMPANION_HOME: t.dataDir,
    XDG_CONFIG_HOME: path.join(t.home, '.config'),
    APPDATA: path.join(t.home, 'AppData'),
    BROWSER: AUTO_BROWSER,
  };
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
    const json = JSON.parse((await runCli(['reset', 'vscode', '--json'], env)).stdout) as {
      removed: unknown[];
      nextSteps: string[];
    };
    expect(json).toMatchObject({ removed: [], nextSteps: [] });
  });
});

describe('route --server naming no entry', () => {
  it('exits 1 and says so on stderr; the entries that were found are still routed', async () => {
    const file = path.join(t.home, '.cursor/mcp.json');
    const r = await runCli(['route', 'cursor', '--server', 'nosuch', '--server', 'events'], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/skipped {2}nosuch: Cursor has no remote MCP entry named "nosuch"/);
    expect(r.stdout).toMatch(/routed {2}events →/);
    expect(r.stderr).toContain('Error: Cursor has no remote MCP entry named "nosuch"');
    expect(r.stderr).not.toContain('events');
    expect(fs.readFileSync(file, 'utf8')).toContain('/servers/events/sse');

    const json = await runCli(['route', 'cursor', '--server', 'nosuch', '--json', '--dry-run'], env);
    expect(json.code).toBe(1);
    expect((JSON.parse(json.stdout) as { entries: Array<{ name: string; status: string }> }).entries).toEqual([
      expect.objectContaining({ name: 'nosuch', status: 'skipped' }),
    ]);

    const found = await runCli(['route', 'cursor', '--server', 'linear'], env);
    expect(found.code, found.stderr).toBe(0);
    expect(found.stderr).toBe('');
  });
});

describe('bridge token', () => {
  async function listToolsVia(args: string[], token: string): Promise<string[]> {
    const client = new Client({ name: 'stdio-ide', version: '1' });
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [BIN, ...args],
        env: { ...env, MCP_COMPANION_TOKEN: token } as Record<string, string>,
        stderr: 'pipe',
      }),
    );
    try {
      return (await client.listTools()).tools.map((tool) => tool.name);
    } finally {
      await client.close();
    }
  }

  it('is accepted with or without "Bearer ", as `connect` prints it', async () => {
    const cp = await controlPlane();
    expect((await runCli(['server', 'add', 'plain', cp.mcpUrl('plain')], env)).code).toBe(0);
    await serve();
    const info = JSON.parse((await runCli(['connect', 'plain', '--as', 'stdio-ide', '--json'], env)).stdout) as {
      url: string;
      headers: { Authorization: string };
    };
    const header = info.headers.Authorization;
    expect(header).toMatch(/^Bearer mcpc_/);
    const bare = header.slice('Bearer '.length);
    // The launcher's fast path (--url, what route writes) and the command itself.
    expect(await listToolsVia(['bridge', 'plain', '--url', info.url], header)).toContain('echo');
    expect(await listToolsVia(['bridge', 'plain'], ` ${header} `)).toContain('echo');
    expect(await listToolsVia(['bridge', 'plain', '--url', info.url], bare)).toContain('echo');
  });

  it('"Bearer " with no token is missing, on both paths', async () => {
    for (const args of [
      ['bridge', 'plain', '--url', 'http://127.0.0.1:9/servers/plain/mcp'],
      ['bridge', 'plain'],
    ]) {
      const r = await runCli(args, { ...env, MCP_COMPANION_TOKEN: 'Bearer ' });
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr).toContain('MCP_COMPANION_TOKEN is not set');
    }
  });
});

describe('help pages', () => {
  it('the top-level page lists the client ids, the environment variables and examples', async () => {
    const r = await runCli(['--help'], env);
    expect(r.code).toBe(0);
    for (const id of CLIENT_IDS) expect(r.stdout).toContain(id);
    for (const name of [
      'MCP_COMPANION_HOME',
      'BROWSER',
      'MCP_COMPANION_LOG_LEVEL',
      'MCP_COMPANION_TOKEN',
      'Examples:',
      '$ mcp-companion route cursor',
    ])
      expect(r.stdout).toContain(name);
    expect(r.stdout).not.toContain('CHROMIUM_PATH'); // test-only
  });

  it.each(['route', 'reset', 'server add', 'login', 'connect'])('`%s --help` has examples', async (command) => {
    const r = await runCli([...command.split(' '), '--help'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toContain(`$ mcp-companion ${command} `);
  });

  it('`bridge --help` documents MCP_COMPANION_TOKEN and what sets it', async () => {
    const r = await runCli(['bridge', '--help'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('MCP_COMPANION_TOKEN');
    expect(r.stdout).toMatch(/mcp-companion route <client>` writes it/);
  });
});
