// reset / undoReset: only MCP OAuth state goes (Claude Code's own login survives), every
// removed item is backed up sealed and comes back on undo, and a running Cursor blocks the
// state.vscdb edit.

import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createClientOps } from '../../../local-gateway/clients/index.js';
import { memoryKeychain, keychainKey } from '../../../local-gateway/clients/system.js';
import { isCompanionError } from '../../../local-gateway/core/errors.js';
import { fakeProcesses, makeHome, type TempHome } from '../../support/client-homes.js';
import { createTestRouteHost } from '../../support/route-host.js';

let homes: TempHome[] = [];
afterEach(() => {
  for (const h of homes) h.cleanup();
  homes = [];
});

const SECRETS = ['LOGIN-SECRET', 'ACCESS-SECRET', 'REFRESH-SECRET', 'VERIFIER-SECRET', 'user-supplied-SECRET'];

function setup(
  opts: { platform?: NodeJS.Platform; running?: string[]; keychain?: ReturnType<typeof memoryKeychain> } = {},
) {
  const h = makeHome('linux');
  homes.push(h);
  const host = createTestRouteHost(h.dataDir);
  const processes = fakeProcesses(opts.running ?? []);
  const keychain = opts.keychain ?? memoryKeychain();
  const ops = createClientOps({
    host,
    env: h.env,
    platform: opts.platform ?? 'linux',
    processes,
    keychain,
    projectDirs: [path.join(h.home, 'projects', 'app')],
    now: () => Date.parse('2026-12-01T10:00:00Z'),
  });
  return { h, host, ops, processes, keychain, file: (rel: string) => path.join(h.home, rel) };
}

const readJson = (f: string) => JSON.parse(fs.readFileSync(f, 'utf8')) as Record<string, any>;

function expectNoSecrets(text: string) {
  for (const s of SECRETS) expect(text).not.toContain(s);
}

describe('reset claude-code', () => {
  it('removes mcpOAuth entries only, backs them up sealed, and undo restores them', async () => {
    const { h, ops, file } = setup();
    const creds = file('.claude/.credentials.json');
    const original = readJson(creds);

    const dry = await ops.reset('claude-code', { dryRun: true });
    expect(dry.removed.map((r) => [r.server, r.clientId])).toEqual([
      ['sentry', 'dcr-client-sentry-OLD'],
      ['docs', 'dcr-docs-1'],
    ]);
    expect(dry.clearedState?.map((r) => r.server)).toEqual(['sentry', 'docs', 'github']);
    expect(readJson(creds)).toEqual(original);

    const res = await ops.reset('claude-code');
    expectNoSecrets(JSON.stringify(res));
    const after = readJson(creds);
    expect(after.claudeAiOauth).toEqual(original.claudeAiOauth);
    expect(after.mcpOAuthClientConfig).toEqual(original.mcpOAuthClientConfig);
    expect(after.mcpOAuth).toEqual({});
    expect(fs.statSync(creds).mode & 0o777).toBe(0o600);
    expect(res.backup!.startsWith(path.join(h.dataDir, 'backups', 'resets', 'claude-code'))).toBe(true);
    expectNoSecrets(fs.readFileSync(res.backup!, 'utf8'));
    expect(res.nextSteps[0]).toMatch(/Start Claude Code/);

    const undo = await ops.undoReset('claude-code');
    expect(undo.restored.map((r) => r.key).sort()).toEqual([
      'docs',
      'docs|9f8e7d6c5b4a3928',
      'github',
      'sentry',
      'sentry|1a2b3c4d5e6f7a8b',
    ]);
    expect(readJson(creds)).toEqual(original);
    await expect(ops.undoReset('claude-code')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('limits the reset to the chosen servers and says to restart a running client', async () => {
    const { ops, file } = setup({ running: ['/usr/local/bin/claude'] });
    const res = await ops.reset('claude-code', { servers: ['docs'] });
    expect(res.running).toBe(true);
    expect(res.removed.map((r) => r.server)).toEqual(['docs']);
    expect(res.clearedState?.map((r) => r.server)).toEqual(['docs']);
    expect(Object.keys(readJson(file('.claude/.credentials.json')).mcpOAuth)).toEqual(['sentry|1a2b3c4d5e6f7a8b']);
    expect(res.nextSteps[0]).toMatch(/exit every Claude Code session/);
  });

  it('edits the macOS keychain item and keeps claudeAiOauth there', async () => {
    const blob = readJson(path.join(__dirname, '../../fixtures/homes/linux/.claude/.credentials.json'));
    const keychain = memoryKeychain({ [keychainKey('Claude Code-credentials', 'tester')]: JSON.stringify(blob) });
    const { ops, file } = setup({ platform: 'darwin', keychain });
    fs.rmSync(file('.claude/.credentials.json'));
    const res = await ops.reset('claude-code');
    expect(res.removed.map((r) => r.store)).toEqual([
      'macOS Keychain "Claude Code-credentials"',
      'macOS Keychain "Claude Code-credentials"',
    ]);
    const after = JSON.parse(keychain.items[keychainKey('Claude Code-credentials', 'tester')]!);
    expect(after.claudeAiOauth).toEqual(blob.claudeAiOauth);
    expect(after.mcpOAuth).toEqual({});
    await ops.undoReset('claude-code');
    expect(JSON.parse(keychain.items[keychainKey('Claude Code-credentials', 'tester')]!)).toEqual(blob);
  });
});

describe('reset with nothing to remove', () => {
  it('gives no next steps, only what is left to do by hand; a dry run that finds something gives them', async () => {
    const { ops } = setup();
    for (const dryRun of [false, true]) {
      const res = await ops.reset('vscode', { dryRun });
      expect(res.removed).toEqual([]);
      expect(res.manualSteps.length).toBeGreaterThan(0);
      expect(res.nextSteps).toEqual([]);
    }
    const dry = await ops.reset('claude-code', { dryRun: true, servers: ['github'] });
    expect(dry.removed).toEqual([]);
    expect(dry.clearedState?.map((c) => c.server)).toEqual(['github']);
    expect(dry.nextSteps[0]).toMatch(/Start Claude Code/);
  });
});

describe('reset of file stores', () => {
  it('OpenCode, Codex and Gemini lose only MCP entries; undo merges into the current file', async () => {
    const { ops, file } = setup();
    const oc = await ops.reset('opencode');
    expect(oc.removed.map((r) => [r.server, r.clientId])).toEqual([['context7', 'oc-ctx7-client']]);
    expect(readJson(file('.local/share/opencode/mcp-auth.json'))).toEqual({});

    const cx = await ops.reset('codex');
    expect(cx.removed.map((r) => r.server)).toEqual(['docs']);
    expect(cx.manualSteps.join(' ')).toMatch(/codex mcp logout/);

    const gm = await ops.reset('gemini', { servers: ['stripe'] });
    expect(gm.removed.map((r) => [r.server, r.clientId, r.updatedAt])).toEqual([
      ['stripe', 'gem-stripe-client', new Date(1750000000000).toISOString()],
    ]);
    const tokens = file('.gemini/mcp-oauth-tokens.json');
    expect((readJson(tokens) as unknown as Array<{ serverName: string }>).map((t) => t.serverName)).toEqual(['other']);

    // Gemini signs in again meanwhile: undo keeps the newer entry and reports it.
    const current = JSON.parse(fs.readFileSync(tokens, 'utf8'));
    current.push({ serverName: 'stripe', clientId: 'gem-stripe-NEW' });
    fs.writeFileSync(tokens, JSON.stringify(current, null, 2));
    const undo = await ops.undoReset('gemini');
    expect(undo.skipped.map((s) => s.key)).toEqual(['stripe']);
    expect((readJson(tokens) as unknown as Array<{ clientId: string }>).map((t) => t.clientId)).toEqual([
      'gem-other',
      'gem-stripe-NEW',
    ]);

    await ops.undoReset('opencode');
    expect(readJson(file('.local/share/opencode/mcp-auth.json')).context7.clientInfo.clientId).toBe('oc-ctx7-client');
  });

  it('removes only the mcp-remote cache files of this client, also after routing', async () => {
    const { ops, file } = setup();
    const dir = file('.mcp-auth/mcp-remote-0.1.38');
    const before = new Map(fs.readdirSync(dir).map((f) => [f, fs.readFileSync(path.join(dir, f))]));
    await ops.route('claude-desktop');
    const desc = (await ops.describe()).find((c) => c.id === 'claude-desktop')!;
    expect(desc.cachedCredentials.map((c) => [c.server, c.clientId])).toEqual([['acme', 'mr-acme-client']]);
    const res = await ops.reset('claude-desktop');
    expect(res.removed.map((r) => r.key)).toEqual(['mcp-remote-0.1.38/2fd1ad2502f1a10e41d8767c2fd92169']);
    expect(fs.readdirSync(dir)).toEqual(['881cdac2ae0f4adaa6d71b2d2d559921_tokens.json']);
    expect(res.manualSteps.join(' ')).toMatch(/Connectors/);
    await ops.undoReset('claude-desktop');
    for (const [f, bytes] of before) expect(fs.readFileSync(path.join(dir, f)).equals(bytes), f).toBe(true);
  });
});

describe('reset cursor', () => {
  function makeStateDb(file: string) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const db = new Database(file);
    db.exec('CREATE TABLE ItemTable (key TEXT UNIQUE ON CONFLICT REPLACE, value BLOB)');
    const put = db.prepare('INSERT INTO ItemTable (key, value) VALUES (?, ?)');
    const secret = (k: string) => `secret://{"extensionId":"anysphere.cursor-mcp","key":"${k}"}`;
    put.run(secret('[user-linear] mcp_tokens'), Buffer.from('v10-ENCRYPTED-ACCESS-SECRET'));
    put.run(secret('[user-linear] mcp_client_information'), Buffer.from('v10-ENCRYPTED-CLIENT'));
    put.run(secret('[project-0-app-project-api] mcp_tokens'), Buffer.from('v10-ENCRYPTED-2'));
    put.run('secret://{"extensionId":"github.copilot","key":"token"}', Buffer.from('v10-OTHER-EXTENSION'));
    put.run('workbench.panel.visible', 'true');
    put.run(
      'anysphere.cursor-mcp',
      JSON.stringify({
        '[user-linear] mcp_server_url': 'https://mcp.linear.app/mcp',
        '[user-linear] mcp_code_verifier': 'VERIFIER-SECRET',
        '[user-linear] mcp_oauth_updated_at_ms': 1750000000000,
        unrelatedSetting: 1,
      }),
    );
    db.close();
  }

  function dump(file: string) {
    const db = new Database(file, { readonly: true });
    const rows = db.prepare('SELECT key, value FROM ItemTable ORDER BY key').all() as Array<{
      key: string;
      value: unknown;
    }>;
    db.close();
    return rows.map((r) => [r.key, Buffer.isBuffer(r.value) ? `blob:${r.value.toString('base64')}` : r.value]);
  }

  it('refuses to touch state.vscdb while Cursor runs, then removes only the MCP rows', async () => {
    const { ops, processes, file } = setup({ running: ['/Applications/Cursor.app/Contents/MacOS/Cursor'] });
    const dbFile = file('.config/Cursor/User/globalStorage/state.vscdb');
    makeStateDb(dbFile);
    const before = dump(dbFile);

    const err = await ops.reset('cursor').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isCompanionError(err, 'client_running')).toBe(true);
    expect((err as Error).message).toContain('quit Cursor and run it again');
    expect(dump(dbFile)).toEqual(before);

    const dry = await ops.reset('cursor', { dryRun: true });
    expect(dry.removed.map((r) => [r.server, r.key])).toEqual([
      ['project-api', 'project-0-app-project-api'],
      ['linear', 'user-linear'],
      ['acme-remote', 'mcp-remote-v1/536900d5aa46e581c4f59222554acff7'],
    ]);

    processes.names.length = 0; // the user quit Cursor
    const res = await ops.reset('cursor', { servers: ['linear', 'acme-remote'] });
    expectNoSecrets(JSON.stringify(res));
    const keys = dump(dbFile).map((r) => r[0]);
    expect(keys).toEqual([
      'anysphere.cursor-mcp',
      'secret://{"extensionId":"anysphere.cursor-mcp","key":"[project-0-app-project-api] mcp_tokens"}',
      'secret://{"extensionId":"github.copilot","key":"token"}',
      'workbench.panel.visible',
    ]);
    const db = new Database(dbFile, { readonly: true });
    expect(
      JSON.parse(
        String(
          (db.prepare("SELECT value FROM ItemTable WHERE key='anysphere.cursor-mcp'").get() as { value: string }).value,
        ),
      ),
    ).toEqual({ unrelatedSetting: 1 });
    db.close();
    expect(fs.existsSync(file('.mcp-auth/mcp-remote-v1/536900d5aa46e581c4f59222554acff7_tokens.json'))).toBe(false);
    expect(fs.existsSync(file('.mcp-auth/mcp-remote-0.1.38/2fd1ad2502f1a10e41d8767c2fd92169_tokens.json'))).toBe(true);

    const undo = await ops.undoReset('cursor');
    expect(undo.skipped).toEqual([]);
    expect(dump(dbFile).map(([k, v]) => [k, k === 'anysphere.cursor-mcp' ? JSON.parse(String(v)) : v])).toEqual(
      before.map(([k, v]) => [k, k === 'anysphere.cursor-mcp' ? JSON.parse(String(v)) : v]),
    );
  });
});
