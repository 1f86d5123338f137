import { describe, expect, it } from 'vitest';
import { isCompanionError, type ErrorCode } from '../../../local-gateway/core/errors.js';
import { fakeClock, openTestStore } from '../../support/store-fixture.js';

function expectCode(fn: () => unknown, code: ErrorCode): Error {
  try {
    fn();
  } catch (err) {
    expect(isCompanionError(err, code)).toBe(true);
    return err as Error;
  }
  throw new Error(`expected CompanionError(${code})`);
}

describe('servers', () => {
  it('keeps a Client ID Metadata Document URL byte for byte, and refuses one that cannot be a client_id', () => {
    const store = openTestStore();
    const url = 'https://example.com/mcp-companion/client.json';
    expect(store.addServer({ name: 'a', url: 'https://gw.example.com/mcp', clientIdMetadataUrl: url })).toMatchObject({
      clientIdMetadataUrl: url,
    });
    for (const [bad, why] of [
      ['http://example.com/client.json', /must be https/],
      ['https://example.com/', /needs a path/],
      ['https://example.com/c.json#x', /fragment/],
      ['https://EXAMPLE.com/c.json', /canonical form \(https:\/\/example\.com\/c\.json\)/],
      ['not a url', /is not a URL/],
    ] as const) {
      const err = expectCode(
        () => store.addServer({ name: 'b', url: 'https://gw.example.com/mcp', clientIdMetadataUrl: bad }),
        'bad_input',
      );
      expect(err.message).toMatch(why);
      expect(err.message).toContain('Corporate networks');
    }
    expect(store.getServer('b')).toBeUndefined(); // a refused setting adds nothing
  });

  it('sets and clears the pre-registered OAuth client a server signs in with', () => {
    const store = openTestStore();
    store.addServer({ name: 'a', url: 'https://gw.example.com/mcp' });
    const client = {
      clientId: 'org-1',
      redirectUri: 'http://localhost:8123/callback',
      source: 'claude-code entry "a"',
    };
    store.setServerOAuthClient('a', client);
    expect(store.getServer('a')?.oauthClient).toEqual(client);
    store.setServerOAuthClient('a', undefined);
    expect(store.getServer('a')).not.toHaveProperty('oauthClient');
    expectCode(() => store.setServerOAuthClient('a', { clientId: '', source: 'x' }), 'bad_input');
  });

  it('adds, reads, lists (sorted) and removes servers', () => {
    const clock = fakeClock();
    const store = openTestStore(undefined, clock.now);
    const added = store.addServer({ name: 'tfy', url: 'https://gw.example.com/mcp', headers: { 'X-Api-Key': 'k1' } });
    expect(added).toEqual({
      name: 'tfy',
      url: 'https://gw.example.com/mcp',
      transport: 'streamable-http',
      headers: { 'X-Api-Key': 'k1' },
      auth: 'unknown',
      createdAt: clock.now(),
    });
    store.addServer({ name: 'atlassian', url: 'https://mcp.atlassian.com/v1/sse', transport: 'sse' });
    expect(store.getServer('tfy')).toEqual(added);
    expect(store.listServers().map((s) => [s.name, s.transport])).toEqual([
      ['atlassian', 'sse'],
      ['tfy', 'streamable-http'],
    ]);
    store.setServerAuth('tfy', 'headers', 'refused');
    expect(store.getServer('tfy')).toMatchObject({ auth: 'headers', authProblem: 'refused' });
    store.setServerAuth('tfy', 'headers');
    expect(store.getServer('tfy')?.authProblem).toBeUndefined();
    expect(store.removeServer('tfy')).toBe(true);
    expect(store.removeServer('tfy')).toBe(false);
    expect(store.getServer('tfy')).toBeUndefined();
    expect(store.listServers().map((s) => s.name)).toEqual(['atlassian']);
  });

  it('treats names case-insensitively and rejects duplicates with conflict', () => {
    const store = openTestStore();
    store.addServer({ name: 'Linear', url: 'https://mcp.linear.app/mcp' });
    expect(store.getServer('linear')?.name).toBe('Linear');
    expectCode(() => store.addServer({ name: 'Linear', url: 'https://other.example/mcp' }), 'conflict');
    expectCode(() => store.addServer({ name: 'LINEAR', url: 'https://other.example/mcp' }), 'conflict');
    expect(store.getServer('linear')?.url).toBe('https://mcp.linear.app/mcp');
  });

  it('validates names, URLs and headers with bad_input', () => {
    const store = openTestStore();
    for (const name of ['', '-lead', '.x', 'has space', 'a/b', 'ü', 'x'.repeat(64)]) {
      expectCode(() => store.addServer({ name, url: 'https://a.example/mcp' }), 'bad_input');
    }
    expect(store.addServer({ name: 'x'.repeat(63), url: 'https://a.example/mcp' }).name).toHaveLength(63);
    expect(store.addServer({ name: 'a.b_c-9', url: 'http://127.0.0.1:9000/mcp' }).name).toBe('a.b_c-9');
    for (const url of ['gw.example.com/mcp', '/mcp', 'ftp://gw.example.com', 'file:///etc/passwd', 'not a url']) {
      expectCode(() => store.addServer({ name: 'u', url }), 'bad_input');
    }
    const err = expectCode(
      () => store.addServer({ name: 'u', url: 'https://me:hunter2@gw.example.com/' }),
      'bad_input',
    );
    expect(err.message).not.toContain('hunter2');
    expectCode(
      () => store.addServer({ name: 'u', url: 'https://a.example', headers: { 'Bad Header': 'v' } }),
      'bad_input',
    );
    expectCode(
      () => store.addServer({ name: 'u', url: 'https://a.example', headers: { 'X-Key': 'a\r\nX-Evil: 1' } }),
      'bad_input',
    );
    expectCode(
      () => store.addServer({ name: 'u', url: 'https://a.example', transport: 'websocket' as 'sse' }),
      'bad_input',
    );
    expect(store.getServer('u')).toBeUndefined();
  });

  it('finds a server by URL in canonical form', () => {
    const store = openTestStore();
    store.addServer({ name: 'tfy', url: 'HTTPS://GW.Example.com:443/mcp#frag' });
    expect(store.getServer('tfy')?.url).toBe('https://gw.example.com/mcp');
    expect(store.findServer('https://gw.example.com/mcp')?.name).toBe('tfy');
    expect(store.findServer('https://gw.example.com:443/mcp')?.name).toBe('tfy');
    expect(store.findServer('https://gw.example.com/other')).toBeUndefined();
    expect(store.findServer('not a url')).toBeUndefined();
  });

  it('finds a server by URL and headers: a different credential is a different upstream', () => {
    const store = openTestStore();
    store.addServer({ name: 'one', url: 'https://gw.example.com/mcp', headers: { 'X-Api-Key': 'k1' } });
    store.addServer({ name: 'two', url: 'https://gw.example.com/mcp', headers: { 'X-Api-Key': 'k2' } });
    expect(store.findServer('https://gw.example.com/mcp', { 'x-api-key': 'k2' })?.name).toBe('two');
    expect(store.findServer('https://gw.example.com/mcp', { 'X-Api-Key': 'k1' })?.name).toBe('one');
    expect(store.findServer('https://gw.example.com/mcp', {})).toBeUndefined();
    expect(store.findServer('https://gw.example.com/mcp', { 'X-Api-Key': 'k1', 'X-Team': 'a' })).toBeUndefined();
  });

  it('removing a server deletes its tokens but keeps the registration', () => {
    const store = openTestStore();
    store.addServer({ name: 'tfy', url: 'https://gw.example.com/mcp' });
    const reg = store.saveRegistration({
      issuer: 'https://auth.example.com',
      resource: 'https://gw.example.com/mcp',
      redirectUri: 'http://127.0.0.1:47821/oauth/callback',
      clientId: 'c1',
      metadata: {},
    });
    store.saveTokens({ serverName: 'tfy', registrationId: reg.id, accessToken: 'at', tokenType: 'Bearer' });
    store.removeServer('tfy');
    store.addServer({ name: 'tfy', url: 'https://gw.example.com/mcp' });
    expect(store.getTokens('tfy')).toBeUndefined();
    expect(store.listRegistrations().map((r) => r.id)).toEqual([reg.id]);
  });
});
