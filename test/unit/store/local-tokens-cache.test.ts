import { describe, expect, it } from 'vitest';
import { openTestStore, tempDataDir } from '../../support/store-fixture.js';

// verifyLocalToken keeps the hashes in memory: a change from any connection must still count at once.
describe('local token verification cache', () => {
  it('sees a revoke, a rotation and a new token from another connection on the very next call', () => {
    const dir = tempDataDir();
    const app = openTestStore(dir);
    const cli = openTestStore(dir);
    const cursor = app.ensureLocalToken('cursor');
    expect(app.verifyLocalToken(cursor)).toBe('cursor'); // cache warm
    expect(cli.revokeLocalToken('cursor')).toBe(true);
    expect(app.verifyLocalToken(cursor)).toBeUndefined();
    const vscode = cli.ensureLocalToken('vscode');
    expect(app.verifyLocalToken(vscode)).toBe('vscode');
    const rotated = cli.rotateLocalToken('vscode');
    expect(app.verifyLocalToken(vscode)).toBeUndefined();
    expect(app.verifyLocalToken(rotated)).toBe('vscode');
  });

  it('sees its own revoke and rotation at once', () => {
    const app = openTestStore();
    const token = app.ensureLocalToken('codex');
    expect(app.verifyLocalToken(token)).toBe('codex');
    const next = app.rotateLocalToken('codex');
    expect(app.verifyLocalToken(token)).toBeUndefined();
    expect(app.verifyLocalToken(next)).toBe('codex');
    app.revokeLocalToken('codex');
    expect(app.verifyLocalToken(next)).toBeUndefined();
  });
});
