// One companion per data dir, and a `doctor` that sees the gateway itself — through the real
// binary in child processes on a fixture home.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeHome, type TempHome } from '../support/client-homes.js';
import { runCli, startServe } from '../support/cli.js';
import { freePort } from '../support/ports.js';
import { startSquatter } from '../support/squatter.js';

let t: TempHome;
let env: NodeJS.ProcessEnv;
let cleanups: Array<() => Promise<unknown> | unknown>;

beforeEach(() => {
  t = makeHome('linux');
  env = {
    ...t.env,
    PATH: process.env.PATH,
    MCP_COMPANION_HOME: t.dataDir,
    XDG_CONFIG_HOME: path.join(t.home, '.config'),
  };
  cleanups = [];
});
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  t.cleanup();
});

const cursorFile = () => path.join(t.home, '.cursor/mcp.json');

async function health(port: number): Promise<number> {
  const token = fs.readFileSync(path.join(t.dataDir, 'admin.token'), 'utf8').trim();
  const res = await fetch(`http://127.0.0.1:${port}/api/health`, { headers: { authorization: `Bearer ${token}` } });
  return res.status;
}

/** Something that is not a companion, listening on `port`; records the headers it was sent. */
async function foreignListener(port: number): Promise<{ seen: string[]; close(): Promise<void> }> {
  const seen: string[] = [];
  const srv = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
    res.writeHead(404).end('not a companion');
  });
  await new Promise<void>((resolve) => srv.listen(port, '127.0.0.1', resolve));
  return {
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        srv.closeAllConnections();
        srv.close(() => resolve());
      }),
  };
}

describe('one companion per data dir', () => {
  it('a second serve on another port refuses, names the running one, and rewrites nothing', async () => {
    const port = await freePort();
    const first = await startServe(['--port', String(port)], env);
    cleanups.push(() => first.child.exitCode === null && first.stop());
    expect((await runCli(['route', 'cursor'], env)).code).toBe(0);
    const routed = fs.readFileSync(cursorFile(), 'utf8');
    expect(routed).toContain(`http://127.0.0.1:${port}/servers/`);

    const other = await freePort();
    const second = await runCli(['serve', '--no-open', '--port', String(other)], env, 10_000);
    expect(second.code).not.toBe(0);
    expect(second.stderr).toMatch(/already running/i);
    expect(second.stderr).toContain(String(port));
    expect(second.stderr).toContain(`pid ${first.child.pid}`);
    expect(second.stdout).not.toContain('listening on');

    // Nothing moved: the routed config, the remembered port, and the first companion still serves.
    expect(fs.readFileSync(cursorFile(), 'utf8')).toBe(routed);
    expect(await health(port)).toBe(200);
    await expect(fetch(`http://127.0.0.1:${other}/api/health`)).rejects.toThrow();
    expect((await runCli(['server', 'list', '--json'], env)).code).toBe(0); // the CLI works through the first
    expect(await first.stop()).toBe(0);
    const again = await startServe([], env); // no --port: still the first one's port
    cleanups.push(() => again.child.exitCode === null && again.stop());
    expect(again.output()).toContain(`http://127.0.0.1:${port}`);
    expect(fs.readFileSync(cursorFile(), 'utf8')).toBe(routed);
  });

  it('a companion killed with SIGKILL does not block the next serve', async () => {
    const port = await freePort();
    const first = await startServe(['--port', String(port)], env);
    const exited = new Promise((resolve) => first.child.once('exit', resolve));
    first.child.kill('SIGKILL');
    await exited;
    const next = await startServe([], env);
    cleanups.push(() => next.child.exitCode === null && next.stop());
    expect(next.output()).toContain(`http://127.0.0.1:${port}`);
    expect(await health(port)).toBe(200);
  });

  it('a port taken by another program is refused without remembering it', async () => {
    const port = await freePort();
    const first = await startServe(['--port', String(port)], env);
    expect(await first.stop()).toBe(0);
    const taken = await freePort();
    const foreign = await foreignListener(taken);
    cleanups.push(() => foreign.close());
    const r = await runCli(['serve', '--no-open', '--port', String(taken)], env, 10_000);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Port ${taken} is already in use by another program`);
    const next = await startServe([], env); // the port that last served, not the refused one
    cleanups.push(() => next.child.exitCode === null && next.stop());
    expect(next.output()).toContain(`http://127.0.0.1:${port}`);
  });
});

describe('doctor checks the gateway', () => {
  /** A data dir whose remembered port is `port` (it served there once). */
  async function servedOnce(): Promise<number> {
    const port = await freePort();
    const s = await startServe(['--port', String(port)], env);
    expect(await s.stop()).toBe(0);
    return port;
  }
  const empty = () => {
    // A home without clients: only the gateway findings are left.
    fs.rmSync(t.home, { recursive: true, force: true });
    fs.mkdirSync(t.home, { recursive: true });
  };

  it('no companion running: ERROR with the exact fix, exit 1 (text and --json)', async () => {
    empty();
    await servedOnce();
    const r = await runCli(['doctor'], env);
    expect(r.stdout).toMatch(/^ERROR .*not running/m);
    expect(r.stdout).toContain('mcp-companion serve');
    expect(r.code).toBe(1);
    const json = await runCli(['doctor', '--json'], env);
    expect(json.code).toBe(1);
    const findings = JSON.parse(json.stdout) as Array<{ severity: string; fix: string; client: string }>;
    expect(findings).toContainEqual(
      expect.objectContaining({
        severity: 'error',
        client: 'companion',
        fix: expect.stringContaining('mcp-companion serve'),
      }),
    );
  });

  it('with serve running: no gateway finding, exit 0', async () => {
    empty();
    const port = await freePort();
    const s = await startServe(['--port', String(port)], env);
    cleanups.push(() => s.child.exitCode === null && s.stop());
    const r = await runCli(['doctor'], env);
    expect(r.stdout.trim()).toBe('No problems found.');
    expect(r.code).toBe(0);
  });

  it('the port held by something else: ERROR naming the port, exit 1, and no secret sent to it', async () => {
    empty();
    const port = await servedOnce();
    const foreign = await foreignListener(port);
    cleanups.push(() => foreign.close());
    const r = await runCli(['doctor'], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`^ERROR .*Port ${port}.*another program`, 'm'));
    expect(r.stdout).toContain('mcp-companion serve --port');
    const token = fs.readFileSync(path.join(t.dataDir, 'admin.token'), 'utf8').trim();
    expect(foreign.seen.join('\n')).not.toContain(token);
  });

  it('exits 2 when it cannot run at all', async () => {
    const notADir = path.join(t.home, 'file');
    fs.writeFileSync(notADir, 'x');
    const r = await runCli(['doctor'], { ...env, MCP_COMPANION_HOME: notADir });
    expect(r.stderr).toMatch(/doctor could not run/);
    expect(r.code).toBe(2);
  });

  it('documents its exit codes and the auth kinds in --help', async () => {
    const r = await runCli(['doctor', '--help'], env);
    expect(r.code).toBe(0);
    for (const kind of ['none', 'headers', 'oauth', 'unknown'])
      expect(r.stdout).toMatch(new RegExp(`^\\s+${kind}\\s+\\S`, 'm'));
    expect(r.stdout).toMatch(/exit codes?/i);
    expect(r.stdout).toMatch(/0\b.*no (errors|problems)/i);
    expect(r.stdout).toMatch(/1\b.*error/i);
    expect(r.stdout).toMatch(/2\b.*could not run/i);
  });
});

describe("a program squatting on the companion's port", () => {
  it('receives nothing from the CLI: no admin token, no request body, no header secret', async () => {
    const port = await freePort();
    const s = await startServe(['--port', String(port)], env);
    expect(await s.stop()).toBe(0);
    const squatter = await startSquatter(port); // as another user (nobody) when run as root
    cleanups.push(() => squatter.close());
    const add = await runCli(
      ['server', 'add', 'keyed', 'https://mcp.example.com/mcp', '--header', 'X-Api-Key: sekrit-value'],
      env,
    );
    expect(add.code).toBe(0);
    expect((await runCli(['server', 'list', '--json'], env)).code).toBe(0);
    const dash = await runCli(['dashboard', '--no-open'], env);
    expect(dash.code).not.toBe(0);
    expect(dash.stderr).toContain('No companion is running');
    // login must serve the callback port itself: it says who holds it, and sends it nothing.
    const login = await runCli(['login', 'keyed'], { ...env, BROWSER: 'false' });
    expect(login.code).not.toBe(0);
    expect(login.stderr).toContain(
      `Port ${port} is already in use by another program (not the MCP Companion of this data dir; nothing was sent to it)`,
    );
    expect(squatter.seen).toEqual([]);
    // ...while it does record what reaches it.
    await fetch(`http://127.0.0.1:${port}/probe`).then((r) => r.text());
    await new Promise((r) => setTimeout(r, 100));
    expect(squatter.seen).toEqual(['GET /probe ']);
  });
});
