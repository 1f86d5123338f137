import { describe, expect, it } from 'vitest';
import { isCompanionError } from '../../../local-gateway/core/errors.js';
import type { NewRegistration } from '../../../local-gateway/store/types.js';
import { fakeClock, openTestStore } from '../../support/store-fixture.js';

const KEY = {
  issuer: 'https://auth.example.com',
  resource: 'https://gw.example.com/mcp',
  redirectUri: 'http://127.0.0.1:47821/oauth/callback',
};

function newReg(overrides: Partial<NewRegistration> = {}): NewRegistration {
  return { ...KEY, clientId: 'client-1', metadata: { client_name: 'MCP Companion' }, ...overrides };
}

describe('registrations', () => {
  it('saves, finds, lists and deletes, keeping secrets and optional fields', () => {
    const clock = fakeClock();
    const store = openTestStore(undefined, clock.now);
    expect(store.findRegistration(KEY)).toBeUndefined();
    const saved = store.saveRegistration(
      newReg({
        clientSecret: 'cs',
        clientSecretExpiresAt: 1_900_000_000,
        registrationAccessToken: 'rat',
        registrationClientUri: 'https://auth.example.com/reg/client-1',
        tokenEndpointAuthMethod: 'client_secret_basic',
        metadata: {
          client_name: 'MCP Companion',
          client_secret: 'cs',
          registration_access_token: 'rat',
          grant_types: ['authorization_code'],
        },
      }),
    );
    expect(saved).toEqual({
      id: saved.id,
      kind: 'dcr', // the default: registered by the companion itself
      ...KEY,
      clientId: 'client-1',
      clientSecret: 'cs',
      clientSecretExpiresAt: 1_900_000_000,
      registrationAccessToken: 'rat',
      registrationClientUri: 'https://auth.example.com/reg/client-1',
      tokenEndpointAuthMethod: 'client_secret_basic',
      metadata: { client_name: 'MCP Companion', grant_types: ['authorization_code'] }, // secrets stripped
      createdAt: clock.now(),
    });
    expect(store.findRegistration(KEY)).toEqual(saved);
    const publicReg = store.saveRegistration(
      newReg({ redirectUri: 'http://127.0.0.1:50000/oauth/callback', clientId: 'pub' }),
    );
    expect(publicReg).not.toHaveProperty('clientSecret');
    expect(publicReg).not.toHaveProperty('registrationAccessToken');
    expect(store.listRegistrations().map((r) => r.clientId)).toEqual(['client-1', 'pub']);
    store.deleteRegistration(saved.id);
    expect(store.findRegistration(KEY)).toBeUndefined();
    expect(store.listRegistrations().map((r) => r.clientId)).toEqual(['pub']);
  });

  it('keys registrations by issuer, resource and redirect URI exactly', () => {
    const store = openTestStore();
    store.saveRegistration(newReg());
    expect(store.findRegistration({ ...KEY, redirectUri: 'http://127.0.0.1:47822/oauth/callback' })).toBeUndefined();
    expect(store.findRegistration({ ...KEY, resource: 'https://gw.example.com/other' })).toBeUndefined();
    expect(store.findRegistration({ ...KEY, issuer: 'https://auth2.example.com' })).toBeUndefined();
  });

  it('replacing a registration drops the tokens the old one obtained, and only those', () => {
    const store = openTestStore();
    store.addServer({ name: 'tfy', url: KEY.resource });
    store.addServer({ name: 'other', url: 'https://other.example/mcp' });
    const old = store.saveRegistration(newReg());
    const unrelated = store.saveRegistration(newReg({ resource: 'https://other.example/mcp', clientId: 'c-other' }));
    store.saveTokens({ serverName: 'tfy', registrationId: old.id, accessToken: 'old-at', tokenType: 'Bearer' });
    store.saveTokens({
      serverName: 'other',
      registrationId: unrelated.id,
      accessToken: 'other-at',
      tokenType: 'Bearer',
    });

    const fresh = store.saveRegistration(newReg({ clientId: 'client-2' }));
    expect(fresh.id).not.toBe(old.id);
    expect(store.findRegistration(KEY)?.clientId).toBe('client-2');
    expect(store.listRegistrations()).toHaveLength(2);
    expect(store.getTokens('tfy')).toBeUndefined();
    expect(store.getTokens('other')?.accessToken).toBe('other-at');
  });

  it('deleting a registration cascades to its tokens', () => {
    const store = openTestStore();
    store.addServer({ name: 'tfy', url: KEY.resource });
    const reg = store.saveRegistration(newReg());
    store.saveTokens({ serverName: 'tfy', registrationId: reg.id, accessToken: 'at', tokenType: 'Bearer' });
    store.deleteRegistration(reg.id);
    expect(store.getTokens('tfy')).toBeUndefined();
    expect(store.getServer('tfy')).toBeDefined();
  });
});

describe('tokens', () => {
  it('upserts, reads back and deletes a token set', () => {
    const clock = fakeClock();
    const store = openTestStore(undefined, clock.now);
    store.addServer({ name: 'tfy', url: KEY.resource });
    const reg = store.saveRegistration(newReg());
    expect(store.getTokens('tfy')).toBeUndefined();
    store.saveTokens({
      serverName: 'tfy',
      registrationId: reg.id,
      accessToken: 'at-1',
      refreshToken: 'rt-1',
      tokenType: 'Bearer',
      scope: 'mcp:read',
      expiresAt: clock.now() + 3_600_000,
    });
    expect(store.getTokens('tfy')).toEqual({
      serverName: 'tfy',
      registrationId: reg.id,
      accessToken: 'at-1',
      refreshToken: 'rt-1',
      tokenType: 'Bearer',
      scope: 'mcp:read',
      expiresAt: clock.now() + 3_600_000,
      updatedAt: clock.now(),
    });
    clock.advance(1000);
    // A refresh that returns no new refresh token / scope / expiry clears them.
    store.saveTokens({ serverName: 'TFY', registrationId: reg.id, accessToken: 'at-2', tokenType: 'Bearer' });
    expect(store.getTokens('tfy')).toEqual({
      serverName: 'tfy',
      registrationId: reg.id,
      accessToken: 'at-2',
      tokenType: 'Bearer',
      updatedAt: clock.now(),
    });
    store.deleteTokens('tfy');
    expect(store.getTokens('tfy')).toBeUndefined();
  });

  it('refuses tokens for an unknown server or registration with not_found', () => {
    const store = openTestStore();
    store.addServer({ name: 'tfy', url: KEY.resource });
    const reg = store.saveRegistration(newReg());
    for (const input of [
      { serverName: 'ghost', registrationId: reg.id },
      { serverName: 'tfy', registrationId: reg.id + 100 },
    ]) {
      let caught: unknown;
      try {
        store.saveTokens({ ...input, accessToken: 'secret-at-value', tokenType: 'Bearer' });
      } catch (err) {
        caught = err;
      }
      expect(isCompanionError(caught, 'not_found')).toBe(true);
      expect((caught as Error).message).not.toContain('secret-at-value');
    }
    expect(store.getTokens('tfy')).toBeUndefined();
  });
});
