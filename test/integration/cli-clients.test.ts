// The client commands of the CLI on a realistic fixture home: clients, route --dry-run, route,
// reset (and --undo), doctor — through the real binary. Secret values never reach the output.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeHome, type TempHome } from '../support/client-homes.js';
import { runCli, startServe } from '../support/cli.js';
import { freePort } from '../support/ports.js';

let t: TempHome;
let env: NodeJS.ProcessEnv;
beforeEach(() => {
  t = makeHome('linux');
  env = {
    ...t.env,
    PATH: process.env.PATH,
    MCP_COMPANION_HOME: t.dataDir,
    XDG_CONFIG_HOME: path.join(t.home, '.config'),
  };
});
afterEach(() => t.cleanup());

const SECRETS = /SECRET|sk-ant-/;

describe('client commands', () => {
  it('clients --json lists the fixture clients, their entries and cached credentials, never values', async () => {
    const r = await runCli(['clients', '--json'], env);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as Array<{ id: string }>;
    expect(list.map((c) => c.id)).toEqual(
      expect.arrayContaining(['cursor', 'claude-desktop', 'claude-code', 'opencode']),
    );
    expect(r.stdout).not.toMatch(SECRETS);
    const text = await runCli(['clients'], env);
    expect(text.stdout).toContain('Claude Code');
    expect(text.stdout).not.toMatch(SECRETS);
  });

  it('route --dry-run prints a diff and writes nothing; route rewrites; unroute restores the bytes', async () => {
    const file = path.join(t.home, '.cursor/mcp.json');
    const before = fs.readFileSync(file);
    const dry = await runCli(['route', 'cursor', '--dry-run'], env);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/^[-+]/m);
    expect(dry.stdout).not.toMatch(SECRETS);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect((await runCli(['route', 'cursor'], env)).code).toBe(0);
    expect(fs.readFileSync(file, 'utf8')).toContain('/servers/');
    expect((await runCli(['unroute', 'cursor'], env)).code).toBe(0);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('reset claude-code removes only MCP credentials; --undo brings them back', async () => {
    const file = path.join(t.home, '.claude/.credentials.json');
    const before = JSON.parse(fs.readFileSync(file, 'utf8')) as { mcpOAuth: object; claudeAiOauth: object };
    const r = await runCli(['reset', 'claude-code', '--json'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(SECRETS);
    const after = JSON.parse(fs.readFileSync(file, 'utf8')) as { mcpOAuth?: object; claudeAiOauth: object };
    expect(after.claudeAiOauth).toEqual(before.claudeAiOauth);
    expect(Object.keys(after.mcpOAuth ?? {})).toEqual([]);
    expect((await runCli(['reset', '--undo', 'claude-code'], env)).code).toBe(0);
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).mcpOAuth).toEqual(before.mcpOAuth);
  });

  it('refuses an unknown client and an unparseable config with a clear message, leaving the file untouched', async () => {
    const unknown = await runCli(['route', 'notepad'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/notepad/);
    const file = path.join(t.home, '.cursor/mcp.json');
    fs.writeFileSync(file, '{ "mcpServers": { "x": { "url": "https://a" ');
    const before = fs.readFileSync(file);
    const bad = await runCli(['route', 'cursor'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/mcp\.json:\d+:\d+/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('doctor names the stale cached client_ids and the exact fix', async () => {
    const r = await runCli(['doctor'], env);
    expect(r.code).toBe(1); // it reports errors (and no companion serves this home)
    expect(r.stdout).toMatch(/^ERROR /m);
    expect(r.stdout).toMatch(/mcp-companion reset claude-code|mcp-companion route claude-code/);
    expect(r.stdout).not.toMatch(SECRETS);
    const jsonRun = await runCli(['doctor', '--json'], env);
    expect(jsonRun.code).toBe(1);
    const json = JSON.parse(jsonRun.stdout) as Array<{ fix: string }>;
    expect(json.length).toBeGreaterThan(0);
  });

  it("sees and routes a project folder's configs the same with or without a running companion", async () => {
    const project = path.join(t.home, 'projects/app');
    const projectFile = path.join(project, '.cursor/mcp.json');
    const cursorFiles = (out: string) =>
      (JSON.parse(out) as Array<{ id: string; configFiles: Array<{ path: string }> }>)
        .find((c) => c.id === 'cursor')!
        .configFiles.map((f) => f.path);
    const alone = await runCli(['clients', '--json'], env, 20_000, project);
    expect(cursorFiles(alone.stdout)).toContain(projectFile);
    const serve = await startServe(['--port', String(await freePort())], env);
    try {
      const through = await runCli(['clients', '--json'], env, 20_000, project);
      expect(cursorFiles(through.stdout)).toEqual(cursorFiles(alone.stdout));
      const before = fs.readFileSync(projectFile, 'utf8');
      const routed = await runCli(['route', 'cursor', '--json'], env, 20_000, project);
      expect(routed.code).toBe(0);
      expect(
        (JSON.parse(routed.stdout) as { entries: Array<{ file: string; status: string }> }).entries,
      ).toContainEqual(expect.objectContaining({ file: projectFile, status: 'routed' }));
      expect(fs.readFileSync(projectFile, 'utf8')).toContain('/servers/');
      expect((await runCli(['unroute', 'cursor'], env, 20_000, project)).code).toBe(0);
      expect(fs.readFileSync(projectFile, 'utf8')).toBe(before);
    } finally {
      await serve.stop();
    }
  });
});
