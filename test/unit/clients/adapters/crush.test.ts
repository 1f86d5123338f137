// Crush: config and data files on each OS (and their override variables), and the routed entry
// losing every OAuth key so Crush sends the local bearer instead of signing in itself.
import { describe, expect, it } from 'vitest';
import { crushAdapter } from '../../../../local-gateway/clients/adapters/crush.js';
import { crushDataFile } from '../../../../local-gateway/clients/credentials/crush-tokens.js';
import { memoryKeychain } from '../../../../local-gateway/clients/system.js';
import type { ClientContext } from '../../../../local-gateway/clients/types.js';
import { fakeProcesses } from '../../../support/client-homes.js';

function ctx(
  platform: NodeJS.Platform,
  env: NodeJS.ProcessEnv,
  home: string,
  projectDirs: string[] = [],
): ClientContext {
  return { env, platform, home, projectDirs, processes: fakeProcesses(), keychain: memoryKeychain(), now: Date.now };
}

describe('crush', () => {
  it('reads ~/.config/crush/crush.json (also on Windows) and the project .crush.json and crush.json', () => {
    expect(crushAdapter.configFiles(ctx('linux', {}, '/home/u', ['/p'])).map((f) => [f.path, f.scope])).toEqual([
      ['/home/u/.config/crush/crush.json', 'user'],
      ['/p/.crush.json', 'project'],
      ['/p/crush.json', 'project'],
    ]);
    expect(crushAdapter.configFiles(ctx('win32', {}, 'C:\\Users\\u'))[0]!.path).toBe(
      'C:\\Users\\u\\.config\\crush\\crush.json',
    );
    expect(crushAdapter.configFiles(ctx('linux', { CRUSH_GLOBAL_CONFIG: '/etc/c' }, '/home/u'))[0]!.path).toBe(
      '/etc/c/crush.json',
    );
  });

  it('keeps tokens in the data file: XDG data home, %LOCALAPPDATA%\\crush on Windows, CRUSH_GLOBAL_DATA first', () => {
    expect(crushDataFile(ctx('linux', {}, '/home/u'))).toBe('/home/u/.local/share/crush/crush.json');
    expect(crushDataFile(ctx('darwin', { XDG_DATA_HOME: '/d' }, '/Users/u'))).toBe('/d/crush/crush.json');
    expect(crushDataFile(ctx('win32', { LOCALAPPDATA: 'C:\\L' }, 'C:\\Users\\u'))).toBe('C:\\L\\crush\\crush.json');
    expect(crushDataFile(ctx('linux', { CRUSH_GLOBAL_DATA: '/g', XDG_DATA_HOME: '/d' }, '/home/u'))).toBe(
      '/g/crush.json',
    );
  });

  it('the routed entry drops oauth and the pre-registered client, and keeps timeouts and tool filters', () => {
    const routed = crushAdapter.routedHttpEntry!(
      {
        type: 'http',
        url: 'https://api.githubcopilot.com/mcp/',
        oauth: true,
        oauth_client_id: 'Iv1.abc123def456',
        oauth_client_secret: '$GITHUB_MCP_SECRET',
        oauth_callback_port: 40704,
        timeout: 30,
        disabled_tools: ['create_issue'],
      },
      { url: 'http://127.0.0.1:4000/servers/github/mcp', token: 'mcl_x', transport: 'streamable-http' },
    );
    expect(routed).toEqual({
      type: 'http',
      url: 'http://127.0.0.1:4000/servers/github/mcp',
      headers: { Authorization: 'Bearer mcl_x' },
      timeout: 30,
      disabled_tools: ['create_issue'],
    });
  });
});
