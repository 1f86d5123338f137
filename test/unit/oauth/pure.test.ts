import { describe, expect, it } from 'vitest';
import { chooseScope, validateMetadata } from '../../../local-gateway/oauth/discovery.js';
import { requireSecureOAuthUrl } from '../../../local-gateway/oauth/url-policy.js';
import { canonicalResource } from '../../../local-gateway/oauth/resource.js';
import { parseChallenge } from '../../../local-gateway/oauth/challenge.js';
import { commandForBrowser } from '../../../local-gateway/oauth/browser.js';
import { PendingLogins } from '../../../local-gateway/oauth/pending.js';
import { jwtExpiryMs } from '../../../local-gateway/oauth/token-store.js';
import { SignJWT } from 'jose';
import type { AuthorizationServerMetadata } from '@modelcontextprotocol/sdk/shared/auth.js';

const meta = (over: Partial<AuthorizationServerMetadata> = {}): AuthorizationServerMetadata => ({
  issuer: 'https://as.example/t',
  authorization_endpoint: 'https://as.example/t/authorize',
  token_endpoint: 'https://as.example/t/token',
  registration_endpoint: 'https://as.example/t/register',
  response_types_supported: ['code'],
  code_challenge_methods_supported: ['S256'],
  ...over,
});

describe('OAuth policy (pure parts)', () => {
  it('refuses an AS without PKCE S256, with a foreign issuer, or endpoints on another origin', () => {
    expect(() => validateMetadata('https://as.example/t', meta())).not.toThrow();
    expect(() =>
      validateMetadata('https://as.example/t', meta({ code_challenge_methods_supported: undefined })),
    ).toThrow(/PKCE S256/);
    expect(() =>
      validateMetadata('https://as.example/t', meta({ code_challenge_methods_supported: ['plain'] })),
    ).toThrow(/PKCE S256/);
    expect(() => validateMetadata('https://as.example/t', meta({ issuer: 'https://evil.example' }))).toThrow(
      /claims issuer/,
    );
    expect(() =>
      validateMetadata('https://as.example/t', meta({ token_endpoint: 'https://evil.example/token' })),
    ).toThrow(/token_endpoint at another origin/);
    // No registration endpoint is fine here: a pre-registered client or a metadata document needs none
    // (registration.ts refuses it only when DCR is the way left).
    expect(() => validateMetadata('https://as.example/t', meta({ registration_endpoint: undefined }))).not.toThrow();
  });
  it('refuses OAuth URLs that are not https, except plain http on loopback (development)', () => {
    expect(() => validateMetadata('http://as.example/t', meta({ issuer: 'http://as.example/t' }))).toThrow(
      /authorization server URL http:\/\/as\.example\/t is not https/,
    );
    expect(() =>
      validateMetadata('https://as.example/t', meta({ token_endpoint: 'http://as.example/t/token' })),
    ).toThrow(/token_endpoint http:\/\/as\.example\/t\/token is not https/);
    expect(() =>
      validateMetadata('https://as.example/t', meta({ authorization_endpoint: 'ftp://as.example/a' })),
    ).toThrow(/authorization_endpoint .* is not https/);
    expect(() =>
      validateMetadata('https://as.example/t', meta({ registration_endpoint: 'http://as.example/t/register' })),
    ).toThrow(/registration_endpoint .* is not https/);
    for (const host of ['127.0.0.1:9', '127.8.9.10', '[::1]:9', 'localhost:9']) {
      const base = `http://${host}`;
      expect(() =>
        validateMetadata(
          base,
          meta({
            issuer: base,
            authorization_endpoint: `${base}/a`,
            token_endpoint: `${base}/t`,
            registration_endpoint: `${base}/r`,
          }),
        ),
      ).not.toThrow();
    }
    for (const bad of [
      'http://127.0.0.1.evil.example',
      'http://localhost.evil.example',
      'http://[::2]',
      'http://10.0.0.1',
    ]) {
      expect(() => requireSecureOAuthUrl(bad, 'authorization server URL'), bad).toThrow(/is not https/);
    }
  });
  it('selects scope from the challenge, else the resource, and adds offline_access when offered', () => {
    expect(chooseScope('a b', ['x'], ['offline_access'])).toBe('a b offline_access');
    expect(chooseScope(undefined, ['x', 'y'], [])).toBe('x y');
    expect(chooseScope(undefined, undefined, undefined)).toBeUndefined();
  });
  it('canonicalises resource URIs (RFC 8707)', () => {
    expect(canonicalResource('HTTPS://MCP.Example.com/a/b/')).toBe('https://mcp.example.com/a/b');
    expect(canonicalResource('https://mcp.example.com/')).toBe('https://mcp.example.com');
    expect(canonicalResource('https://mcp.example.com/x#frag')).toBe('https://mcp.example.com/x');
  });
  it('parses WWW-Authenticate challenges', async () => {
    expect(
      await parseChallenge('Bearer resource_metadata="https://r/.well-known/x", scope="a b", error="invalid_token"'),
    ).toEqual({
      resourceMetadataUrl: 'https://r/.well-known/x',
      scope: 'a b',
      error: 'invalid_token',
    });
    expect(await parseChallenge(undefined)).toBeUndefined();
  });
  it('opens URLs with BROWSER (URL last) or the platform opener, never a shell', () => {
    expect(commandForBrowser({ BROWSER: 'firefox --new-tab' }, 'linux')).toEqual(['firefox', '--new-tab']);
    expect(commandForBrowser({}, 'darwin')).toEqual(['open']);
    expect(commandForBrowser({}, 'linux')).toEqual(['xdg-open']);
    expect(commandForBrowser({}, 'win32')[0]).toBe('rundll32');
  });
  it('makes states single-use and expiring', () => {
    let now = 0;
    const p = new PendingLogins(() => now);
    const outcomes: string[] = [];
    const add = (state: string) =>
      p.add({
        state,
        server: 's',
        issuer: 'i',
        clientId: 'c',
        registrationId: 1,
        redirectUri: 'r',
        resource: 'x',
        codeVerifier: 'v',
        issRequired: false,
        expiresAt: now + 600_000,
        settle: (o) => outcomes.push(o.ok ? 'ok' : o.error),
      });
    add('a');
    expect(p.claim('a').kind).toBe('pending');
    expect(p.claim('a')).toEqual({ kind: 'used', server: 's' });
    expect(p.claim('zzz').kind).toBe('unknown');
    add('b');
    now += 600_001;
    expect(p.claim('b').kind).toBe('used');
    expect(outcomes).toEqual(['expired']);
    expect(PendingLogins.newState()).not.toBe(PendingLogins.newState());
  });
  it('reads exp from a JWT access token as a hint only, and nothing from anything else', async () => {
    const jwt = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime(2_000_000_000)
      .sign(new Uint8Array(32));
    expect(await jwtExpiryMs(jwt)).toBe(2_000_000_000_000);
    expect(await jwtExpiryMs('opaque-token')).toBeUndefined();
    expect(await jwtExpiryMs('a.b.c')).toBeUndefined();
    expect(await jwtExpiryMs(`x.${Buffer.from('{"exp":"soon"}').toString('base64url')}.y`)).toBeUndefined();
  });
});
