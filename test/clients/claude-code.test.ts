// Claude Code (`claude`, pinned in test/clients/tools): servers added with its own `mcp add` in
// every scope and transport, routed by the companion, seen connected by its own `mcp list` /
// `mcp get`, and given back byte for byte by `unroute`.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok } from './support/exec.js';
import { startFakeAnthropic, type FakeAnthropic } from './support/fake-anthropic.js';
import { announceSkip, clientTool, toolVersion } from './support/tools.js';
import { API_KEY, client, gatewayPattern, read, route, startWorld, unroute, type World } from './support/world.js';

const tool = clientTool('@anthropic-ai/claude-code', 'claude');
const skip = announceSkip(tool);

type Entry = { type?: string; url: string; headers?: Record<string, string> };
type ClaudeJson = {
  mcpServers?: Record<string, Entry>;
  projects?: Record<string, { mcpServers?: Record<string, Entry> }>;
};

describe.skipIf(skip)(`Claude Code ${tool.version}`, () => {
  let w: World;
  let model: FakeAnthropic | undefined;
  const claude = (...args: string[]) => client(w, 'claude', args);
  let mainFile: string;
  let projectFile: string;

  /** name → [scope, transport, url, header?] */
  let servers: Record<
    string,
    { scope: 'user' | 'local' | 'project'; transport: 'http' | 'sse'; url: string; header?: string; late?: boolean }
  >;
  const add = async (name: string) => {
    const s = servers[name]!;
    const args = ['mcp', 'add', '--scope', s.scope, '--transport', s.transport, name, s.url];
    if (s.header) args.push('--header', s.header);
    ok(await claude(...args), `claude ${args.join(' ')}`);
  };

  beforeAll(async () => {
    w = await startWorld('claude');
    expect(toolVersion(tool, w.env)).toContain(tool.version);
    mainFile = path.join(w.home, '.claude.json');
    projectFile = path.join(w.project, '.mcp.json');
    // Project-scoped (.mcp.json) servers are used only once approved; approve them all up front.
    fs.mkdirSync(path.join(w.home, '.claude'), { recursive: true });
    fs.writeFileSync(
      path.join(w.home, '.claude/settings.json'),
      JSON.stringify({ enableAllProjectMcpServers: true }, null, 2),
    );
    servers = {
      'cp-user': { scope: 'user', transport: 'http', url: w.cp.mcpUrl('linear') },
      'cp-sse': { scope: 'user', transport: 'sse', url: w.cp.sseUrl('github') },
      'cp-proj': { scope: 'project', transport: 'http', url: w.cp.mcpUrl('notion') },
      public: { scope: 'local', transport: 'http', url: w.publicServer.mcpUrl },
      'public-sse': { scope: 'local', transport: 'sse', url: w.publicServer.sseUrl },
      apikey: { scope: 'project', transport: 'http', url: w.apiKeyServer.mcpUrl, header: `x-api-key: ${API_KEY}` },
      'apikey-user': { scope: 'user', transport: 'http', url: w.apiKeyServer.mcpUrl, header: `X-API-Key: ${API_KEY}` },
      // Added after the first `claude mcp list`, so Claude Code has cached no verdict on it.
      'cp-late': { scope: 'user', transport: 'http', url: w.cp.mcpUrl('linear'), late: true },
    };
    for (const [name, s] of Object.entries(servers)) if (!s.late) await add(name);
  });

  afterAll(async () => {
    await model?.close();
    await w?.close();
  });

  it('mcp add wrote each scope where Claude Code keeps it', () => {
    const main = JSON.parse(read(mainFile)) as ClaudeJson;
    expect(Object.keys(main.mcpServers ?? {}).sort()).toEqual(['apikey-user', 'cp-sse', 'cp-user']); // cp-late comes later
    expect(Object.keys(main.projects?.[w.project]?.mcpServers ?? {}).sort()).toEqual(['public', 'public-sse']);
    const project = JSON.parse(read(projectFile)) as ClaudeJson;
    expect(Object.keys(project.mcpServers ?? {}).sort()).toEqual(['apikey', 'cp-proj']);
    expect(project.mcpServers!.apikey!.headers).toEqual({ 'x-api-key': API_KEY });
  });

  it('before routing, the OAuth servers need authentication and the others connect directly', async () => {
    const list = ok(await claude('mcp', 'list'), 'claude mcp list').stdout;
    expect(list).toMatch(/cp-user: .* - ! Needs authentication/);
    expect(list).toMatch(/public: .* - ✔ Connected/);
    expect(list).toMatch(/apikey: .* - ✔ Connected/);
    for (const [name, s] of Object.entries(servers)) if (s.late) await add(name);
  });

  let before: { main: string; project: string; mainJson: ClaudeJson };

  it('route rewrites every entry, in every scope, to the gateway with a local bearer', async () => {
    before = { main: read(mainFile), project: read(projectFile), mainJson: JSON.parse(read(mainFile)) as ClaudeJson };
    const routeOut = await route(w, 'claude-code');
    const main = JSON.parse(read(mainFile)) as ClaudeJson;
    const project = JSON.parse(read(projectFile)) as ClaudeJson;
    const routed: Record<string, Entry> = {
      ...main.mcpServers,
      ...main.projects?.[w.project]?.mcpServers,
      ...project.mcpServers,
    };
    for (const name of Object.keys(servers)) {
      const e = routed[name];
      expect.soft(e?.url, `${name} after route:\n${routeOut}`).toMatch(gatewayPattern(w));
      expect.soft(e?.headers?.Authorization, name).toMatch(/^Bearer \S+$/);
      expect.soft(e?.type, name).toBe(servers[name]!.transport);
    }
  });

  it('`claude mcp list` shows every routed server connected through the gateway', async () => {
    const list = ok(await claude('mcp', 'list'), 'claude mcp list').stdout;
    for (const name of Object.keys(servers)) {
      expect
        .soft(list, `${name} in claude mcp list:\n${list}`)
        .toMatch(
          new RegExp(`^${name}: http://127\\.0\\.0\\.1:${w.port}/servers/\\S+ \\((HTTP|SSE)\\) - ✔ Connected$`, 'm'),
        );
    }
    // The API key reached the API-key server through the gateway, from the companion's store.
    expect.soft(w.apiKeyServer.hits.filter((h) => h.apiKey === API_KEY).length).toBeGreaterThan(0);
  });

  it('`claude mcp get` shows a routed OAuth server and a routed public server connected', async () => {
    for (const name of ['cp-user', 'public']) {
      const get = ok(await claude('mcp', 'get', name), `claude mcp get ${name}`).stdout;
      expect.soft(get, get).toMatch(/Status: ✔ Connected/);
      expect.soft(get).toContain(`http://127.0.0.1:${w.port}/servers/`);
    }
  });

  it('a Claude Code session (`claude -p`, stand-in model on loopback) calls tools of routed servers through the gateway', async () => {
    model = await startFakeAnthropic();
    // ENABLE_TOOL_SEARCH=false: offer MCP tools to the model directly, not deferred behind ToolSearch.
    const env = {
      ANTHROPIC_BASE_URL: model.url,
      ANTHROPIC_API_KEY: 'sk-ant-test-stand-in',
      ENABLE_TOOL_SEARCH: 'false',
    };
    for (const name of ['cp-late', 'cp-user', 'cp-proj', 'public', 'apikey']) {
      const tool = `mcp__${name}__echo`;
      model.want(tool, { text: `hello from ${name}` });
      const before = model.results.length;
      const r = await client(
        w,
        'claude',
        ['-p', `call ${tool}`, '--allowedTools', tool, '--output-format', 'text'],
        120_000,
        env,
      );
      const got = model.results.slice(before);
      expect
        .soft(
          got,
          `${name}: claude -p exited ${r.code}\n${r.output}\ntools offered: ${model.lastToolsOffered.join(', ')}`,
        )
        .toEqual([{ tool, text: `hello from ${name}`, isError: false }]);
    }
  });

  it('no needs-auth verdict cached before routing survives the route (sessions would skip the server)', () => {
    const cacheFile = path.join(w.home, '.claude/mcp-needs-auth-cache.json');
    const cache = fs.existsSync(cacheFile) ? (JSON.parse(read(cacheFile)) as Record<string, unknown>) : {};
    expect(
      Object.keys(cache).filter((n) => n in servers),
      `${cacheFile}: ${JSON.stringify(cache)}`,
    ).toEqual([]);
  });

  it('unroute gives Claude Code back exactly the entries its `mcp add` wrote', async () => {
    await unroute(w, 'claude-code');
    expect(read(projectFile)).toBe(before.project);
    const after = JSON.parse(read(mainFile)) as ClaudeJson;
    expect(after.mcpServers).toEqual(before.mainJson.mcpServers);
    expect(after.projects?.[w.project]?.mcpServers).toEqual(before.mainJson.projects?.[w.project]?.mcpServers);
    // Byte for byte, unless Claude Code itself rewrote keys other than the MCP entries meanwhile.
    const rest = (t: string) => {
      const j = JSON.parse(t) as ClaudeJson;
      delete j.mcpServers;
      for (const p of Object.values(j.projects ?? {})) delete p.mcpServers;
      return JSON.stringify(j);
    };
    if (rest(read(mainFile)) === rest(before.main)) expect(read(mainFile)).toBe(before.main);
  });
});
