// reset / undoReset of the clients whose MCP sign-ins live in plain files next to their own
// state: Continue (globalContext.json, and mcp-remote's cache for `cn`), Qwen Code
// (mcp-oauth-tokens.json) and Amp (`~/.amp/oauth/<server>-client.json` + secrets.json, which
// also holds the Amp login). Only MCP sign-ins go, every removed item comes back on undo.

import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createClientOps } from '../../../local-gateway/clients/index.js';
import { memoryKeychain } from '../../../local-gateway/clients/system.js';
import { fakeProcesses, makeHome, snapshot, type TempHome } from '../../support/client-homes.js';
import { createTestRouteHost } from '../../support/route-host.js';

let homes: TempHome[] = [];
afterEach(() => {
  for (const h of homes) h.cleanup();
  homes = [];
});

function setup() {
  const h = makeHome('linux');
  homes.push(h);
  const ops = createClientOps({
    host: createTestRouteHost(h.dataDir),
    env: h.env,
    platform: 'linux',
    processes: fakeProcesses(),
    keychain: memoryKeychain(),
    projectDirs: [path.join(h.home, 'projects', 'app')],
    now: () => Date.parse('2026-12-01T10:00:00Z'),
  });
  return { h, ops, file: (rel: string) => path.join(h.home, rel) };
}

const readJson = (f: string) => JSON.parse(fs.readFileSync(f, 'utf8')) as Record<string, any>;

function expectNoSecretIn(text: string) {
  expect(text).not.toMatch(/ACCESS-SECRET|REFRESH-SECRET|VERIFIER-SECRET|LOGIN-SECRET/);
}

describe('reset continue', () => {
  it('removes the extension sign-in (by URL, shown by entry name) and the cn mcp-remote cache; undo puts both back', async () => {
    const { h, ops, file } = setup();
    const before = snapshot(h.home);
    const desc = (await ops.describe()).find((c) => c.id === 'continue')!;
    expect(desc.installed).toBe(true);
    expect(desc.entries.map((e) => [e.name, e.kind, e.transport])).toEqual([
      ['Linear', 'remote', 'streamable-http'],
      ['Sentry', 'remote', 'sse'],
      ['Acme Docs', 'remote', 'streamable-http'],
    ]);
    expect(desc.cachedCredentials.map((c) => [c.server, c.clientId])).toEqual([
      ['Linear', 'continue-linear-client'],
      ['Sentry', 'mr-sentry-cn-client'],
    ]);

    const res = await ops.reset('continue');
    expectNoSecretIn(JSON.stringify(res));
    expectNoSecretIn(fs.readFileSync(res.backup!, 'utf8'));
    const ctx = readJson(file('.continue/index/globalContext.json'));
    expect(ctx.mcpOauthStorage).toEqual({});
    expect(ctx.indexingPaused).toBe(false);
    expect(fs.readdirSync(file('.mcp-auth/mcp-remote-v1')).filter((f) => f.startsWith('fe69381a'))).toEqual([]);

    await ops.undoReset('continue');
    const after = snapshot(h.home);
    for (const rel of [
      '.continue/index/globalContext.json',
      '.mcp-auth/mcp-remote-v1/fe69381ad5a3633b9163abbe95600afc_tokens.json',
    ])
      expect(JSON.parse(after.get(rel)!.toString())).toEqual(JSON.parse(before.get(rel)!.toString()));
  });

  it('selects by entry name with --server', async () => {
    const { ops, file } = setup();
    const res = await ops.reset('continue', { servers: ['Sentry'] });
    expect(res.removed.map((r) => r.server)).toEqual(['Sentry']);
    expect(Object.keys(readJson(file('.continue/index/globalContext.json')).mcpOauthStorage)).toEqual([
      'https://mcp.linear.app/mcp',
    ]);
  });
});

describe('reset qwen', () => {
  it('removes the server from mcp-oauth-tokens.json (Gemini CLI format, deleted with its last entry) and undo restores it', async () => {
    const { ops, file } = setup();
    const tokens = file('.qwen/mcp-oauth-tokens.json');
    const original = readJson(tokens);
    const res = await ops.reset('qwen');
    expect(res.removed.map((r) => [r.server, r.clientId, r.url])).toEqual([
      ['atlassian', 'qwen-atlassian-client', 'https://mcp.atlassian.com/v1/sse'],
    ]);
    expect(readJson(tokens)).toEqual([]);
    expect(res.manualSteps).toEqual([]);
    await ops.undoReset('qwen');
    expect(readJson(tokens)).toEqual(original);
  });
});

describe('reset amp', () => {
  it('removes the client file and the MCP token keys but never the Amp login; undo restores both', async () => {
    const { h, ops, file } = setup();
    const secrets = file('.local/share/amp/secrets.json');
    const clientFile = file('.amp/oauth/linear-client.json');
    const before = snapshot(h.home);

    const dry = await ops.reset('amp', { dryRun: true });
    expect(dry.removed.map((r) => [r.server, r.clientId, r.url])).toEqual([
      ['linear', 'amp-linear-client', 'https://mcp.linear.app/mcp'],
    ]);
    expect(fs.existsSync(clientFile)).toBe(true);

    const res = await ops.reset('amp');
    expectNoSecretIn(JSON.stringify(res));
    expectNoSecretIn(fs.readFileSync(res.backup!, 'utf8'));
    expect(fs.existsSync(clientFile)).toBe(false);
    expect(readJson(secrets)).toEqual({
      'apiKey@https://ampcode.com/': 'sgamp_user_LOGIN-SECRET',
      'mcp-oauth-client-secret@https://mcp.linear.app/mcp#linear': '',
    });
    expect(res.manualSteps.join(' ')).toMatch(/amp mcp oauth logout/);

    const undo = await ops.undoReset('amp');
    expect(undo.skipped).toEqual([]);
    const after = snapshot(h.home);
    expect(after.get('.amp/oauth/linear-client.json')!.equals(before.get('.amp/oauth/linear-client.json')!)).toBe(true);
    expect(readJson(secrets)).toEqual(JSON.parse(before.get('.local/share/amp/secrets.json')!.toString()));
  });
});
