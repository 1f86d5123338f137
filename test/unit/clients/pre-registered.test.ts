import { describe, expect, it } from 'vitest';
import { preRegisteredClient } from '../../../local-gateway/clients/pre-registered.js';

describe('pre-registered OAuth clients in IDE entries', () => {
  it("reads each IDE's own fields and the redirect URI that IDE registers", () => {
    expect(
      preRegisteredClient('claude-code', 'a', { url: 'https://x/mcp', oauth: { clientId: 'c1', callbackPort: 8123 } }),
    ).toEqual({
      clientId: 'c1',
      redirectUri: 'http://localhost:8123/callback',
      source: 'claude-code entry "a"',
    });
    // No callbackPort: Claude Code takes any free port, so the companion may too.
    expect(preRegisteredClient('claude-code', 'a', { oauth: { clientId: 'c1' } })?.redirectUri).toBe(
      'http://localhost/callback',
    );
    expect(preRegisteredClient('cursor', 'b', { auth: { CLIENT_ID: 'c2', CLIENT_SECRET: 's2' } })).toEqual({
      clientId: 'c2',
      clientSecret: 's2',
      redirectUri: 'cursor://anysphere.cursor-mcp/oauth/callback',
      source: 'cursor entry "b"',
    });
    expect(preRegisteredClient('gemini', 'c', { oauth: { clientId: 'c3', clientSecret: 's3' } })).toMatchObject({
      clientId: 'c3',
      clientSecret: 's3',
      redirectUri: 'http://localhost/oauth/callback',
    });
    expect(
      preRegisteredClient('gemini', 'c', { oauth: { clientId: 'c3', redirectUri: 'http://localhost:7777/cb' } })
        ?.redirectUri,
    ).toBe('http://localhost:7777/cb');
    expect(preRegisteredClient('opencode', 'd', { oauth: { clientId: 'c4' } })?.redirectUri).toBe(
      'http://127.0.0.1:19876/mcp/oauth/callback',
    );
    // OpenCode V2 spells the keys snake_case.
    expect(
      preRegisteredClient('opencode', 'd', { oauth: { client_id: 'c5', client_secret: 's5', callback_port: 4000 } }),
    ).toMatchObject({
      clientId: 'c5',
      clientSecret: 's5',
      redirectUri: 'http://127.0.0.1:4000/mcp/oauth/callback',
    });
  });

  it('finds none where there is none, or where the IDE keeps no client in its config', () => {
    expect(preRegisteredClient('claude-code', 'a', { url: 'https://x/mcp' })).toBeUndefined();
    expect(preRegisteredClient('opencode', 'a', { oauth: false })).toBeUndefined();
    expect(preRegisteredClient('cursor', 'a', { auth: { CLIENT_ID: '' } })).toBeUndefined();
    expect(preRegisteredClient('vscode', 'a', { oauth: { clientId: 'x' } })).toBeUndefined();
  });
});
