import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isCompanionError } from '../../../local-gateway/core/errors.js';
import { fakeClock, openTestStore, tempDataDir } from '../../support/store-fixture.js';

describe('local client tokens', () => {
  it('mints an mcpc_ token once per label and returns the same one again, also from another connection', () => {
    const dir = tempDataDir();
    const app = openTestStore(dir);
    const token = app.ensureLocalToken('cursor');
    expect(token).toMatch(/^mcpc_[A-Za-z0-9_-]{43}$/);
    expect(app.ensureLocalToken('cursor')).toBe(token);
    const cli = openTestStore(dir);
    expect(cli.ensureLocalToken('cursor')).toBe(token);
    expect(cli.ensureLocalToken('vscode')).not.toBe(token);
  });

  it('stores the SHA-256 hash for verification', () => {
    const store = openTestStore();
    const token = store.ensureLocalToken('cursor');
    const row = store.db.prepare('SELECT token_hash, token_sealed FROM local_tokens WHERE label = ?').get('cursor') as {
      token_hash: string;
      token_sealed: string;
    };
    expect(row.token_hash).toBe(crypto.createHash('sha256').update(token).digest('hex'));
    expect(row.token_sealed).not.toContain(token.slice(5));
  });

  it('maps each token to its own label and rejects wrong, altered or revoked tokens', () => {
    const store = openTestStore();
    const cursor = store.ensureLocalToken('cursor');
    const code = store.ensureLocalToken('claude-code');
    expect(store.verifyLocalToken(cursor)).toBe('cursor');
    expect(store.verifyLocalToken(code)).toBe('claude-code');
    for (const bad of ['', 'mcpc_', cursor.slice(0, -1), `${cursor}x`, cursor.toUpperCase(), `Bearer ${cursor}`]) {
      expect(store.verifyLocalToken(bad)).toBeUndefined();
    }
    expect(store.revokeLocalToken('cursor')).toBe(true);
    expect(store.revokeLocalToken('cursor')).toBe(false);
    expect(store.verifyLocalToken(cursor)).toBeUndefined();
    expect(store.verifyLocalToken(code)).toBe('claude-code');
    // Re-ensuring after a revoke mints a new token; the revoked one stays dead.
    const again = store.ensureLocalToken('cursor');
    expect(again).not.toBe(cursor);
    expect(store.verifyLocalToken(cursor)).toBeUndefined();
    expect(store.verifyLocalToken(again)).toBe('cursor');
  });

  it('rotation replaces the token: the old one stops working at once, in every connection', () => {
    const dir = tempDataDir();
    const app = openTestStore(dir);
    const cli = openTestStore(dir);
    const old = app.ensureLocalToken('windsurf');
    const next = cli.rotateLocalToken('windsurf');
    expect(next).not.toBe(old);
    expect(app.verifyLocalToken(old)).toBeUndefined();
    expect(app.verifyLocalToken(next)).toBe('windsurf');
    expect(app.ensureLocalToken('windsurf')).toBe(next);
  });

  it('lists tokens and records last use at most once a minute', () => {
    const clock = fakeClock();
    const store = openTestStore(undefined, clock.now);
    const created = clock.now();
    const token = store.ensureLocalToken('cursor');
    store.ensureLocalToken('codex');
    expect(store.listLocalTokens()).toEqual([
      { label: 'codex', createdAt: created },
      { label: 'cursor', createdAt: created },
    ]);
    clock.advance(5_000);
    store.verifyLocalToken(token);
    const firstUse = clock.now();
    clock.advance(30_000);
    store.verifyLocalToken(token);
    expect(store.listLocalTokens().find((t) => t.label === 'cursor')?.lastUsedAt).toBe(firstUse);
    clock.advance(30_000);
    store.verifyLocalToken(token);
    expect(store.listLocalTokens().find((t) => t.label === 'cursor')?.lastUsedAt).toBe(clock.now());
    expect(store.listLocalTokens().find((t) => t.label === 'codex')).not.toHaveProperty('lastUsedAt');
  });

  it('rejects malformed labels with bad_input', () => {
    const store = openTestStore();
    for (const label of ['', ' cursor', 'a b', 'x'.repeat(65), '-x']) {
      let caught: unknown;
      try {
        store.ensureLocalToken(label);
      } catch (err) {
        caught = err;
      }
      expect(isCompanionError(caught, 'bad_input')).toBe(true);
    }
    expect(store.listLocalTokens()).toEqual([]);
  });

  it('a token opens only the servers granted to its label; rotation keeps them, revocation drops them', () => {
    const dir = tempDataDir();
    const app = openTestStore(dir);
    const token = app.ensureLocalToken('probe', ['linear']);
    expect(app.verifyLocalToken(token)).toBe('probe');
    expect(app.localTokenAllows('probe', 'linear')).toBe(true);
    expect(app.localTokenAllows('probe', 'LINEAR')).toBe(true); // server names are case-insensitive
    expect(app.localTokenAllows('probe', 'github')).toBe(false);
    expect(app.localTokenAllows('nobody', 'linear')).toBe(false);
    expect(app.ensureLocalToken('probe')).toBe(token); // no servers: grants nothing more
    expect(app.localTokenAllows('probe', 'github')).toBe(false);
    // Another process (the CLI) grants one more: the app sees it on its next check.
    const cli = openTestStore(dir);
    expect(cli.ensureLocalToken('probe', ['github'])).toBe(token);
    expect(app.localTokenAllows('probe', 'github')).toBe(true);
    expect(app.localTokenServers('probe')).toEqual(['github', 'linear']);
    app.rotateLocalToken('probe');
    expect(app.localTokenAllows('probe', 'linear')).toBe(true);
    app.revokeLocalToken('probe');
    const again = app.ensureLocalToken('probe');
    expect(app.localTokenAllows('probe', 'linear')).toBe(false);
    expect(again).not.toBe(token);
  });
});
