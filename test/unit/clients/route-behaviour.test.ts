// Route/unroute behaviour beyond the golden files: user edits survive unroute, edited routed
// entries are left alone, dry runs write nothing and hide secrets, broken files are refused
// untouched, locks are honoured, BOM/CRLF survive, and original headers stay sealed.

import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createClientOps } from '../../../local-gateway/clients/index.js';
import { memoryKeychain } from '../../../local-gateway/clients/system.js';
import { readConfigBackup } from '../../../local-gateway/config-edit/backup.js';
import { isCompanionError } from '../../../local-gateway/core/errors.js';
import { fakeProcesses, makeHome, snapshot, type TempHome } from '../../support/client-homes.js';
import { createTestRouteHost } from '../../support/route-host.js';

let homes: TempHome[] = [];
afterEach(() => {
  for (const h of homes) h.cleanup();
  homes = [];
});

function setup(fixture: string | undefined = 'linux', running: string[] = []) {
  const h = makeHome(fixture);
  homes.push(h);
  const host = createTestRouteHost(h.dataDir);
  const ops = createClientOps({
    host,
    env: h.env,
    platform: 'linux',
    processes: fakeProcesses(running),
    keychain: memoryKeychain(),
    projectDirs: [path.join(h.home, 'projects', 'app')],
  });
  return { h, host, ops, file: (rel: string) => path.join(h.home, rel) };
}

async function expectCode(p: Promise<unknown>, code: string): Promise<Error> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isCompanionError(err), String(err)).toBe(true);
  expect((err as { code: string }).code).toBe(code);
  return err as Error;
}

describe('route / unroute', () => {
  it('writes the bridge launch env (the packaged app needs ELECTRON_RUN_AS_NODE) next to the token, and unroute removes it', async () => {
    const { host, ops, file } = setup();
    const original = fs.readFileSync(file('.config/Claude/claude_desktop_config.json'));
    const plain = host.bridgeCommand.bind(host);
    host.bridgeCommand = (name) => ({ ...plain(name), env: { ELECTRON_RUN_AS_NODE: '1' } });
    await ops.route('claude-desktop');
    const routed = JSON.parse(fs.readFileSync(file('.config/Claude/claude_desktop_config.json'), 'utf8')) as {
      mcpServers: { acme: { env: Record<string, string> } };
    };
    expect(routed.mcpServers.acme.env).toEqual({
      ELECTRON_RUN_AS_NODE: '1',
      MCP_COMPANION_TOKEN: expect.stringMatching(/./),
    });
    await ops.unroute('claude-desktop');
    expect(fs.readFileSync(file('.config/Claude/claude_desktop_config.json')).equals(original)).toBe(true);
  });

  it('keeps the original headers on the companion side, expanding mcp-remote ${VAR} from the entry env', async () => {
    const { host, ops } = setup();
    await ops.route('cursor');
    await ops.route('claude-desktop');
    expect(host.servers.get('linear')).toMatchObject({
      url: 'https://mcp.linear.app/mcp',
      transport: 'streamable-http',
      headers: { 'X-Api-Key': 'lin_api_SECRET123456' },
    });
    expect(host.servers.get('acme-remote')).toMatchObject({
      url: 'https://tools.example.org/mcp',
      headers: { Authorization: 'Bearer tools-SECRET-987654' },
    });
    expect(host.servers.get('events')).toMatchObject({ transport: 'sse' });
    expect(host.servers.get('acme')).toMatchObject({
      url: 'https://mcp.acme.test/mcp',
      headers: { 'X-Team': 'platform-team-SECRET' },
    });
  });

  it('a user edit elsewhere in the file survives unroute', async () => {
    const { ops, file } = setup();
    const cfg = file('.cursor/mcp.json');
    const original = fs.readFileSync(cfg, 'utf8');
    await ops.route('cursor');
    // The user adds a server and changes an unrelated key while routed.
    const edited = fs
      .readFileSync(cfg, 'utf8')
      .replace('"x-unknown-top": { "keep": true }', '"x-unknown-top": { "keep": false }, "added": 1')
      .replace('"filesystem": {', '"mine": { "command": "my-server" }, // added by the user\n    "filesystem": {');
    fs.writeFileSync(cfg, edited);
    const un = await ops.unroute('cursor');
    expect(
      un.entries
        .filter((e) => e.status === 'restored')
        .map((e) => e.name)
        .sort(),
    ).toEqual(['acme-remote', 'events', 'linear', 'project-api']);
    const expected = original
      .replace('"x-unknown-top": { "keep": true }', '"x-unknown-top": { "keep": false }, "added": 1')
      .replace('"filesystem": {', '"mine": { "command": "my-server" }, // added by the user\n    "filesystem": {');
    expect(fs.readFileSync(cfg, 'utf8')).toBe(expected);
  });

  it('leaves a routed entry the user changed and reports it', async () => {
    const { ops, file } = setup();
    const cfg = file('.codeium/windsurf/mcp_config.json');
    await ops.route('windsurf');
    const text = fs
      .readFileSync(cfg, 'utf8')
      .replace(
        '"serverUrl": "http://127.0.0.1:47615/servers/figma/mcp"',
        '"serverUrl": "http://127.0.0.1:47615/servers/figma/mcp", "disabled": true',
      );
    fs.writeFileSync(cfg, text);
    const un = await ops.unroute('windsurf');
    expect(un.entries.find((e) => e.name === 'figma')).toMatchObject({ status: 'modified-left' });
    expect(un.entries.find((e) => e.name === 'github')).toMatchObject({ status: 'restored' });
    const now = fs.readFileSync(cfg, 'utf8');
    expect(now).toContain('"disabled": true');
    expect(now).toContain('"serverUrl": "https://api.githubcopilot.com/mcp/"');
    // Still recorded, so doctor can point at it.
    const findings = await ops.diagnose();
    expect(
      findings.some((f) => f.client === 'windsurf' && f.server === 'figma' && /changed by hand/.test(f.problem)),
    ).toBe(true);
  });

  it('dry run returns a diff, writes nothing, adopts nothing and shows no secret', async () => {
    const { h, host, ops } = setup();
    const before = snapshot(h.home);
    const res = await ops.route('cursor', { dryRun: true });
    expect(res.dryRun).toBe(true);
    const diff = res.files.map((f) => f.diff).join('\n');
    expect(diff).toMatch(/^--- .*mcp\.json$/m);
    expect(diff).toContain('+      "url": "http://127.0.0.1:47615/servers/linear/mcp",');
    expect(diff).toContain('-      "url": "https://mcp.linear.app/mcp",');
    expect(diff).not.toContain('lin_api_SECRET123456');
    expect(diff).not.toContain('tools-SECRET-987654');
    expect(host.servers.size).toBe(0);
    const after = snapshot(h.home);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    for (const [k, v] of before) expect(after.get(k)!.equals(v)).toBe(true);
    expect(fs.readdirSync(h.dataDir)).toEqual([]);
    const un = await ops.unroute('cursor', { dryRun: true });
    expect(un.entries).toEqual([]);
  });

  it('refuses a file that does not parse, with path:line:col, and leaves it untouched', async () => {
    const { ops, file } = setup();
    const cfg = file('.gemini/settings.json');
    const broken = fs.readFileSync(cfg, 'utf8').replace('"theme": "GitHub",', '"theme": "GitHub"');
    fs.writeFileSync(cfg, broken);
    const err = await expectCode(ops.route('gemini'), 'config_unparseable');
    expect(err.message).toMatch(new RegExp(`${cfg.replace(/[.]/g, '\\.')}:4:3: comma expected`));
    expect(fs.readFileSync(cfg, 'utf8')).toBe(broken);
    const toml = file('.codex/config.toml');
    fs.writeFileSync(
      toml,
      fs.readFileSync(toml, 'utf8').replace('startup_timeout_sec = 20', 'startup_timeout_sec = = 20'),
    );
    const tomlErr = await expectCode(ops.route('codex'), 'config_unparseable');
    expect(tomlErr.message).toContain(`${toml}:10:23: expected a value`);
    const described = await ops.describe();
    expect(described.find((c) => c.id === 'gemini')!.configFiles.find((f) => f.path === cfg)!.error).toMatch(/:4:3:/);
  });

  it('refuses while another process holds the lock, and takes over a stale lock', async () => {
    const { ops, file } = setup();
    const cfg = file('.codeium/windsurf/mcp_config.json');
    const before = fs.readFileSync(cfg);
    const lock = `${cfg}.mcp-companion.lock`;
    fs.writeFileSync(lock, '{}');
    await expectCode(ops.route('windsurf'), 'config_locked');
    expect(fs.readFileSync(cfg).equals(before)).toBe(true);
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(lock, old, old);
    const res = await ops.route('windsurf');
    expect(res.files[0]!.changed).toBe(true);
    expect(fs.existsSync(lock)).toBe(false);
  });

  it('a file refused mid-route (locked, busy, read-only) does not orphan the files already routed', async () => {
    const { ops, file } = setup();
    const user = file('.cursor/mcp.json');
    const project = file('projects/app/.cursor/mcp.json');
    const original = fs.readFileSync(user);
    fs.writeFileSync(`${project}.mcp-companion.lock`, '{}'); // fresh: held by another companion
    await expectCode(ops.route('cursor'), 'config_locked');
    expect(fs.readFileSync(user, 'utf8')).toContain('http://127.0.0.1:47615/servers/linear/mcp');
    fs.rmSync(`${project}.mcp-companion.lock`);
    const back = await ops.unroute('cursor');
    expect(
      back.entries
        .filter((e) => e.status === 'restored')
        .map((e) => e.name)
        .sort(),
    ).toEqual(['acme-remote', 'events', 'linear']);
    expect(fs.readFileSync(user).equals(original)).toBe(true);
  });

  it('takes over at once a lock whose owner process was killed, but not one held by a live process', async () => {
    const { ops, file } = setup();
    const cfg = file('.codeium/windsurf/mcp_config.json');
    const lock = `${cfg}.mcp-companion.lock`;
    fs.writeFileSync(lock, JSON.stringify({ pid: process.ppid, at: Date.now() })); // alive: the test runner's parent
    await expectCode(ops.route('windsurf'), 'config_locked');
    const { spawnSync } = await import('node:child_process');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    fs.writeFileSync(lock, JSON.stringify({ pid: Number(dead.stdout), at: Date.now() }));
    expect((await ops.route('windsurf')).files[0]!.changed).toBe(true);
    expect(fs.existsSync(lock)).toBe(false);
  });

  it('keeps BOM, CRLF line endings and the file mode, and backs the old file up', async () => {
    const { h, host, ops, file } = setup(undefined);
    const cfg = file('.cursor/mcp.json');
    fs.mkdirSync(path.dirname(cfg), { recursive: true });
    const original =
      '\uFEFF{\r\n  "mcpServers": {\r\n    "remote": {\r\n      "url": "https://r.example.com/mcp"\r\n    },\r\n    "local": { "command": "x" }\r\n  }\r\n}\r\n';
    fs.writeFileSync(cfg, original, { mode: 0o640 });
    fs.chmodSync(cfg, 0o640);
    const res = await ops.route('cursor');
    const routed = fs.readFileSync(cfg, 'utf8');
    expect(routed.startsWith('\uFEFF{\r\n')).toBe(true);
    expect(routed.replace(/\r\n/g, '').includes('\n')).toBe(false);
    expect(routed).toContain('"url": "http://127.0.0.1:47615/servers/remote/mcp",\r\n');
    expect(fs.statSync(cfg).mode & 0o777).toBe(0o640);
    expect(readConfigBackup(res.files[0]!.backup!, (s) => host.open(s)).bytes.toString('utf8')).toBe(original);
    expect(res.files[0]!.backup!.startsWith(path.join(h.dataDir, 'backups'))).toBe(true);
    await ops.unroute('cursor');
    expect(fs.readFileSync(cfg, 'utf8')).toBe(original);
  });

  it('seals original entries that carry secrets in the routing record', async () => {
    const { h, host, ops } = setup();
    await ops.route('cursor');
    const record = fs.readFileSync(path.join(h.dataDir, 'routes', 'cursor.json'), 'utf8');
    expect(record).not.toContain('lin_api_SECRET123456');
    expect(record).not.toContain('tools-SECRET-987654');
    expect(record).not.toContain(host.localToken('cursor', 'linear'));
    expect(record).toContain('sealedOriginal');
    expect(fs.statSync(path.join(h.dataDir, 'routes', 'cursor.json')).mode & 0o777).toBe(0o600);
  });

  it('routes only the selected servers', async () => {
    const { ops, file } = setup();
    const res = await ops.route('claude-code', { servers: ['docs', 'nope'] });
    expect(res.entries.map((e) => [e.name, e.status])).toEqual([
      ['docs', 'routed'],
      ['nope', 'skipped'],
    ]);
    const text = fs.readFileSync(file('.claude.json'), 'utf8');
    expect(text).toContain('"url": "https://mcp.sentry.dev/mcp"');
    expect(text).toContain('"url": "http://127.0.0.1:47615/servers/docs/sse"');
  });

  it("grants the client's token exactly the servers routed for it", async () => {
    const { ops, host } = setup();
    await ops.route('claude-code', { servers: ['docs'] });
    expect([...(host.grants.get('claude-code') ?? [])]).toEqual(['docs']);
    await ops.route('claude-code', { dryRun: true });
    expect([...(host.grants.get('claude-code') ?? [])]).toEqual(['docs']); // a dry run grants nothing
  });
});
