// One companion per data dir — through the real binary in child processes on a fixture home.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeHome, type TempHome } from '../support/client-homes.js';
import { runCli, startServe } from '../support/cli.js';
import { freePort } from '../support/ports.js';

let t: TempHome;
let env: NodeJS.ProcessEnv;
let cleanups: Array<() => Promise<unknown> | unknown>;

beforeEach(() => {
  t = makeHome('linux');
  env = { ...t.env, PATH: process.env.PATH, MCP_COMPANION_HOME: t.dataDir, XDG_CONFIG_HOME: path.join(t.home, '.config') };
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
  return { seen, close: () => new Promise<void>((resolve) => { srv.closeAllConnections(); srv.close(() => resolve()); }) };
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
