// Qwen Code (`qwen`, pinned in test/clients/tools): servers added with its own `mcp add` in user
// and project scope, HTTP (`httpUrl`) and SSE (`url`), with and without headers; routed by the
// companion; seen connected by its own `mcp list`; given back byte for byte by `unroute`.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok } from './support/exec.js';
import { announceSkip, clientTool, toolVersion } from './support/tools.js';
import { API_KEY, client, gatewayPattern, read, route, startWorld, unroute, type World } from './support/world.js';

const tool = clientTool('@qwen-code/qwen-code', 'qwen');
const skip = announceSkip(tool);

// `qwen mcp list` colours its marks whatever NO_COLOR says.
const plain = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, '');

type Entry = { url?: string; httpUrl?: string; headers?: Record<string, string> };
type Settings = { mcpServers?: Record<string, Entry> };

/** Usage statistics, telemetry and update checks off; kept in the user's settings like any other keys. */
const USER_SETTINGS = JSON.stringify(
  {
    general: { enableAutoUpdate: false, disableAutoUpdate: true, disableUpdateNag: true },
    privacy: { usageStatisticsEnabled: false },
    telemetry: { enabled: false },
  },
  null,
  2,
);

describe.skipIf(skip)(`Qwen Code ${tool.version}`, () => {
  let w: World;
  const qwen = (...args: string[]) => client(w, 'qwen', args);
  let userFile: string;
  let projectFile: string;
  let servers: Record<string, { scope: 'user' | 'project'; transport: 'http' | 'sse'; url: string; header?: string }>;
  let before: { user: string; project: string };

  beforeAll(async () => {
    w = await startWorld('qwen');
    expect(toolVersion(tool, w.env)).toContain(tool.version);
    userFile = path.join(w.home, '.qwen/settings.json');
    projectFile = path.join(w.project, '.qwen/settings.json');
    fs.mkdirSync(path.dirname(userFile), { recursive: true });
    fs.writeFileSync(userFile, USER_SETTINGS);
    fs.writeFileSync(
      path.join(w.home, '.qwen/trustedFolders.json'),
      JSON.stringify({ [w.project]: 'TRUST_FOLDER' }, null, 2),
    );
    servers = {
      'cp-user': { scope: 'user', transport: 'http', url: w.cp.mcpUrl('linear') },
      'cp-sse': { scope: 'user', transport: 'sse', url: w.cp.sseUrl('github') },
      'cp-proj': { scope: 'project', transport: 'http', url: w.cp.mcpUrl('notion') },
      public: { scope: 'project', transport: 'http', url: w.publicServer.mcpUrl },
      'public-sse': { scope: 'user', transport: 'sse', url: w.publicServer.sseUrl },
      apikey: { scope: 'project', transport: 'http', url: w.apiKeyServer.mcpUrl, header: `x-api-key: ${API_KEY}` },
      'apikey-sse': { scope: 'user', transport: 'sse', url: w.apiKeyServer.sseUrl, header: `x-api-key: ${API_KEY}` },
    };
    for (const [name, s] of Object.entries(servers)) {
      const args = ['mcp', 'add', '--scope', s.scope, '--transport', s.transport, name, s.url];
      if (s.header) args.push('--header', s.header);
      ok(await qwen(...args), `qwen ${args.join(' ')}`);
    }
    // Project servers wait for the user's approval, bound to a hash of their entry.
    for (const [name, s] of Object.entries(servers))
      if (s.scope === 'project') ok(await qwen('mcp', 'approve', name), `qwen mcp approve ${name}`);
  });

  afterAll(async () => {
    await w?.close();
  });

  it('mcp add wrote httpUrl / url entries to ~/.qwen/settings.json and <project>/.qwen/settings.json', () => {
    const user = JSON.parse(read(userFile)) as Settings & { telemetry?: unknown };
    expect(Object.keys(user.mcpServers ?? {}).sort()).toEqual(['apikey-sse', 'cp-sse', 'cp-user', 'public-sse']);
    expect(user.mcpServers!['cp-user']).toEqual({ httpUrl: w.cp.mcpUrl('linear') });
    expect(user.mcpServers!['cp-sse']).toEqual({ url: w.cp.sseUrl('github') });
    const project = JSON.parse(read(projectFile)) as Settings;
    expect(Object.keys(project.mcpServers ?? {}).sort()).toEqual(['apikey', 'cp-proj', 'public']);
    expect(project.mcpServers!.apikey!.headers).toEqual({ 'x-api-key': API_KEY });
  });

  it('before routing, the public and API-key servers connect directly', async () => {
    const list = plain(ok(await qwen('mcp', 'list'), 'qwen mcp list').output);
    expect(list).toMatch(/public: \S+ \(http\) - Connected/);
    expect(list).toMatch(/apikey: \S+ \(http\) - Connected/);
  });

  it('route rewrites every entry, in both scopes, to the gateway with a local bearer, keeping httpUrl vs url', async () => {
    before = { user: read(userFile), project: read(projectFile) };
    const routeOut = await route(w, 'qwen');
    expect(routeOut).toContain('qwen mcp approve');
    const routed: Record<string, Entry> = {
      ...(JSON.parse(read(userFile)) as Settings).mcpServers,
      ...(JSON.parse(read(projectFile)) as Settings).mcpServers,
    };
    for (const [name, s] of Object.entries(servers)) {
      const e = routed[name];
      expect
        .soft(s.transport === 'sse' ? e?.url : e?.httpUrl, `${name} after route:\n${routeOut}`)
        .toMatch(gatewayPattern(w));
      expect.soft(e?.headers?.Authorization, name).toMatch(/^Bearer \S+$/);
    }
  });

  it('routed project servers wait for approval again (their entry changed), as `route` says', async () => {
    const list = plain(ok(await qwen('mcp', 'list'), 'qwen mcp list').output);
    for (const [name, s] of Object.entries(servers))
      if (s.scope === 'project') expect.soft(list).toMatch(new RegExp(`● ${name}: \\S+ \\(http\\) - Pending approval`));
    for (const [name, s] of Object.entries(servers))
      if (s.scope === 'project') ok(await qwen('mcp', 'approve', name), `qwen mcp approve ${name}`);
  });

  it('`qwen mcp list` shows every routed server connected through the gateway', async () => {
    const list = plain(ok(await qwen('mcp', 'list'), 'qwen mcp list').output);
    for (const [name, s] of Object.entries(servers)) {
      expect
        .soft(list, `${name} in qwen mcp list:\n${list}`)
        .toMatch(
          new RegExp(`✓ ${name}: http://127\\.0\\.0\\.1:${w.port}/servers/\\S+ \\(${s.transport}\\) - Connected`),
        );
    }
  });

  it('unroute gives Qwen Code back exactly the files its `mcp add` wrote', async () => {
    await unroute(w, 'qwen');
    expect.soft(read(projectFile)).toBe(before.project);
    expect.soft(read(userFile)).toBe(before.user);
  });
});
