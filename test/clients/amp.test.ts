// Amp (`amp`, npm `@ampcode/cli`, pinned in test/clients/tools): servers added with its own
// `amp mcp add` (global settings and `--workspace`), with and without headers; routed by the
// companion; seen connected by its own `amp mcp doctor`; given back byte for byte by `unroute`.
// `amp mcp doctor` needs no account for local settings, only some API key: a stand-in one here.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok } from './support/exec.js';
import { announceSkip, clientTool, toolVersion } from './support/tools.js';
import { API_KEY, client, gatewayPattern, read, route, startWorld, unroute, type World } from './support/world.js';

const tool = clientTool('@ampcode/cli', 'amp');
const skip = announceSkip(tool);

type Entry = { url?: string; headers?: Record<string, string> };
type Settings = { 'amp.mcpServers'?: Record<string, Entry> };

const AMP_ENV = { AMP_API_KEY: 'sgamp_test_stand_in' };

describe.skipIf(skip)(`Amp ${tool.version}`, () => {
  let w: World;
  const amp = (...args: string[]) => client(w, 'amp', args, 120_000, AMP_ENV);
  let userFile: string;
  let workspaceFile: string;
  let servers: Record<string, { workspace?: boolean; url: string; header?: string }>;
  let before: { user: string; workspace: string };

  beforeAll(async () => {
    w = await startWorld('amp');
    expect(toolVersion(tool, w.env)).toContain(tool.version.split('-')[0]!.replace(/^0\.0\./, ''));
    userFile = path.join(w.home, '.config/amp/settings.json');
    workspaceFile = path.join(w.project, '.amp/settings.json');
    // Update checks off (a documented setting), kept like any other key of the user's settings.
    fs.mkdirSync(path.dirname(userFile), { recursive: true });
    fs.writeFileSync(userFile, JSON.stringify({ 'amp.updates.mode': 'disabled' }, null, 2));
    servers = {
      'cp-user': { url: w.cp.mcpUrl('linear') },
      'cp-sse': { url: w.cp.sseUrl('github') },
      public: { url: w.publicServer.mcpUrl },
      'public-sse': { url: w.publicServer.sseUrl },
      apikey: { url: w.apiKeyServer.mcpUrl, header: `x-api-key=${API_KEY}` },
      'cp-ws': { workspace: true, url: w.cp.mcpUrl('notion') },
    };
    for (const [name, s] of Object.entries(servers)) {
      const args = [
        'mcp',
        'add',
        name,
        ...(s.workspace ? ['--workspace'] : []),
        ...(s.header ? ['--header', s.header] : []),
        s.url,
      ];
      ok(await amp(...args), `amp ${args.join(' ')}`);
    }
  });

  afterAll(async () => {
    await w?.close();
  });

  it('amp mcp add wrote "amp.mcpServers" in ~/.config/amp/settings.json and <project>/.amp/settings.json', () => {
    const user = JSON.parse(read(userFile)) as Settings;
    expect(Object.keys(user['amp.mcpServers'] ?? {}).sort()).toEqual([
      'apikey',
      'cp-sse',
      'cp-user',
      'public',
      'public-sse',
    ]);
    expect(user['amp.mcpServers']!.apikey).toEqual({ url: w.apiKeyServer.mcpUrl, headers: { 'x-api-key': API_KEY } });
    const ws = JSON.parse(read(workspaceFile)) as Settings;
    expect(Object.keys(ws['amp.mcpServers'] ?? {})).toEqual(['cp-ws']);
  });

  it('route rewrites every entry to the gateway with a local bearer', async () => {
    before = { user: read(userFile), workspace: read(workspaceFile) };
    const routeOut = await route(w, 'amp');
    const routed = {
      ...(JSON.parse(read(userFile)) as Settings)['amp.mcpServers'],
      ...(JSON.parse(read(workspaceFile)) as Settings)['amp.mcpServers'],
    };
    for (const name of Object.keys(servers)) {
      expect.soft(routed[name]?.url, `${name} after route:\n${routeOut}`).toMatch(gatewayPattern(w));
      expect.soft(routed[name]?.headers?.Authorization, name).toMatch(/^Bearer \S+$/);
    }
  });

  it('`amp mcp doctor` shows every routed server of the user settings connected through the gateway', async () => {
    const out = ok(await amp('mcp', 'doctor'), 'amp mcp doctor').output;
    for (const [name, s] of Object.entries(servers)) {
      if (s.workspace) continue;
      expect
        .soft(out, `${name} in amp mcp doctor:\n${out}`)
        .toMatch(new RegExp(`^${name} \\(user settings\\): connected`, 'm'));
    }
  });

  it('unroute gives Amp back exactly the files its `mcp add` wrote', async () => {
    await unroute(w, 'amp');
    expect.soft(read(userFile)).toBe(before.user);
    expect.soft(read(workspaceFile)).toBe(before.workspace);
  });
});
