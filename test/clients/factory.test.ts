// Factory Droid (`droid`, pinned in test/clients/tools): servers added with its own `mcp add`
// (always the user file, ~/.factory/mcp.json), HTTP and SSE, with and without headers, plus a
// project `.factory/mcp.json` written as its docs show; routed by the companion; seen connected
// by its own `mcp list`; given back byte for byte by `unroute`.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok } from './support/exec.js';
import { announceSkip, clientTool, toolVersion } from './support/tools.js';
import { API_KEY, client, gatewayPattern, read, route, startWorld, unroute, type World } from './support/world.js';

const tool = clientTool('@factory/cli', 'droid');
const skip = announceSkip(tool);

type Entry = { type?: string; url?: string; headers?: Record<string, string>; oauth?: unknown };
type Config = { mcpServers?: Record<string, Entry> };

describe.skipIf(skip)(`Factory Droid ${tool.version}`, () => {
  let w: World;
  const droid = (...args: string[]) => client(w, 'droid', args);
  let userFile: string;
  let projectFile: string;
  let servers: Record<string, { type: 'http' | 'sse'; url: string; header?: string }>;
  let before: { user: string; project: string };

  beforeAll(async () => {
    w = await startWorld('factory');
    // The platform binary is pinned on its own (see tools/README.md): its version is the one that runs.
    expect(toolVersion(tool, w.env)).toMatch(/^\d+\.\d+\.\d+/);
    userFile = path.join(w.home, '.factory/mcp.json');
    projectFile = path.join(w.project, '.factory/mcp.json');
    servers = {
      'cp-user': { type: 'http', url: w.cp.mcpUrl('linear') },
      'cp-sse': { type: 'sse', url: w.cp.sseUrl('github') },
      public: { type: 'http', url: w.publicServer.mcpUrl },
      apikey: { type: 'http', url: w.apiKeyServer.mcpUrl, header: `x-api-key: ${API_KEY}` },
    };
    for (const [name, s] of Object.entries(servers)) {
      const args = ['mcp', 'add', name, s.url, '--type', s.type];
      if (s.header) args.push('--header', s.header);
      ok(await droid(...args), `droid ${args.join(' ')}`);
    }
    // Project servers have no `mcp add`: the docs' file, as a team would commit it.
    fs.mkdirSync(path.dirname(projectFile), { recursive: true });
    fs.writeFileSync(
      projectFile,
      JSON.stringify({ mcpServers: { 'cp-proj': { type: 'http', url: w.cp.mcpUrl('notion') } } }, null, 2) + '\n',
    );
  });

  afterAll(async () => {
    await w?.close();
  });

  it('mcp add wrote ~/.factory/mcp.json', () => {
    const cfg = JSON.parse(read(userFile)) as Config;
    expect(Object.keys(cfg.mcpServers ?? {}).sort()).toEqual(['apikey', 'cp-sse', 'cp-user', 'public']);
    expect(cfg.mcpServers!.apikey).toMatchObject({
      type: 'http',
      url: w.apiKeyServer.mcpUrl,
      headers: { 'x-api-key': API_KEY },
    });
  });

  it('before routing, the public and API-key servers connect directly; the OAuth ones need a sign-in', async () => {
    const list = ok(await droid('mcp', 'list'), 'droid mcp list').output;
    expect(list, list).toMatch(/public\s+http\s+connected\s+\[user\]/);
    expect(list, list).toMatch(/apikey\s+http\s+connected\s+\[user\]/);
    expect(list, list).toMatch(/cp-user\s+http\s+needs authentication/);
    expect(list, list).toMatch(/cp-proj\s+http\s+needs authentication\s+\[project\]/);
  });

  it('route rewrites every entry, user and project, to the gateway with a local bearer and OAuth off', async () => {
    before = { user: read(userFile), project: read(projectFile) };
    const routeOut = await route(w, 'factory');
    const routed: Record<string, Entry> = {
      ...(JSON.parse(read(userFile)) as Config).mcpServers,
      ...(JSON.parse(read(projectFile)) as Config).mcpServers,
    };
    for (const name of [...Object.keys(servers), 'cp-proj']) {
      const e = routed[name];
      expect.soft(e?.url, `${name} after route:\n${routeOut}`).toMatch(gatewayPattern(w));
      expect.soft(e?.headers?.Authorization, name).toMatch(/^Bearer \S+$/);
      expect.soft(e?.oauth, name).toBe(false);
    }
  });

  it('`droid mcp list` shows every routed server connected through the gateway', async () => {
    const list = ok(await droid('mcp', 'list'), 'droid mcp list').output;
    for (const name of [...Object.keys(servers), 'cp-proj']) {
      expect
        .soft(list, `${name} in droid mcp list:\n${list}`)
        .toMatch(new RegExp(`${name}\\s+(http|sse)\\s+connected\\s+\\[(user|project)\\]`));
    }
  });

  it('unroute gives Factory Droid back exactly the files it and its user wrote', async () => {
    await unroute(w, 'factory');
    expect.soft(read(userFile)).toBe(before.user);
    expect.soft(read(projectFile)).toBe(before.project);
  });
});
