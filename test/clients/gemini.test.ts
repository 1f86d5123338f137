// Gemini CLI (`gemini`, pinned in test/clients/tools): servers added with its own `mcp add` in
// user and project scope, HTTP and SSE, with and without headers; routed by the companion; seen
// connected by its own `mcp list`; given back byte for byte by `unroute`.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok } from './support/exec.js';
import { startFakeGemini } from './support/fake-gemini.js';
import { announceSkip, clientTool, toolVersion } from './support/tools.js';
import { API_KEY, client, gatewayPattern, read, route, startWorld, unroute, type World } from './support/world.js';

const tool = clientTool('@google/gemini-cli', 'gemini');
const skip = announceSkip(tool);

type Entry = { type?: string; url?: string; httpUrl?: string; headers?: Record<string, string> };
type Settings = { mcpServers?: Record<string, Entry> };

/** Telemetry, usage statistics and update checks off; kept in the user's settings like any other keys. */
const USER_SETTINGS = JSON.stringify(
  {
    general: { enableAutoUpdate: false, enableAutoUpdateNotification: false },
    privacy: { usageStatisticsEnabled: false },
    telemetry: { enabled: false },
    // For the session test (stand-in model): API-key auth; GOOGLE_GEMINI_BASE_URL alone selects
    // the 'gateway' auth type, which 0.61.0's non-interactive mode rejects.
    security: { auth: { selectedType: 'gemini-api-key' } },
  },
  null,
  2,
);

describe.skipIf(skip)(`Gemini CLI ${tool.version}`, () => {
  let w: World;
  const gemini = (...args: string[]) => client(w, 'gemini', args);
  let userFile: string;
  let projectFile: string;
  let servers: Record<string, { scope: 'user' | 'project'; transport: 'http' | 'sse'; url: string; header?: string }>;
  let before: { user: string; project: string };

  beforeAll(async () => {
    w = await startWorld('gemini');
    expect(toolVersion(tool, w.env)).toContain(tool.version);
    userFile = path.join(w.home, '.gemini/settings.json');
    projectFile = path.join(w.project, '.gemini/settings.json');
    fs.mkdirSync(path.dirname(userFile), { recursive: true });
    fs.writeFileSync(userFile, USER_SETTINGS);
    // Gemini CLI connects to MCP servers (any scope) only in a trusted folder.
    fs.writeFileSync(
      path.join(w.home, '.gemini/trustedFolders.json'),
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
      ok(await gemini(...args), `gemini ${args.join(' ')}`);
    }
  });

  afterAll(async () => {
    await w?.close();
  });

  it('mcp add wrote user scope to ~/.gemini/settings.json and project scope to <project>/.gemini/settings.json', () => {
    const user = JSON.parse(read(userFile)) as Settings & { telemetry?: unknown };
    expect(Object.keys(user.mcpServers ?? {}).sort()).toEqual(['apikey-sse', 'cp-sse', 'cp-user', 'public-sse']);
    expect(user.telemetry).toEqual({ enabled: false });
    const project = JSON.parse(read(projectFile)) as Settings;
    expect(Object.keys(project.mcpServers ?? {}).sort()).toEqual(['apikey', 'cp-proj', 'public']);
    expect(project.mcpServers!.apikey!.headers).toEqual({ 'x-api-key': API_KEY });
  });

  it('before routing, the public and API-key servers connect directly', async () => {
    const list = ok(await gemini('mcp', 'list'), 'gemini mcp list').output;
    expect(list).toMatch(/public: \S+ \(http\) - Connected/);
    expect(list).toMatch(/apikey: \S+ \(http\) - Connected/);
  });

  it('route rewrites every entry, in both scopes, to the gateway with a local bearer', async () => {
    before = { user: read(userFile), project: read(projectFile) };
    const routeOut = await route(w, 'gemini');
    const routed: Record<string, Entry> = {
      ...(JSON.parse(read(userFile)) as Settings).mcpServers,
      ...(JSON.parse(read(projectFile)) as Settings).mcpServers,
    };
    for (const name of Object.keys(servers)) {
      const e = routed[name];
      expect.soft(e?.url ?? e?.httpUrl, `${name} after route:\n${routeOut}`).toMatch(gatewayPattern(w));
      expect.soft(e?.headers?.Authorization, name).toMatch(/^Bearer \S+$/);
    }
  });

  it('`gemini mcp list` shows every routed server connected through the gateway', async () => {
    const list = ok(await gemini('mcp', 'list'), 'gemini mcp list').output;
    for (const name of Object.keys(servers)) {
      expect
        .soft(list, `${name} in gemini mcp list:\n${list}`)
        .toMatch(new RegExp(`✓ ${name}: http://127\\.0\\.0\\.1:${w.port}/servers/\\S+ \\((http|sse)\\) - Connected`));
    }
  });

  it('a Gemini CLI session (`gemini -p`, stand-in model on loopback) calls tools of routed servers through the gateway', async () => {
    const model = await startFakeGemini();
    try {
      const env = { GEMINI_API_KEY: 'test-stand-in-key', GOOGLE_GEMINI_BASE_URL: model.url };
      for (const name of ['cp-user', 'cp-sse', 'cp-proj', 'public', 'public-sse', 'apikey']) {
        // Gemini CLI 0.61.0 offers MCP tools as mcp_<server>_<tool>.
        const pick = (offered: string[]) => offered.find((t) => t === `mcp_${name}_echo`);
        model.want(pick, { text: `hello from ${name}` });
        const before = model.results.length;
        const r = await client(w, 'gemini', ['-p', `call the echo tool of ${name}`, '--yolo'], 60_000, env);
        const got = model.results.slice(before);
        expect
          .soft(
            got.map((g) => g.response).join('\n'),
            `${name}: gemini -p exited ${r.code}\n${r.output}\ntools offered: ${model.lastToolsOffered.join(', ')}`,
          )
          .toContain(`hello from ${name}`);
      }
    } finally {
      await model.close();
    }
  });

  it('unroute gives Gemini CLI back exactly the files its `mcp add` wrote', async () => {
    await unroute(w, 'gemini');
    expect.soft(read(projectFile)).toBe(before.project);
    expect.soft(read(userFile)).toBe(before.user);
  });
});
