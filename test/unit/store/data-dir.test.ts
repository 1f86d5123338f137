import { describe, expect, it } from 'vitest';
import { defaultDataDir } from '../../../local-gateway/store/data-dir.js';

describe('defaultDataDir', () => {
  it('prefers MCP_COMPANION_HOME on every platform', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      expect(defaultDataDir({ MCP_COMPANION_HOME: '/srv/mcpc', HOME: '/home/u' }, platform)).toBe('/srv/mcpc');
    }
  });

  it('uses Application Support on macOS', () => {
    expect(defaultDataDir({ HOME: '/Users/ada' }, 'darwin')).toBe(
      '/Users/ada/Library/Application Support/MCP Companion',
    );
  });

  it('uses %APPDATA% on Windows, falling back to the roaming profile folder', () => {
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' }, 'win32')).toBe(
      'C:\\Users\\ada\\AppData\\Roaming\\MCP Companion',
    );
    expect(defaultDataDir({ USERPROFILE: 'C:\\Users\\bob' }, 'win32')).toBe(
      'C:\\Users\\bob\\AppData\\Roaming\\MCP Companion',
    );
  });

  it('follows XDG on Linux, ignoring empty or relative XDG_CONFIG_HOME', () => {
    expect(defaultDataDir({ HOME: '/home/ada', XDG_CONFIG_HOME: '/cfg' }, 'linux')).toBe('/cfg/mcp-companion');
    expect(defaultDataDir({ HOME: '/home/ada' }, 'linux')).toBe('/home/ada/.config/mcp-companion');
    expect(defaultDataDir({ HOME: '/home/ada', XDG_CONFIG_HOME: '' }, 'linux')).toBe('/home/ada/.config/mcp-companion');
    expect(defaultDataDir({ HOME: '/home/ada', XDG_CONFIG_HOME: 'rel' }, 'linux')).toBe(
      '/home/ada/.config/mcp-companion',
    );
    expect(defaultDataDir({ HOME: '/home/ada', MCP_COMPANION_HOME: '' }, 'linux')).toBe(
      '/home/ada/.config/mcp-companion',
    );
  });
});
