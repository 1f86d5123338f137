// The route of each URL: environment first, else the OS's answer (the app's hook), loopback
// always direct; and the PAC answers Electron's resolveProxy gives.
import { describe, expect, it } from 'vitest';
import { createOutbound, pacToProxy } from '../../../local-gateway/net/outbound.js';

describe('pacToProxy', () => {
  it('takes the first usable entry of a PAC answer', () => {
    expect(pacToProxy('DIRECT')).toBeUndefined();
    expect(pacToProxy('PROXY proxy.corp:8080; DIRECT')).toBe('http://proxy.corp:8080');
    expect(pacToProxy('HTTPS secure.corp:443')).toBe('https://secure.corp:443');
    expect(pacToProxy('SOCKS5 s.corp:1080; PROXY p.corp:3128')).toBe('http://p.corp:3128');
    expect(pacToProxy('')).toBeUndefined();
  });
});

describe('route', () => {
  it('asks the OS only when no proxy variable is set, and never for loopback', async () => {
    const asked: string[] = [];
    const resolveProxy = async (url: string) => {
      asked.push(url);
      return 'PROXY os-proxy.corp:8080';
    };
    const os = createOutbound({ env: {}, resolveProxy });
    expect(await os.route(new URL('https://mcp.corp.example/mcp'))).toMatchObject({
      proxy: 'http://os-proxy.corp:8080',
      source: 'os',
      shown: 'proxy http://os-proxy.corp:8080 (from the OS proxy settings)',
    });
    expect(await os.route(new URL('http://127.0.0.1:9/'))).toMatchObject({ source: 'loopback' });
    expect(asked).toEqual(['https://mcp.corp.example/mcp']);
    const env = createOutbound({ env: { HTTPS_PROXY: 'http://env-proxy:1' }, resolveProxy });
    expect((await env.route(new URL('https://mcp.corp.example/'))).proxy).toBe('http://env-proxy:1');
    expect(asked).toHaveLength(1);
    os.close();
    env.close();
  });
});
