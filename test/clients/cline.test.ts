// Cline CLI (`cline`, pinned in test/clients/tools; the Cline VS Code extension 4.x reads the same
// file): servers added with its own `cline mcp add --yes` (HTTP and SSE, with and without a
// header); routed by the companion. `cline` has no command that lists MCP servers with their
// status, so a real non-interactive Cline session against a stand-in Anthropic API on loopback
// proves each routed server connected: it is offered, and calls, each server's `echo` tool.
// `unroute` gives back the file byte for byte.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok } from './support/exec.js';
import { startFakeAnthropic } from './support/fake-anthropic.js';
import { announceSkip, clientTool, toolVersion } from './support/tools.js';
import { API_KEY, client, gatewayPattern, read, route, startWorld, unroute, type World } from './support/world.js';

const tool = clientTool('cline', 'cline');
const skip = announceSkip(tool);

type Transport = { type?: string; url?: string; headers?: Record<string, string> };
type Config = { mcpServers?: Record<string, { transport?: Transport; oauth?: unknown }> };

describe.skipIf(skip)(`Cline CLI ${tool.version}`, () => {
  let w: World;
  const cline = (...args: string[]) => client(w, 'cline', args);
  let file: string;
  let servers: Record<string, { url: string; transport: 'http' | 'sse'; header?: string }>;
  let before: string;

  beforeAll(async () => {
    w = await startWorld('cline');
    expect(toolVersion(tool, w.env)).toContain(tool.version);
    file = path.join(w.home, '.cline/data/settings/cline_mcp_settings.json');
    servers = {
      'cp-user': { url: w.cp.mcpUrl('linear'), transport: 'http' },
      'cp-sse': { url: w.cp.sseUrl('github'), transport: 'sse' },
      public: { url: w.publicServer.mcpUrl, transport: 'http' },
      apikey: { url: w.apiKeyServer.mcpUrl, transport: 'http', header: `x-api-key: ${API_KEY}` },
    };
    for (const [name, s] of Object.entries(servers)) {
      const args = ['mcp', 'add', name, '--transport', s.transport, '--yes', s.url];
      if (s.header) args.push('--header', s.header);
      ok(await cline(...args), `cline ${args.join(' ')}`);
    }
  });

  afterAll(async () => {
    await w?.close();
  });

  it('mcp add wrote ~/.cline/data/settings/cline_mcp_settings.json with nested transports', () => {
    const cfg = JSON.parse(read(file)) as Config;
    expect(Object.keys(cfg.mcpServers ?? {}).sort()).toEqual(['apikey', 'cp-sse', 'cp-user', 'public']);
    expect(cfg.mcpServers!['cp-sse']!.transport).toEqual({ type: 'sse', url: w.cp.sseUrl('github') });
    expect(cfg.mcpServers!.apikey!.transport).toEqual({
      type: 'streamableHttp',
      url: w.apiKeyServer.mcpUrl,
      headers: { 'x-api-key': API_KEY },
    });
  });

  it('route rewrites every entry to the gateway with a local bearer, in the same nested layout', async () => {
    before = read(file);
    const routeOut = await route(w, 'cline');
    const cfg = JSON.parse(read(file)) as Config;
    for (const [name, s] of Object.entries(servers)) {
      const t = cfg.mcpServers?.[name]?.transport;
      expect.soft(t?.url, `${name} after route:\n${routeOut}`).toMatch(gatewayPattern(w));
      expect.soft(t?.type, name).toBe(s.transport === 'sse' ? 'sse' : 'streamableHttp');
      expect.soft(t?.headers?.Authorization, name).toMatch(/^Bearer \S+$/);
    }
  });

  it('a Cline session (stand-in model on loopback) is offered and calls the tools of every routed server through the gateway', async () => {
    const model = await startFakeAnthropic();
    try {
      // `cline auth` takes a base URL only for OpenAI-style providers; the provider settings file
      // takes one for any, and CLINE_PROVIDER_SETTINGS_PATH keeps it outside Cline's data folder.
      const providers = path.join(w.root, 'providers.json');
      fs.writeFileSync(
        providers,
        JSON.stringify({
          version: 1,
          lastUsedProvider: 'anthropic',
          providers: {
            anthropic: {
              settings: {
                provider: 'anthropic',
                apiKey: 'sk-ant-test-stand-in',
                model: 'claude-sonnet-4-5',
                baseUrl: `${model.url}/v1`,
              },
              updatedAt: new Date().toISOString(),
              tokenSource: 'manual',
            },
          },
        }),
      );
      for (const name of Object.keys(servers)) {
        const tool = `${name}__echo`;
        model.want(tool, { text: `hello from ${name}` });
        const before = model.results.length;
        const r = await client(w, 'cline', ['-P', 'anthropic', '-m', 'claude-sonnet-4-5', `call ${tool}`], 120_000, {
          CLINE_PROVIDER_SETTINGS_PATH: providers,
        });
        expect
          .soft(
            model.results.slice(before),
            `${name}: cline exited ${r.code}\n${r.output}\ntools offered: ${model.lastToolsOffered.join(', ')}`,
          )
          // Cline hands the model the MCP result as JSON: `{"content":[{"type":"text","text":…}]}`.
          .toEqual([{ tool, text: expect.stringContaining(`"text":"hello from ${name}"`), isError: false }]);
      }
    } finally {
      await model.close();
    }
  });

  it('unroute gives Cline back exactly the file its `mcp add` wrote', async () => {
    await unroute(w, 'cline');
    expect(read(file)).toBe(before);
  });
});
