// Augment (`auggie`, pinned in test/clients/tools): servers added with its own `mcp add` in user,
// project and local scope, HTTP and SSE, with and without headers; routed by the companion; read
// back by its own `mcp list --json`; given back byte for byte by `unroute`. auggie has no
// offline check of a connection: `mcp list` only reads the files, and a session needs an
// Augment account (the model runs on Augment's service), so the gateway side of these entries is
// proven by the other clients of this tier and the list shows auggie takes the routed entries.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok } from './support/exec.js';
import { announceSkip, clientTool, toolVersion } from './support/tools.js';
import { API_KEY, client, gatewayPattern, read, route, startWorld, unroute, type World } from './support/world.js';

const tool = clientTool('@augmentcode/auggie', 'auggie');
const skip = announceSkip(tool);

type Entry = { type?: string; url?: string; headers?: Record<string, string> };
type Settings = { mcpServers?: Record<string, Entry> };
type Listed = { servers: Array<{ name: string; transport: string; url?: string; enabled: boolean }> };

type Scope = 'user' | 'project' | 'local';

describe.skipIf(skip)(`Augment ${tool.version}`, () => {
  let w: World;
  const auggie = (...args: string[]) => client(w, 'auggie', args);
  let files: Record<Scope, string>;
  let servers: Record<string, { scope: Scope; transport: 'http' | 'sse'; url: string; header?: string }>;
  let before: Record<Scope, string>;

  const listed = async (): Promise<Listed> => {
    const out = ok(await auggie('mcp', 'list', '--json'), 'auggie mcp list --json').stdout;
    return JSON.parse(out.slice(out.indexOf('{'))) as Listed;
  };

  beforeAll(async () => {
    w = await startWorld('augment');
    expect(toolVersion(tool, w.env)).toContain(tool.version);
    // auggie finds the project by its git root.
    fs.mkdirSync(path.join(w.project, '.git'));
    files = {
      user: path.join(w.home, '.augment/settings.json'),
      project: path.join(w.project, '.augment/settings.json'),
      local: path.join(w.project, '.augment/settings.local.json'),
    };
    servers = {
      'cp-user': { scope: 'user', transport: 'http', url: w.cp.mcpUrl('linear') },
      'cp-sse': { scope: 'user', transport: 'sse', url: w.cp.sseUrl('github') },
      'cp-proj': { scope: 'project', transport: 'http', url: w.cp.mcpUrl('notion') },
      public: { scope: 'local', transport: 'http', url: w.publicServer.mcpUrl },
      apikey: { scope: 'user', transport: 'http', url: w.apiKeyServer.mcpUrl, header: `x-api-key: ${API_KEY}` },
    };
    for (const [name, s] of Object.entries(servers)) {
      const args = ['mcp', 'add', name, '--transport', s.transport, '--url', s.url];
      if (s.header) args.push('--header', s.header);
      if (s.scope !== 'user') args.push(`--${s.scope}`);
      ok(await auggie(...args), `auggie ${args.join(' ')}`);
    }
  });

  afterAll(async () => {
    await w?.close();
  });

  it('mcp add wrote ~/.augment/settings.json, .augment/settings.json and .augment/settings.local.json', () => {
    const names = (f: string) => Object.keys((JSON.parse(read(f)) as Settings).mcpServers ?? {}).sort();
    expect(names(files.user)).toEqual(['apikey', 'cp-sse', 'cp-user']);
    expect(names(files.project)).toEqual(['cp-proj']);
    expect(names(files.local)).toEqual(['public']);
    expect((JSON.parse(read(files.user)) as Settings).mcpServers!.apikey).toEqual({
      type: 'http',
      url: w.apiKeyServer.mcpUrl,
      headers: { 'x-api-key': API_KEY },
    });
  });

  it('route rewrites every entry, in all three files, to the gateway with a local bearer', async () => {
    before = { user: read(files.user), project: read(files.project), local: read(files.local) };
    const routeOut = await route(w, 'augment');
    const routed: Record<string, Entry> = {};
    for (const f of Object.values(files)) Object.assign(routed, (JSON.parse(read(f)) as Settings).mcpServers);
    for (const [name, s] of Object.entries(servers)) {
      const e = routed[name];
      expect.soft(e?.url, `${name} after route:\n${routeOut}`).toMatch(gatewayPattern(w));
      expect.soft(e?.type, name).toBe(s.transport);
      expect.soft(e?.headers?.Authorization, name).toMatch(/^Bearer \S+$/);
    }
  });

  it('`auggie mcp list --json` reads every routed entry as an enabled server at the gateway', async () => {
    const list = await listed();
    for (const [name, s] of Object.entries(servers)) {
      const got = list.servers.find((x) => x.name === name);
      expect.soft(got, `${name} in ${JSON.stringify(list)}`).toMatchObject({ transport: s.transport, enabled: true });
      expect.soft(got?.url, name).toMatch(gatewayPattern(w));
    }
  });

  it('the routed entries reach the gateway: each answers initialize with the local bearer auggie was given', async () => {
    const routed: Record<string, Entry> = {};
    for (const f of Object.values(files)) Object.assign(routed, (JSON.parse(read(f)) as Settings).mcpServers);
    for (const name of Object.keys(servers).filter((n) => servers[n]!.transport === 'http')) {
      const e = routed[name]!;
      const res = await fetch(e.url!, {
        method: 'POST',
        headers: { ...e.headers, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 1,
          method: 'initialize',
          params: {
            protocolVersion: '2025-06-18',
            capabilities: {},
            clientInfo: { name: 'auggie-entry', version: '0' },
          },
        }),
      });
      expect.soft(res.status, name).toBe(200);
      expect.soft(await res.text(), name).toContain('"protocolVersion"');
    }
  });

  it('unroute gives Augment back exactly the files its `mcp add` wrote', async () => {
    await unroute(w, 'augment');
    for (const scope of ['user', 'project', 'local'] as const)
      expect.soft(read(files[scope]), scope).toBe(before[scope]);
  });
});
