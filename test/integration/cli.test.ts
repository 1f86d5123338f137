// The CLI contract, exercised through the real binary in child processes on a temporary home.
import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startControlPlane, type ControlPlane } from '../support/control-plane/index.js';
import { AUTO_BROWSER, runCli, startServe } from '../support/cli.js';
import { freePort } from '../support/ports.js';
import { tempDirs } from '../support/temp-dirs.js';

let cp: ControlPlane;
let env: NodeJS.ProcessEnv;
let port: number;
const tempDir = tempDirs('mcpc-cli-');

beforeEach(async () => {
  cp = await startControlPlane();
  port = await freePort();
  env = { MCP_COMPANION_HOME: tempDir(), BROWSER: AUTO_BROWSER };
});
afterEach(async () => {
  await cp.close();
});

async function listTools(url: string, headers: Record<string, string>): Promise<string[]> {
  const client = new Client({ name: 'ide', version: '1' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
  try {
    return (await client.listTools()).tools.map((t) => t.name);
  } finally {
    await client.close();
  }
}

describe('mcp-companion CLI', () => {
  it('prints help naming every core command', async () => {
    const r = await runCli(['--help'], env);
    expect(r.code).toBe(0);
    for (const cmd of ['serve', 'server', 'login', 'logout', 'connect']) expect(r.stdout).toContain(cmd);
  });

  it('adds, lists and removes servers; refuses bad input with a clear message and no change', async () => {
    const add = await runCli(['server', 'add', 'linear', cp.mcpUrl('linear'), '--header', 'X-Api-Key: k-123'], env);
    expect(add.code).toBe(0);
    expect(add.stdout).toContain('/servers/linear/mcp');
    const bad = await runCli(['server', 'add', 'oops', 'not a url'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/not a URL/);
    const dup = await runCli(['server', 'add', 'linear', cp.mcpUrl('github')], env);
    expect(dup.code).toBe(1);
    const list = JSON.parse((await runCli(['server', 'list', '--json'], env)).stdout) as Array<{
      name: string;
      url: string;
      auth: string;
      headerNames: string[];
    }>;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      name: 'linear',
      url: cp.mcpUrl('linear'),
      auth: 'signed_out',
      headerNames: ['X-Api-Key'],
    });
    expect(JSON.stringify(list)).not.toContain('k-123');
    expect((await runCli(['server', 'remove', 'linear'], env)).code).toBe(0);
    expect(JSON.parse((await runCli(['server', 'list', '--json'], env)).stdout)).toEqual([]);
    const missing = await runCli(['server', 'remove', 'linear'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('No upstream server named "linear"');
  });

  it('login without a running serve signs in on the callback port; connect gives a working endpoint', async () => {
    await runCli(['server', 'add', 'linear', cp.mcpUrl('linear')], env);
    await runCli(['serve', '--port', String(port), '--help'], env); // --help only: no side effects
    const login = await runCli(['login', 'linear'], { ...env });
    expect(login.stderr + login.stdout).toContain('Signed in to linear');
    expect(cp.stats.registrations).toBe(1);
    const c1 = JSON.parse((await runCli(['connect', 'linear', '--as', 'cursor', '--json'], env)).stdout) as {
      url: string;
      headers: Record<string, string>;
    };
    const c2 = JSON.parse((await runCli(['connect', 'linear', '--as', 'cursor', '--json'], env)).stdout) as typeof c1;
    expect(c2).toEqual(c1); // a label's token is stable
    expect(c1.headers.Authorization).toMatch(/^Bearer mcpc_/);
    const serve = await startServe([], env);
    try {
      expect(await listTools(c1.url, c1.headers)).toContain('echo');
      expect(cp.stats.registrations).toBe(1); // the login was reused, no new DCR
    } finally {
      expect(await serve.stop()).toBe(0);
    }
  });

  it('a server added and a login done by the CLI take effect in a running serve at once', async () => {
    const serve = await startServe(['--port', String(port)], env);
    try {
      expect(serve.output()).toContain(`http://127.0.0.1:${port}`);
      await runCli(['server', 'add', 'github', cp.mcpUrl('github')], env);
      const login = await runCli(['login', 'github'], env);
      expect(login.code).toBe(0);
      expect(login.stdout).toContain('through the running companion');
      const info = JSON.parse((await runCli(['connect', 'github', '--json'], env)).stdout) as {
        url: string;
        headers: Record<string, string>;
      };
      expect(await listTools(info.url, info.headers)).toContain('echo');
      expect(cp.stats.registrations).toBe(1);
      const out = await runCli(['logout', 'github', '--forget-registration'], env);
      expect(out.code).toBe(0);
      const list = JSON.parse((await runCli(['server', 'list', '--json'], env)).stdout) as Array<{ auth: string }>;
      expect(list[0]!.auth).toBe('signed_out');
    } finally {
      expect(await serve.stop()).toBe(0);
    }
  });

  it('serve remembers its port and explains a port clash', async () => {
    const first = await startServe(['--port', String(port)], env);
    const twice = await runCli(['serve', '--no-open'], env);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain(`already running`);
    expect(twice.stderr).toContain(`http://127.0.0.1:${port}`);
    expect(await first.stop()).toBe(0);
    // Another program on the remembered port: said so, not mistaken for a running companion.
    const other = net.createServer();
    await new Promise<void>((resolve) => other.listen(port, '127.0.0.1', resolve));
    try {
      const clash = await runCli(['serve', '--no-open'], env);
      expect(clash.code).toBe(1);
      expect(clash.stderr).toContain(`Port ${port} is already in use by another program`);
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });

  it('when the app holds keychain-sealed secrets, the CLI works through it; without it, it says so', async () => {
    const { createCompanion } = await import('../../local-gateway/companion.js');
    const { createKeySecretBox } = await import('../../local-gateway/store/index.js');
    const { randomBytes } = await import('node:crypto');
    // Stands in for the app's safeStorage box: a key the CLI process cannot read.
    const app = createCompanion({
      dataDir: env.MCP_COMPANION_HOME!,
      port,
      secretBox: createKeySecretBox(randomBytes(32)),
    });
    await app.listen();
    try {
      expect(
        (await runCli(['server', 'add', 'linear', cp.mcpUrl('linear'), '--header', 'X-Key: sealed-by-app'], env)).code,
      ).toBe(0);
      const list = await runCli(['server', 'list', '--json'], env);
      expect(list.code).toBe(0);
      expect(JSON.parse(list.stdout)[0].headerNames).toEqual(['X-Key']);
      const conn = await runCli(['connect', 'linear', '--json'], env);
      expect(JSON.parse(conn.stdout).headers.Authorization).toMatch(/^Bearer mcpc_/);
    } finally {
      await app.close();
    }
    const offline = await runCli(['server', 'list'], env);
    expect(offline.code).toBe(1);
    expect(offline.stderr).toMatch(/secret|key|start/i);
  });
});
