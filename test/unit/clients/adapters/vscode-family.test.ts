// The VS Code-family clients (VS Code Insiders, Cline, Roo Code, Kilo Code) on the fixture home:
// their files on each OS, what their entries are, and reset with undo of the sign-ins they cache
// (Cline inside its own config entries, Kilo Code in mcp-auth.json), never showing a secret.

import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createClientOps, getAdapter } from '../../../../local-gateway/clients/index.js';
import { memoryKeychain } from '../../../../local-gateway/clients/system.js';
import type { ClientContext, ClientId } from '../../../../local-gateway/clients/types.js';
import { fakeProcesses, makeHome, type TempHome } from '../../../support/client-homes.js';
import { createTestRouteHost } from '../../../support/route-host.js';

let homes: TempHome[] = [];
afterEach(() => {
  for (const h of homes) h.cleanup();
  homes = [];
});

const SECRETS = ['ACCESS-SECRET', 'REFRESH-SECRET', 'VERIFIER-SECRET', 'user-supplied-SECRET'];
const CLINE = '.cline/data/settings/cline_mcp_settings.json';

function setup() {
  const h = makeHome('linux');
  homes.push(h);
  const host = createTestRouteHost(h.dataDir);
  const ops = createClientOps({
    host,
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

function expectNoSecrets(text: string) {
  for (const s of SECRETS) expect(text).not.toContain(s);
}

/** Every file under a folder, read as text (the companion's data dir). */
function allText(dir: string): string {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => fs.readFileSync(path.join(d.parentPath, d.name), 'utf8'))
    .join('\n');
}

describe('paths per OS', () => {
  const ctx = (platform: NodeJS.Platform, env: NodeJS.ProcessEnv, home: string): ClientContext => ({
    env,
    platform,
    home,
    projectDirs: [],
    processes: fakeProcesses(),
    keychain: memoryKeychain(),
    now: () => 0,
  });
  const paths = (id: ClientId, c: ClientContext) =>
    getAdapter(id)
      .configFiles(c)
      .map((f) => f.path);

  it('macOS', () => {
    const c = ctx('darwin', { HOME: '/Users/a' }, '/Users/a');
    const support = '/Users/a/Library/Application Support';
    expect(paths('vscode-insiders', c)).toEqual([`${support}/Code - Insiders/User/mcp.json`]);
    expect(paths('cline', c)).toContain('/Users/a/.cline/data/settings/cline_mcp_settings.json');
    expect(paths('cline', c)).toContain(
      `${support}/Code/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json`,
    );
    expect(paths('roo-code', c)).toContain(
      `${support}/Cursor/User/globalStorage/rooveterinaryinc.roo-cline/settings/mcp_settings.json`,
    );
    expect(paths('kilo-code', c)).toContain('/Users/a/.config/kilo/kilo.jsonc');
  });

  it('Windows', () => {
    const c = ctx('win32', { USERPROFILE: 'C:\\Users\\a', APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'C:\\Users\\a');
    expect(paths('vscode-insiders', c)).toEqual(['C:\\Users\\a\\AppData\\Roaming\\Code - Insiders\\User\\mcp.json']);
    expect(paths('cline', c)[0]).toBe('C:\\Users\\a\\.cline\\data\\settings\\cline_mcp_settings.json');
    expect(paths('roo-code', c)).toContain(
      'C:\\Users\\a\\AppData\\Roaming\\Code\\User\\globalStorage\\rooveterinaryinc.roo-cline\\settings\\mcp_settings.json',
    );
    expect(paths('kilo-code', c)).toContain(
      'C:\\Users\\a\\AppData\\Roaming\\Code - Insiders\\User\\globalStorage\\kilocode.kilo-code\\settings\\mcp_settings.json',
    );
  });

  it('Linux, with the clients’ own override variables', () => {
    const c = ctx('linux', { HOME: '/h', XDG_CONFIG_HOME: '/x', KILO_CONFIG: '/k/custom.json' }, '/h');
    expect(paths('vscode-insiders', c)).toEqual(['/x/Code - Insiders/User/mcp.json']);
    expect(paths('kilo-code', c).slice(0, 6)).toEqual([
      '/x/kilo/config.json',
      '/x/kilo/kilo.json',
      '/x/kilo/kilo.jsonc',
      '/x/kilo/opencode.json',
      '/x/kilo/opencode.jsonc',
      '/k/custom.json',
    ]);
    expect(paths('cline', ctx('linux', { CLINE_DIR: '/c' }, '/h'))[0]).toBe('/c/data/settings/cline_mcp_settings.json');
    expect(paths('cline', ctx('linux', { CLINE_DATA_DIR: '/d' }, '/h'))[0]).toBe('/d/settings/cline_mcp_settings.json');
    expect(paths('cline', ctx('linux', { CLINE_MCP_SETTINGS_PATH: '/m.json' }, '/h'))[0]).toBe('/m.json');
  });
});

describe('entries', () => {
  it('Cline: remote entries nested and flat; a url without a type is SSE, as Cline reads it', async () => {
    const { ops } = setup();
    const cline = (await ops.describe()).find((c) => c.id === 'cline')!;
    expect(cline.installed).toBe(true);
    expect(cline.entries.map((e) => [e.name, e.kind, e.transport])).toEqual([
      ['linear', 'remote', 'streamable-http'],
      ['acme-legacy', 'remote', 'sse'],
      ['sentry', 'remote', 'streamable-http'],
    ]);
    expect(cline.cachedCredentials.map((c) => [c.server, c.clientId, c.updatedAt])).toEqual([
      ['linear', 'cline-linear-dcr-OLD', '2025-11-01T12:26:40.000Z'],
    ]);
    expectNoSecrets(JSON.stringify(cline));
  });

  it('Kilo Code: remote entries of its OpenCode-style config and of its extension-era project file', async () => {
    const { ops } = setup();
    const kilo = (await ops.describe()).find((c) => c.id === 'kilo-code')!;
    expect(kilo.entries.map((e) => [e.name, e.scope, e.kind, e.transport])).toEqual([
      ['stripe', 'user', 'remote', 'streamable-http'],
      ['figma', 'project', 'remote', 'sse'],
    ]);
    expect(kilo.cachedCredentials.map((c) => [c.server, c.clientId])).toEqual([['stripe', 'kilo-stripe-client']]);
  });
});

describe('route keeps Cline sign-ins and header secrets out of previews and records', () => {
  it('the preview hides them and the route record is sealed', async () => {
    const { h, ops } = setup();
    const dry = await ops.route('cline', { dryRun: true });
    expect(dry.files.some((f) => f.diff.includes('oauth'))).toBe(true);
    expectNoSecrets(JSON.stringify(dry));
    await ops.route('cline');
    expectNoSecrets(allText(h.dataDir));
  });
});

describe('reset cline', () => {
  it('removes only the oauth key of the entry, seals the backup, and undo puts it back', async () => {
    const { h, ops, file } = setup();
    const settings = file(CLINE);
    const original = readJson(settings);

    const res = await ops.reset('cline');
    expect(res.removed.map((r) => [r.server, r.clientId])).toEqual([['linear', 'cline-linear-dcr-OLD']]);
    expectNoSecrets(JSON.stringify(res));
    expectNoSecrets(fs.readFileSync(res.backup!, 'utf8'));
    const after = readJson(settings);
    const { oauth: _gone, ...linearRest } = original.mcpServers.linear;
    expect(after.mcpServers.linear).toEqual(linearRest);
    expect({ ...after, mcpServers: { ...after.mcpServers, linear: original.mcpServers.linear } }).toEqual(original);
    expect(res.backup!.startsWith(path.join(h.dataDir, 'backups', 'resets', 'cline'))).toBe(true);

    const undo = await ops.undoReset('cline');
    expect(undo.restored.map((r) => r.key)).toEqual(['oauth']);
    expect(readJson(settings)).toEqual(original);
  });

  it('undo does not bring back a sign-in whose server entry was deleted since', async () => {
    const { ops, file } = setup();
    const settings = file(CLINE);
    await ops.reset('cline', { servers: ['linear'] });
    const cfg = readJson(settings);
    delete cfg.mcpServers.linear;
    fs.writeFileSync(settings, JSON.stringify(cfg, null, 2));

    const undo = await ops.undoReset('cline');
    expect(undo.restored).toEqual([]);
    expect(undo.skipped[0]!.reason).toMatch(/mcpServers\.linear is no longer in/);
    expect(readJson(settings).mcpServers.linear).toBeUndefined();
  });
});

describe('reset kilo-code', () => {
  it('removes the server from ~/.local/share/kilo/mcp-auth.json and undo restores it', async () => {
    const { ops, file } = setup();
    const auth = file('.local/share/kilo/mcp-auth.json');
    const before = fs.readFileSync(auth, 'utf8');
    const res = await ops.reset('kilo-code');
    expect(res.removed.map((r) => [r.server, r.store])).toEqual([['stripe', auth]]);
    expect(readJson(auth)).toEqual({});
    expect(fs.statSync(auth).mode & 0o777).toBe(0o600);
    await ops.undoReset('kilo-code');
    expect(readJson(auth)).toEqual(JSON.parse(before));
  });
});

describe('VS Code Insiders and Roo Code cache nothing the companion can edit', () => {
  it('reset removes nothing; VS Code Insiders says what to do by hand', async () => {
    const { ops } = setup();
    const insiders = await ops.reset('vscode-insiders');
    expect(insiders.removed).toEqual([]);
    expect(insiders.manualSteps[0]).toMatch(/^VS Code Insiders keeps MCP OAuth clients/);
    expect((await ops.reset('roo-code')).removed).toEqual([]);
  });
});
