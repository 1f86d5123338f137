// Routing end to end: configs rewritten by `route` are used exactly as the clients would use
// them, against the gateway and the reference control plane.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { parse } from 'jsonc-parser';
import { startHarness, type Harness } from '../support/companion-harness.js';
import { createCompanion } from '../../local-gateway/companion.js';
import { freePort } from '../support/ports.js';
import type { ControlPlaneOptions } from '../support/control-plane/index.js';

let h: Harness | undefined;
/** Temporary folders to remove after each test (the homes, a data dir outliving its harness). */
let dirs: string[] = [];
afterEach(async () => {
  await h?.close();
  h = undefined;
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  dirs = [];
});

function tempHome(): string {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mcpc-home-'));
  dirs.push(home);
  return home;
}

async function startWithHome(home: string, cp?: ControlPlaneOptions): Promise<Harness> {
  const env = {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    APPDATA: path.join(home, 'AppData'),
  };
  return startHarness({ cp, servers: [], companion: { env, platform: 'linux', processes: { list: async () => [] } } });
}

/** Calls `echo` through a routed HTTP entry exactly as written in the config. */
async function echoThrough(entry: { url: string; headers: Record<string, string> }): Promise<string> {
  const ide = new Client({ name: 'ide', version: '1' });
  await ide.connect(new StreamableHTTPClientTransport(new URL(entry.url), { requestInit: { headers: entry.headers } }));
  try {
    const r = (await ide.callTool({ name: 'echo', arguments: { text: 'ping' } })) as {
      content: Array<{ text: string }>;
    };
    return r.content[0]!.text;
  } finally {
    await ide.close();
  }
}

/** A home whose Cursor config has one remote entry, routed through a fresh harness (in `h`). */
async function routedCursorHome(): Promise<{ home: string; file: string; harness: Harness }> {
  const home = tempHome();
  const file = path.join(home, '.cursor/mcp.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  h = await startWithHome(home);
  fs.writeFileSync(file, JSON.stringify({ mcpServers: { linear: { url: h.cp.mcpUrl('linear') } } }, null, 2));
  await h.companion.clients.route('cursor');
  return { home, file, harness: h };
}

describe('routed configs, used as the clients use them', () => {
  it('Claude Desktop: an `npx mcp-remote <url>` entry becomes the bridge, spawned as Claude Desktop would, listing tools', async () => {
    const home = tempHome();
    const file = path.join(home, '.config/Claude/claude_desktop_config.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    h = await startWithHome(home);
    const upstream = h.cp.mcpUrl('linear');
    const original = JSON.stringify(
      {
        mcpServers: {
          linear: { command: 'npx', args: ['-y', 'mcp-remote', upstream] },
          local: { command: 'uvx', args: ['mcp-server-sqlite'] },
        },
      },
      null,
      2,
    );
    fs.writeFileSync(file, original);
    const result = await h.companion.clients.route('claude-desktop');
    expect(result.entries.find((e) => e.name === 'linear')).toMatchObject({ status: 'routed', mode: 'bridge' });
    const routed = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      mcpServers: Record<string, { command: string; args: string[]; env?: Record<string, string> }>;
    };
    const entry = routed.mcpServers.linear!;
    expect(path.isAbsolute(entry.command)).toBe(true);
    expect(entry.args.some((a) => a.includes('npx'))).toBe(false);
    expect(entry.args).toContain('bridge');
    expect(routed.mcpServers.local).toEqual({ command: 'uvx', args: ['mcp-server-sqlite'] });
    const client = new Client({ name: 'claude-desktop', version: '1' });
    await client.connect(
      new StdioClientTransport({ command: entry.command, args: entry.args, env: entry.env, stderr: 'pipe' }),
    );
    try {
      expect((await client.listTools()).tools.map((t) => t.name)).toContain('echo');
      const r = await client.callTool({ name: 'echo', arguments: { text: 'via bridge' } });
      expect((r.content as Array<{ text: string }>)[0]!.text).toBe('via bridge');
    } finally {
      await client.close();
    }
    expect(h.cp.stats.registrations).toBe(1);
    await h.companion.clients.unroute('claude-desktop');
    expect(fs.readFileSync(file, 'utf8')).toBe(original);
  });

  it('Cursor: an HTTP entry is rewritten to the local URL and header, and an IDE using them gets tools', async () => {
    const home = tempHome();
    const file = path.join(home, '.cursor/mcp.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    h = await startWithHome(home);
    const original = `// my servers\n{\n  "mcpServers": {\n    "linear": { "url": "${h.cp.mcpUrl('linear')}", "headers": { "X-Team": "core" } }, // keep this comment\n  },\n}\n`;
    fs.writeFileSync(file, original);
    await h.companion.clients.route('cursor');
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toContain('// my servers');
    expect(text).toContain('// keep this comment');
    const entry = (parse(text) as { mcpServers: { linear: { url: string; headers: Record<string, string> } } })
      .mcpServers.linear;
    expect(entry.url).toBe(h.localUrl('linear'));
    expect(entry.headers.Authorization).toMatch(/^Bearer mcpc_/);
    expect(h.companion.store.getServer('linear')!.headers).toEqual({ 'X-Team': 'core' });
    const client = new Client({ name: 'cursor', version: '1' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(entry.url), { requestInit: { headers: entry.headers } }),
    );
    try {
      expect((await client.listTools()).tools.map((t) => t.name)).toContain('echo');
    } finally {
      await client.close();
    }
    const again = await h.companion.clients.route('cursor');
    expect(again.files.every((f) => !f.changed)).toBe(true);
    await h.companion.clients.unroute('cursor');
    expect(fs.readFileSync(file, 'utf8')).toBe(original);
    // The client's local token was revoked with the unroute.
    const res = await fetch(entry.url, {
      method: 'POST',
      headers: { ...entry.headers, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(401);
  });

  it('a port change rewrites every routed config to the new port, and the client keeps working', async () => {
    const { home, file, harness: hs } = await routedCursorHome();
    await (await hs.connect('linear')).listTools(); // signed in at the old port
    const oldPort = hs.companion.port;
    await hs.companion.close();
    const newPort = await freePort();
    const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config') };
    const moved = createCompanion({
      dataDir: hs.dataDir,
      port: newPort,
      env,
      platform: 'linux',
      processes: { list: async () => [] },
      openBrowser: (u) => hs.browser.open(u),
    });
    try {
      await moved.listen();
      const entry = (
        parse(fs.readFileSync(file, 'utf8')) as {
          mcpServers: { linear: { url: string; headers: Record<string, string> } };
        }
      ).mcpServers.linear;
      expect(entry.url).toBe(`http://127.0.0.1:${newPort}/servers/linear/mcp`);
      expect(entry.url).not.toContain(String(oldPort));
      const client = new Client({ name: 'cursor', version: '1' });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(entry.url), { requestInit: { headers: entry.headers } }),
      );
      expect((await client.listTools()).tools.length).toBeGreaterThan(0);
      await client.close();
      expect(moved.store.listEvents({ type: 'port.changed' })[0]!.detail).toMatchObject({
        from: oldPort,
        to: newPort,
        rerouted: ['cursor'],
      });
    } finally {
      await moved.close();
      await hs.cp.close();
      h = undefined; // closed by hand above: its data dir is left to afterEach
      dirs.push(hs.dataDir);
    }
  });

  it('a port chosen in Settings takes effect at the next start, and routed configs follow it', async () => {
    const { home, file, harness: hs } = await routedCursorHome();
    const newPort = await freePort();
    await hs.companion.api['settings.update']({ port: newPort });
    await hs.companion.close();
    const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config') };
    const next = createCompanion({
      dataDir: hs.dataDir,
      env,
      platform: 'linux',
      processes: { list: async () => [] },
      openBrowser: (u) => hs.browser.open(u),
    });
    try {
      expect(next.port).toBe(newPort);
      await next.listen();
      expect(fs.readFileSync(file, 'utf8')).toContain(`http://127.0.0.1:${newPort}/servers/linear/mcp`);
    } finally {
      await next.close();
      await hs.cp.close();
      h = undefined; // closed by hand above: its data dir is left to afterEach
      dirs.push(hs.dataDir);
    }
  });

  it('public, API-key and PAT entries route and keep working with no OAuth; two keys for one URL stay two upstreams', async () => {
    const home = tempHome();
    const file = path.join(home, '.cursor/mcp.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    h = await startWithHome(home, {
      staticAuth: {
        plain: 'none',
        keyed: { header: 'x-api-key', value: 'key-one' },
        pat: { header: 'authorization', value: 'Bearer pat-1' },
      },
    });
    const original = JSON.stringify(
      {
        mcpServers: {
          plain: { url: h.cp.mcpUrl('plain') },
          team: { url: h.cp.mcpUrl('keyed'), headers: { 'x-api-key': 'key-one' } },
          other: { url: h.cp.mcpUrl('keyed'), headers: { 'x-api-key': 'key-two' } },
          gh: { url: h.cp.mcpUrl('pat'), headers: { Authorization: 'Bearer pat-1' } },
        },
      },
      null,
      2,
    );
    fs.writeFileSync(file, original);
    await h.companion.clients.route('cursor');
    const routed = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      mcpServers: Record<string, { url: string; headers: Record<string, string> }>;
    };
    expect(new Set(Object.values(routed.mcpServers).map((e) => e.url)).size).toBe(4);
    expect(await echoThrough(routed.mcpServers.plain!)).toContain('ping');
    expect(await echoThrough(routed.mcpServers.team!)).toContain('ping');
    expect(await echoThrough(routed.mcpServers.gh!)).toContain('ping');
    // The second key is its own upstream: the upstream refuses it, and says which entry it was.
    await expect(echoThrough(routed.mcpServers.other!)).rejects.toThrow(/other/);
    expect(h.cp.stats.discoveryRequests).toBe(0);
    expect(h.browser.opened).toHaveLength(0);
    const kinds = Object.fromEntries(h.companion.store.listServers().map((s) => [s.name, s.auth]));
    expect(kinds).toMatchObject({ plain: 'none', team: 'headers', gh: 'headers' });
    await h.companion.clients.unroute('cursor');
    expect(fs.readFileSync(file, 'utf8')).toBe(original);
  });
});
