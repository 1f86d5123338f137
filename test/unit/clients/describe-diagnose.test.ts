// `clients` and `doctor` data: entries and cached credentials are listed without any secret
// value; doctor names the stale registration and the exact command; paths follow the platform.

import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createClientOps, getAdapter, listAdapters } from '../../../local-gateway/clients/index.js';
import {
  formatClients,
  formatFindings,
  formatResetResult,
  formatRouteResult,
} from '../../../local-gateway/clients/format.js';
import { memoryKeychain } from '../../../local-gateway/clients/system.js';
import { CLIENT_IDS, type ClientContext, type ClientId } from '../../../local-gateway/clients/types.js';
import { fakeProcesses, makeHome, type TempHome } from '../../support/client-homes.js';
import { createTestRouteHost } from '../../support/route-host.js';

let homes: TempHome[] = [];
afterEach(() => {
  for (const h of homes) h.cleanup();
  homes = [];
});

function setup(running: string[] = []) {
  const h = makeHome('linux');
  homes.push(h);
  const host = createTestRouteHost(h.dataDir);
  const ops = createClientOps({
    host,
    env: h.env,
    platform: 'linux',
    processes: fakeProcesses(running),
    keychain: memoryKeychain(),
    projectDirs: [path.join(h.home, 'projects', 'app')],
    now: () => Date.parse('2026-12-01T10:00:00Z'),
  });
  return { h, host, ops };
}

const SECRET = /SECRET|lin_api|mcl_/;

describe('describe', () => {
  it('lists every client with files, remote entries and cached credentials, never a secret', async () => {
    const { ops } = setup(['Cursor']);
    await ops.route('windsurf');
    const list = await ops.describe();
    // Every client, in the order of CLIENT_IDS (the order `clients` and the dashboard show).
    expect(list.map((c) => c.id)).toEqual([...CLIENT_IDS]);
    expect(JSON.stringify(list)).not.toMatch(SECRET);
    expect(formatClients(list)).not.toMatch(SECRET);
    const cc = list.find((c) => c.id === 'claude-code')!;
    expect(cc).toMatchObject({ installed: true, configured: true, running: false });
    expect(cc.entries.map((e) => [e.name, e.scope, e.kind])).toEqual([
      ['sentry', 'user', 'remote'],
      ['docs', 'local', 'remote'],
      ['github', 'project', 'remote'],
    ]);
    expect(cc.cachedCredentials.map((c) => [c.server, c.clientId])).toEqual([
      ['sentry', 'dcr-client-sentry-OLD'],
      ['docs', 'dcr-docs-1'],
    ]);
    expect(list.find((c) => c.id === 'cursor')!.running).toBe(true);
    expect(list.find((c) => c.id === 'windsurf')!.entries.map((e) => e.kind)).toEqual(['routed', 'routed']);
    expect(list.find((c) => c.id === 'codex')!.entries.map((e) => [e.name, e.via, e.transport])).toEqual([
      ['docs', 'http', 'streamable-http'],
      ['linear', 'mcp-remote', 'sse'],
    ]);
    // Zed: remote entries of both scopes; its stdio and extension servers are not listed.
    expect(list.find((c) => c.id === 'zed')!.entries.map((e) => [e.name, e.scope])).toEqual([
      ['linear', 'user'],
      ['notion', 'user'],
      ['app-api', 'project'],
    ]);
    expect(list.find((c) => c.id === 'amazon-q')!.cachedCredentials.map((c) => [c.server, c.clientId])).toEqual([
      ['aws-knowledge', 'q-dcr-client-knowledge-OLD'],
    ]);
  });
});

describe('diagnose', () => {
  it('names cached client_ids with the reset/route command, and unparseable configs', async () => {
    const { h, ops } = setup();
    fs.writeFileSync(path.join(h.home, '.config/Code/User/mcp.json'), '{ "servers": { "x": } }');
    const findings = await ops.diagnose();
    const sentry = findings.find((f) => f.client === 'claude-code' && f.server === 'sentry')!;
    expect(sentry.severity).toBe('warning');
    expect(sentry.problem).toMatch(
      /^Claude Code caches client_id dcr-client-sentry-OLD for sentry, registered before \d{4}-\d{2}-\d{2}/,
    );
    expect(sentry.fix).toContain('mcp-companion reset claude-code --server sentry');
    expect(sentry.fix).toContain('mcp-companion route claude-code --server sentry');
    const vs = findings.find((f) => f.client === 'vscode' && f.severity === 'error')!;
    expect(vs.problem).toMatch(/mcp\.json:1:21: value expected/);
    expect(findings.find((f) => f.client === 'claude-desktop' && f.server === 'notes')).toMatchObject({
      severity: 'error',
    });
    // Junie, stdio-only like Claude Desktop, skips a url entry: an error whose fix is the bridge.
    expect(findings.find((f) => f.client === 'junie' && f.server === 'app-docs')).toMatchObject({
      severity: 'error',
      problem: expect.stringMatching(/^Junie skips "app-docs": it starts only stdio servers/),
      fix: 'Run `mcp-companion route junie --server app-docs` (it becomes a stdio bridge).',
    });
    expect(findings.find((f) => f.client === 'junie' && f.server === 'atlassian')?.severity).toBe('info');
    // Amazon Q runs an entry without `"type": "http"` as a process.
    expect(findings.find((f) => f.client === 'amazon-q' && f.server === 'docs')).toMatchObject({
      severity: 'error',
      problem: 'Amazon Q Developer reads "docs" as a stdio server: it has a url but no "type": "http".',
    });
    expect(findings.find((f) => f.client === 'amazon-q' && f.server === 'jira')?.severity).toBe('info');
    expect(findings.find((f) => f.client === 'windsurf' && f.server === 'figma')).toMatchObject({
      severity: 'error',
      fix: 'Run `mcp-companion route windsurf --server figma`.',
    });
    expect(JSON.stringify(findings)).not.toMatch(SECRET);
    expect(formatFindings(findings)).toContain('ERROR [vscode]');
  });
});

describe('formatters', () => {
  it('print what happened and what to do next', async () => {
    const { ops } = setup(['Windsurf']);
    const route = formatRouteResult(await ops.route('windsurf'));
    expect(route).toMatch(/^routed {2}github → github \(local HTTP\)/m);
    expect(route).toContain('Next: Windsurf is running: restart it');
    expect(route).not.toMatch(SECRET);
    const reset = formatResetResult(await ops.reset('opencode'));
    expect(reset).toMatch(/removed {2}context7 {2}client_id oc-ctx7-client/);
    expect(reset).toContain('undo: mcp-companion reset --undo opencode');
  });
});

describe('paths follow the platform and override variables', () => {
  const ctx = (platform: NodeJS.Platform, env: NodeJS.ProcessEnv, home: string): ClientContext => ({
    env,
    platform,
    home,
    projectDirs: [],
    processes: fakeProcesses(),
    keychain: memoryKeychain(),
    now: Date.now,
  });
  const paths = (id: ClientId, c: ClientContext) =>
    getAdapter(id)
      .configFiles(c)
      .map((f) => f.path);

  it('macOS', () => {
    const c = ctx('darwin', { HOME: '/Users/a' }, '/Users/a');
    expect(paths('claude-desktop', c)).toEqual([
      '/Users/a/Library/Application Support/Claude/claude_desktop_config.json',
    ]);
    expect(paths('vscode', c)).toEqual(['/Users/a/Library/Application Support/Code/User/mcp.json']);
    // Zed uses ~/.config/zed on macOS too; Trae is a VS Code-style app.
    expect(paths('zed', c)).toEqual(['/Users/a/.config/zed/settings.json']);
    expect(paths('trae', c)).toEqual([
      '/Users/a/Library/Application Support/Trae/User/mcp.json',
      '/Users/a/Library/Application Support/Trae CN/User/mcp.json',
    ]);
    expect(paths('warp', c)).toEqual(['/Users/a/.warp/.mcp.json']);
  });

  it('Windows', () => {
    const c = ctx('win32', { USERPROFILE: 'C:\\Users\\a', APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'C:\\Users\\a');
    expect(paths('claude-desktop', c)).toEqual(['C:\\Users\\a\\AppData\\Roaming\\Claude\\claude_desktop_config.json']);
    expect(paths('cursor', c)).toEqual(['C:\\Users\\a\\.cursor\\mcp.json']);
    expect(paths('windsurf', c)).toEqual(['C:\\Users\\a\\.codeium\\windsurf\\mcp_config.json']);
    expect(paths('zed', c)).toEqual(['C:\\Users\\a\\AppData\\Roaming\\Zed\\settings.json']);
    expect(paths('lm-studio', c)).toEqual(['C:\\Users\\a\\.lmstudio\\mcp.json']);
    expect(paths('kiro', c)).toEqual(['C:\\Users\\a\\.kiro\\settings\\mcp.json']);
    expect(paths('junie', c)).toEqual(['C:\\Users\\a\\.junie\\mcp\\mcp.json']);
    expect(paths('amazon-q', c)).toEqual(['C:\\Users\\a\\.aws\\amazonq\\mcp.json']);
    expect(paths('trae', c)[0]).toBe('C:\\Users\\a\\AppData\\Roaming\\Trae\\User\\mcp.json');
  });

  it('Linux with XDG and client overrides', () => {
    const env = {
      HOME: '/h',
      XDG_CONFIG_HOME: '/x',
      CLAUDE_CONFIG_DIR: '/cc',
      CODEX_HOME: '/cx',
      GEMINI_CLI_HOME: '/g',
      OPENCODE_CONFIG: '/o/custom.json',
    };
    const c = ctx('linux', env, '/h');
    expect(paths('claude-desktop', c)).toEqual(['/x/Claude/claude_desktop_config.json']);
    expect(paths('claude-code', c)).toEqual(['/cc/.claude.json']);
    expect(paths('codex', c)).toEqual(['/cx/config.toml']);
    expect(paths('gemini', c)).toEqual(['/g/.gemini/settings.json']);
    expect(paths('zed', c)).toEqual(['/x/zed/settings.json']);
    expect(paths('zed', ctx('linux', { ...env, FLATPAK_XDG_CONFIG_HOME: '/fp' }, '/h'))).toEqual([
      '/fp/zed/settings.json',
    ]);
    expect(paths('opencode', c)).toEqual([
      '/x/opencode/config.json',
      '/x/opencode/opencode.json',
      '/x/opencode/opencode.jsonc',
      '/o/custom.json',
    ]);
    expect(listAdapters().map((a) => a.id)).toEqual([...CLIENT_IDS]);
  });

  it('Continue, Copilot CLI, Qwen Code and Amp: the same dot-folders on every OS, and their override variables', () => {
    const win = ctx(
      'win32',
      { USERPROFILE: 'C:\\Users\\a', APPDATA: 'C:\\Users\\a\\AppData\\Roaming' },
      'C:\\Users\\a',
    );
    expect(paths('continue', win)).toEqual(['C:\\Users\\a\\.continue\\config.yaml']);
    expect(paths('copilot-cli', win)).toEqual(['C:\\Users\\a\\.copilot\\mcp-config.json']);
    expect(paths('qwen', win)).toEqual(['C:\\Users\\a\\.qwen\\settings.json']);
    expect(paths('amp', win)).toEqual(['C:\\Users\\a\\.config\\amp\\settings.json']);
    const mac = ctx('darwin', { HOME: '/Users/a' }, '/Users/a');
    expect(paths('amp', mac)).toEqual(['/Users/a/.config/amp/settings.json']);
    const env = { HOME: '/h', XDG_CONFIG_HOME: '/x', CONTINUE_GLOBAL_DIR: '/cn', COPILOT_HOME: '/cp', QWEN_HOME: '/q' };
    const c = { ...ctx('linux', env, '/h'), projectDirs: ['/p'] };
    expect(paths('continue', c)).toEqual(['/cn/config.yaml']);
    expect(paths('copilot-cli', c)).toEqual(['/cp/mcp-config.json', '/p/.github/mcp.json']);
    expect(paths('qwen', c)).toEqual(['/q/settings.json', '/p/.qwen/settings.json']);
    expect(paths('amp', c)).toEqual(['/x/amp/settings.json', '/p/.amp/settings.json']);
  });
});

describe('system process lister', () => {
  it('sees this very node process via ps', async () => {
    const { systemProcessLister } = await import('../../../local-gateway/clients/system.js');
    const names = await systemProcessLister('linux').list();
    expect(names.length).toBeGreaterThan(1);
    expect(names.some((n) => /node/.test(n))).toBe(true);
  });
});
