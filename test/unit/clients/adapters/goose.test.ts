// Goose: where its config.yaml is on each OS, which extensions count as remote (streamable_http,
// mcp-remote stdio) and which are left alone (builtin, plain stdio, the never-connected `sse`),
// and a reset that changes nothing on disk but names the keyring secret to remove by hand.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { gooseAdapter } from '../../../../local-gateway/clients/adapters/goose.js';
import { memoryKeychain } from '../../../../local-gateway/clients/system.js';
import type { ClientContext } from '../../../../local-gateway/clients/types.js';
import { fakeProcesses, snapshot } from '../../../support/client-homes.js';
import { opsHomes } from '../../../support/ops-home.js';

const setup = opsHomes();

function ctx(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, home: string): ClientContext {
  return {
    env,
    platform,
    home,
    projectDirs: [],
    processes: fakeProcesses(),
    keychain: memoryKeychain(),
    now: Date.now,
  };
}

describe('goose', () => {
  it('finds config.yaml under XDG on Linux and macOS, %APPDATA%\\Block\\goose\\config on Windows, GOOSE_PATH_ROOT first', () => {
    const file = (c: ClientContext) => gooseAdapter.configFiles(c).map((f) => f.path);
    expect(file(ctx('linux', {}, '/home/u'))).toEqual(['/home/u/.config/goose/config.yaml']);
    expect(file(ctx('darwin', { XDG_CONFIG_HOME: '/x' }, '/Users/u'))).toEqual(['/x/goose/config.yaml']);
    expect(file(ctx('win32', { APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'C:\\Users\\u'))).toEqual([
      'C:\\Users\\u\\AppData\\Roaming\\Block\\goose\\config\\config.yaml',
    ]);
    expect(file(ctx('linux', { GOOSE_PATH_ROOT: '/opt/goose' }, '/home/u'))).toEqual(['/opt/goose/config/config.yaml']);
    // A relative root is ignored by Goose, so by us too.
    expect(file(ctx('linux', { GOOSE_PATH_ROOT: 'rel' }, '/home/u'))).toEqual(['/home/u/.config/goose/config.yaml']);
  });

  it('lists streamable_http and mcp-remote extensions as remote, leaves builtin, stdio and sse alone', async () => {
    const { ops } = setup();
    const desc = (await ops.describe()).find((c) => c.id === 'goose')!;
    expect(desc.installed).toBe(true);
    // Only remote and routed entries are listed: developer, fetch and legacy-events are not.
    expect(desc.entries.map((e) => [e.name, e.kind, e.via, e.transport])).toEqual([
      ['github', 'remote', 'http', 'streamable-http'],
      ['linear', 'remote', 'mcp-remote', 'sse'],
    ]);
    expect(gooseAdapter.classify({ type: 'sse', uri: 'https://events.example.com/sse' }).kind).toBe('local');
  });

  it('reset removes nothing it cannot edit and says which keyring secret to remove', async () => {
    const { h, ops } = setup();
    const before = snapshot(h.home);
    const res = await ops.reset('goose', { servers: ['github'] });
    expect(res.removed).toEqual([]);
    expect(res.manualSteps.join('\n')).toContain('"oauth_creds_github"');
    expect(res.manualSteps.join('\n')).toMatch(/goose\/secrets/);
    const after = snapshot(h.home);
    for (const [rel, bytes] of before) expect(after.get(rel)?.equals(bytes), rel).toBe(true);
  });

  it('a routed extension reads back as routed, so a second route changes nothing', async () => {
    const { h, ops } = setup();
    await ops.route('goose');
    const desc = (await ops.describe()).find((c) => c.id === 'goose')!;
    expect(desc.entries.filter((e) => e.kind === 'routed').map((e) => e.name)).toEqual(['github', 'linear']);
    const text = fs.readFileSync(path.join(h.home, '.config/goose/config.yaml'), 'utf8');
    expect(text).toContain("# GitHub's hosted server, with a PAT from the keyring (env_keys)");
  });
});
