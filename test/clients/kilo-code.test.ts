// Kilo Code CLI (`kilo` from `@kilocode/cli`, pinned in test/clients/tools; an OpenCode fork that
// the Kilo Code VS Code extension runs): servers added with its own `mcp add` (global config),
// with and without headers; routed by the companion; seen connected by its own `mcp list`;
// given back byte for byte by `unroute`.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'jsonc-parser';
import { ok } from './support/exec.js';
import { startFakeAnthropic } from './support/fake-anthropic.js';
import { announceSkip, clientTool, toolVersion } from './support/tools.js';
import { API_KEY, client, gatewayPattern, read, route, startWorld, unroute, type World } from './support/world.js';

const tool = clientTool('@kilocode/cli', 'kilo');
const skip = announceSkip(tool);

type Entry = { type?: string; url?: string; headers?: Record<string, string>; oauth?: unknown };
type Config = { mcp?: Record<string, Entry> };

describe.skipIf(skip)(`Kilo Code CLI ${tool.version}`, () => {
  let w: World;
  const kilo = (...args: string[]) => client(w, 'kilo', args);
  let file: string;
  let servers: Record<string, { url: string; header?: string }>;
  let before: string;

  beforeAll(async () => {
    w = await startWorld('kilo');
    expect(toolVersion(tool, w.env)).toContain(tool.version);
    file = path.join(w.home, '.config/kilo/kilo.jsonc');
    servers = {
      'cp-user': { url: w.cp.mcpUrl('linear') },
      'cp-sse': { url: w.cp.sseUrl('github') },
      public: { url: w.publicServer.mcpUrl },
      apikey: { url: w.apiKeyServer.mcpUrl, header: `x-api-key=${API_KEY}` },
    };
    for (const [name, s] of Object.entries(servers)) {
      const args = ['mcp', 'add', name, '--url', s.url];
      if (s.header) args.push('--header', s.header);
      ok(await kilo(...args), `kilo ${args.join(' ')}`);
    }
  });

  afterAll(async () => {
    await w?.close();
  });

  it('mcp add wrote $XDG_CONFIG_HOME/kilo/kilo.jsonc in OpenCode’s shape', () => {
    const cfg = parse(read(file)) as Config;
    expect(Object.keys(cfg.mcp ?? {}).sort()).toEqual(['apikey', 'cp-sse', 'cp-user', 'public']);
    expect(cfg.mcp!.apikey).toEqual({ type: 'remote', url: w.apiKeyServer.mcpUrl, headers: { 'x-api-key': API_KEY } });
  });

  it('before routing, the public and API-key servers connect directly', async () => {
    const list = ok(await kilo('mcp', 'list'), 'kilo mcp list').output;
    expect(list).toMatch(/✓ public\b.*connected/);
    expect(list).toMatch(/✓ apikey\b.*connected/);
  });

  it('route rewrites every entry to the gateway with a local bearer and OAuth off', async () => {
    before = read(file);
    const routeOut = await route(w, 'kilo-code');
    const cfg = parse(read(file)) as Config;
    for (const name of Object.keys(servers)) {
      const e = cfg.mcp?.[name];
      expect.soft(e?.url, `${name} after route:\n${routeOut}`).toMatch(gatewayPattern(w));
      expect.soft(e?.headers?.Authorization, name).toMatch(/^Bearer \S+$/);
      expect.soft(e?.oauth, name).toBe(false);
    }
  });

  it('`kilo mcp list` shows every routed server connected through the gateway', async () => {
    const list = ok(await kilo('mcp', 'list'), 'kilo mcp list').output;
    for (const name of Object.keys(servers)) {
      expect.soft(list, `${name} in kilo mcp list:\n${list}`).toMatch(new RegExp(`✓ ${name}\\b.*connected`));
    }
    expect.soft(list).toContain(`http://127.0.0.1:${w.port}/servers/`);
  });

  it('a Kilo session (`kilo run`, stand-in model on loopback) calls tools of routed servers through the gateway', async () => {
    const model = await startFakeAnthropic();
    try {
      // The provider goes in KILO_CONFIG_CONTENT so the config file stays what `mcp add` and `route` wrote.
      const env = {
        ANTHROPIC_API_KEY: 'sk-ant-test-stand-in',
        KILO_CONFIG_CONTENT: JSON.stringify({ provider: { anthropic: { options: { baseURL: `${model.url}/v1` } } } }),
      };
      for (const name of Object.keys(servers)) {
        const tool = `${name}_echo`;
        model.want(tool, { text: `hello from ${name}` });
        const before = model.results.length;
        const r = await client(
          w,
          'kilo',
          ['run', '--model', 'anthropic/claude-sonnet-4-5', `call ${tool}`],
          120_000,
          env,
        );
        expect
          .soft(
            model.results.slice(before),
            `${name}: kilo run exited ${r.code}\n${r.output}\ntools offered: ${model.lastToolsOffered.join(', ')}`,
          )
          .toEqual([{ tool, text: `hello from ${name}`, isError: false }]);
      }
    } finally {
      await model.close();
    }
  });

  it('unroute gives Kilo Code back exactly the file its `mcp add` wrote', async () => {
    await unroute(w, 'kilo-code');
    expect(read(file)).toBe(before);
  });
});
