// GitHub Copilot CLI (`copilot`, npm `@github/copilot`, pinned in test/clients/tools): servers
// added with its own `copilot mcp add` (user scope: `~/.copilot/mcp-config.json`), HTTP and SSE,
// with and without headers; routed by the companion; given back byte for byte by `unroute`.
// `copilot mcp list` shows no connection state, so a real non-interactive session proves it:
// `copilot -p` with its own "bring your own key" provider pointed at a stand-in Anthropic API on
// loopback (no GitHub sign-in is needed then), which asks for one tool call per server.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok } from './support/exec.js';
import { startFakeAnthropic } from './support/fake-anthropic.js';
import { announceSkip, clientTool, toolVersion } from './support/tools.js';
import { API_KEY, client, gatewayPattern, read, route, startWorld, unroute, type World } from './support/world.js';

const tool = clientTool('@github/copilot', 'copilot');
const skip = announceSkip(tool);

type Entry = { type?: string; url?: string; headers?: Record<string, string>; tools?: string[] };
type Config = { mcpServers?: Record<string, Entry> };

/** Auto-update off: it would fetch a newer package at start. */
const COPILOT_ENV = { COPILOT_AUTO_UPDATE: 'false' };

describe.skipIf(skip)(`GitHub Copilot CLI ${tool.version}`, () => {
  let w: World;
  const copilot = (...args: string[]) => client(w, 'copilot', args, 120_000, COPILOT_ENV);
  let file: string;
  let servers: Record<string, { transport: 'http' | 'sse'; url: string; header?: string }>;
  let before: string;

  beforeAll(async () => {
    w = await startWorld('copilot');
    expect(toolVersion(tool, { ...w.env, ...COPILOT_ENV })).toContain(tool.version);
    file = path.join(w.home, '.copilot/mcp-config.json');
    servers = {
      'cp-user': { transport: 'http', url: w.cp.mcpUrl('linear') },
      'cp-sse': { transport: 'sse', url: w.cp.sseUrl('github') },
      public: { transport: 'http', url: w.publicServer.mcpUrl },
      'public-sse': { transport: 'sse', url: w.publicServer.sseUrl },
      apikey: { transport: 'http', url: w.apiKeyServer.mcpUrl, header: `x-api-key: ${API_KEY}` },
    };
    for (const [name, s] of Object.entries(servers)) {
      const args = ['mcp', 'add', '--transport', s.transport, ...(s.header ? ['--header', s.header] : []), name, s.url];
      ok(await copilot(...args), `copilot ${args.join(' ')}`);
    }
  });

  afterAll(async () => {
    await w?.close();
  });

  it('copilot mcp add wrote ~/.copilot/mcp-config.json', () => {
    const cfg = JSON.parse(read(file)) as Config;
    expect(Object.keys(cfg.mcpServers ?? {}).sort()).toEqual(['apikey', 'cp-sse', 'cp-user', 'public', 'public-sse']);
    expect(cfg.mcpServers!.apikey).toEqual({
      tools: ['*'],
      type: 'http',
      url: w.apiKeyServer.mcpUrl,
      headers: { 'x-api-key': API_KEY },
    });
  });

  it('route rewrites every entry to the gateway with a local bearer; `copilot mcp list` still lists them', async () => {
    before = read(file);
    const routeOut = await route(w, 'copilot-cli');
    const cfg = JSON.parse(read(file)) as Config;
    for (const [name, s] of Object.entries(servers)) {
      const e = cfg.mcpServers?.[name];
      expect.soft(e?.url, `${name} after route:\n${routeOut}`).toMatch(gatewayPattern(w));
      expect.soft(e?.type, name).toBe(s.transport);
      expect.soft(e?.headers?.Authorization, name).toMatch(/^Bearer \S+$/);
      expect.soft(e?.tools, name).toEqual(['*']);
    }
    const list = ok(await copilot('mcp', 'list'), 'copilot mcp list').output;
    for (const [name, s] of Object.entries(servers)) expect.soft(list).toContain(`${name} (${s.transport})`);
  });

  it('a Copilot CLI session (`copilot -p`, stand-in model on loopback) calls tools of every routed server through the gateway', async () => {
    const model = await startFakeAnthropic();
    try {
      const env = {
        ...COPILOT_ENV,
        COPILOT_PROVIDER_BASE_URL: model.url,
        COPILOT_PROVIDER_TYPE: 'anthropic',
        COPILOT_PROVIDER_API_KEY: 'sk-ant-test-stand-in',
        COPILOT_MODEL: 'claude-sonnet-4',
      };
      for (const name of Object.keys(servers)) {
        const toolName = `${name}-echo`;
        model.want(toolName, { text: `hello from ${name}` });
        const start = model.results.length;
        const r = await client(w, 'copilot', ['-p', `call ${toolName}`, '--allow-all-tools'], 180_000, env);
        expect
          .soft(
            model.results.slice(start),
            `${name}: copilot -p exited ${r.code}\n${r.output}\ntools offered: ${model.lastToolsOffered.join(', ')}`,
          )
          .toEqual([{ tool: toolName, text: `hello from ${name}`, isError: false }]);
      }
    } finally {
      await model.close();
    }
  });

  it('unroute gives Copilot CLI back exactly the file its `mcp add` wrote', async () => {
    await unroute(w, 'copilot-cli');
    expect(read(file)).toBe(before);
  });
});
