// Continue CLI (`cn`, npm `@continuedev/cli`, pinned in test/clients/tools). `cn` has no
// `mcp add`, so the servers are written the way Continue documents them: a `mcpServers:` list in
// `~/.continue/config.yaml` (YAML with comments), Streamable HTTP and SSE, with and without
// headers. The companion routes it; `cn` has no offline listing of connection state, so a real
// headless session (`cn -p`, the config's model pointed at a stand-in Anthropic API on loopback)
// must call the echo tool of every routed server through the gateway; `unroute` gives the file
// back byte for byte.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok } from './support/exec.js';
import { startFakeAnthropic, type FakeAnthropic } from './support/fake-anthropic.js';
import { announceSkip, clientTool, toolVersion } from './support/tools.js';
import { API_KEY, client, gatewayPattern, read, route, startWorld, unroute, type World } from './support/world.js';

const tool = clientTool('@continuedev/cli', 'cn');
const skip = announceSkip(tool);

type Entry = { name: string; type?: string; url?: string; requestOptions?: { headers?: Record<string, string> } };
type Config = { mcpServers?: Entry[] };

/** Telemetry off, and no self-update (see the tier's README). */
const CN_ENV = { CONTINUE_CLI_ENABLE_TELEMETRY: '0', CONTINUE_METRICS_ENABLED: '0', CONTINUE_CLI_AUTO_UPDATED: 'true' };

describe.skipIf(skip)(`Continue CLI ${tool.version}`, () => {
  let w: World;
  let model: FakeAnthropic;
  let file: string;
  let servers: Array<{ name: string; type?: 'sse' | 'streamable-http'; url: string; header?: string }>;
  let before: string;

  beforeAll(async () => {
    w = await startWorld('continue');
    expect(toolVersion(tool, { ...w.env, ...CN_ENV })).toContain(tool.version);
    model = await startFakeAnthropic();
    servers = [
      { name: 'cp-user', type: 'streamable-http', url: w.cp.mcpUrl('linear') },
      { name: 'cp-sse', type: 'sse', url: w.cp.sseUrl('github') },
      { name: 'public', url: w.publicServer.mcpUrl },
      { name: 'public-sse', type: 'sse', url: w.publicServer.sseUrl },
      { name: 'apikey', type: 'streamable-http', url: w.apiKeyServer.mcpUrl, header: API_KEY },
    ];
    const lines = [
      '# Continue config: https://docs.continue.dev/reference',
      'name: Test Agent',
      'version: 1.0.0',
      'schema: v1',
      '',
      'models:',
      '  - name: Stand-in Claude',
      '    provider: anthropic',
      '    model: claude-sonnet-4-5',
      `    apiBase: ${model.url}/v1/`,
      '    apiKey: sk-ant-test-stand-in',
      '    roles: [chat]',
      '',
      'mcpServers:',
      ...servers.flatMap((s) => [
        `  # ${s.name}`,
        `  - name: ${s.name}`,
        ...(s.type ? [`    type: ${s.type}`] : []),
        `    url: ${s.url}`,
        ...(s.header ? ['    requestOptions:', '      headers:', `        x-api-key: ${s.header} # the key`] : []),
      ]),
      '',
    ];
    file = path.join(w.home, '.continue/config.yaml');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, lines.join('\n'));
  });

  afterAll(async () => {
    await model?.close();
    await w?.close();
  });

  /** One headless session asking for the echo tool; `cn -p` refuses to run when any MCP server fails to load. */
  async function session(): Promise<{ code: number | null; detail: string; results: FakeAnthropic['results'] }> {
    model.want('echo', { text: 'hello from cn' });
    const start = model.results.length;
    const r = await client(w, 'cn', ['-p', 'call the echo tool', '--auto'], 180_000, CN_ENV);
    const results = model.results.slice(start);
    return {
      code: r.code,
      results,
      detail: `cn -p exited ${r.code}\n${r.output}\ntools offered: ${model.lastToolsOffered.join(', ')}`,
    };
  }

  async function authKinds(): Promise<Record<string, string>> {
    const out = ok(await w.companion(['server', 'list', '--json']), 'mcp-companion server list --json').stdout;
    const list = JSON.parse(out) as Array<{ name: string; authKind: string }>;
    return Object.fromEntries(list.map((s) => [s.name, s.authKind]));
  }

  it('before routing, `cn -p` refuses to run: the OAuth servers fail to load (401)', async () => {
    const r = await session();
    expect(r.code, r.detail).not.toBe(0);
    expect(r.detail).toMatch(/MCP server\(s\) failed to load/);
    expect(r.detail).toMatch(/cp-user: .*(401|unauthorized)/i);
    expect(r.detail).toMatch(/cp-sse: .*401/);
    expect(r.results).toEqual([]);
  });

  it('route rewrites every entry to the gateway with a local bearer', async () => {
    before = read(file);
    const routeOut = await route(w, 'continue');
    const cfg = parse(read(file)) as Config;
    for (const s of servers) {
      const e = cfg.mcpServers?.find((x) => x.name === s.name);
      expect.soft(e?.url, `${s.name} after route:\n${routeOut}`).toMatch(gatewayPattern(w));
      expect.soft(e?.requestOptions?.headers?.Authorization, s.name).toMatch(/^Bearer \S+$/);
      expect.soft(e?.type, s.name).toBe(s.type === 'sse' ? 'sse' : 'streamable-http');
    }
    // Routing alone contacts no upstream.
    expect(Object.values(await authKinds())).toEqual(servers.map(() => 'unknown'));
  });

  it('a headless `cn -p` session (stand-in model on loopback) loads every routed server through the gateway and calls a tool', async () => {
    const r = await session();
    expect(r.code, r.detail).toBe(0);
    // cn offers MCP tools by their bare names: one `echo` per loaded server.
    expect(model.lastToolsOffered.filter((t) => t === 'echo').length, r.detail).toBe(servers.length);
    expect(
      r.results.map((x) => [x.tool, x.isError]),
      r.detail,
    ).toEqual([['echo', false]]);
    expect(r.results[0]!.text).toContain('hello from cn');
    // Each upstream was reached through the gateway, which learned how it authenticates.
    expect(await authKinds()).toEqual({
      'cp-user': 'oauth',
      'cp-sse': 'oauth',
      public: 'none',
      'public-sse': 'none',
      apikey: 'headers',
    });
  });

  it('unroute gives Continue back exactly the file as written', async () => {
    await unroute(w, 'continue');
    expect(read(file)).toBe(before);
  });
});
