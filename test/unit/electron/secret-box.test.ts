// The safeStorage-backed SecretBox: round trip through a real store, versioned format, reads the
// file box's values, refuses damage without echoing it, and falls back with a visible warning.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isCompanionError } from '../../../local-gateway/core/errors.js';
import { createFileSecretBox, openStore } from '../../../local-gateway/store/index.js';
import { chooseSecretBox, createSafeStorageBox, SAFE_STORAGE_PREFIX } from '../../../electron/secret-box.js';
import { fake, resetFake } from '../../support/fake-electron.js';

vi.mock('electron', () => import('../../support/fake-electron.js'));

describe('safeStorage SecretBox', () => {
  let dir: string;
  beforeEach(() => {
    resetFake();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcpc-ssbox-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('seals to a versioned value without the plaintext and opens it again', () => {
    const box = createSafeStorageBox(createFileSecretBox(dir));
    const sealed = box.seal('refresh-token-123');
    expect(sealed.startsWith(SAFE_STORAGE_PREFIX)).toBe(true);
    expect(sealed).not.toContain('refresh-token-123');
    expect(Buffer.from(sealed.slice(4), 'base64').toString('utf8')).not.toContain('refresh-token-123');
    expect(box.open(sealed)).toBe('refresh-token-123');
  });

  it('keeps secrets of a real store readable across reopening', () => {
    const { box, warning } = chooseSecretBox(createFileSecretBox(dir), 'darwin');
    expect(warning).toBeUndefined();
    const store = openStore({ dataDir: dir, secretBox: box });
    store.addServer({ name: 'linear', url: 'https://mcp.linear.app/mcp', headers: { 'X-Api-Key': 'key-456' } });
    store.close();
    const raw = fs.readFileSync(
      path.join(
        dir,
        fs.readdirSync(dir).find((f) => f.endsWith('.db') || f.endsWith('.sqlite'))!,
      ),
    );
    expect(raw.includes(Buffer.from('key-456'))).toBe(false);
    const again = openStore({ dataDir: dir, secretBox: chooseSecretBox(createFileSecretBox(dir), 'darwin').box });
    expect(again.getServer('linear')?.headers).toEqual({ 'X-Api-Key': 'key-456' });
    again.close();
  });

  it('opens values sealed by the CLI’s file box (same data dir)', () => {
    const fileBox = createFileSecretBox(dir);
    const box = createSafeStorageBox(fileBox);
    expect(box.open(fileBox.seal('from-the-cli'))).toBe('from-the-cli');
  });

  it('refuses damaged values with a coded error that echoes nothing', () => {
    const box = createSafeStorageBox(createFileSecretBox(dir));
    const damaged = `${SAFE_STORAGE_PREFIX}${Buffer.from('not-ours-secretish').toString('base64')}`;
    try {
      box.open(damaged);
      expect.unreachable();
    } catch (err) {
      expect(isCompanionError(err, 'secret_unreadable')).toBe(true);
      expect((err as Error).message).not.toContain(damaged.slice(4));
      expect((err as Error).message).not.toContain('secretish');
    }
  });

  it('falls back to the file box with a warning when the OS offers no encryption', () => {
    const fileBox = createFileSecretBox(dir);
    fake.encryptionAvailable = false;
    const chosen = chooseSecretBox(fileBox, 'win32');
    expect(chosen.box).toBe(fileBox);
    expect(chosen.warning).toMatch(/No OS keychain/);
    expect(chosen.box.seal('x').startsWith('v1.')).toBe(true);
  });

  it('treats Linux "basic_text" (a hard-coded key) as no encryption', () => {
    fake.storageBackend = 'basic_text';
    expect(chooseSecretBox(createFileSecretBox(dir), 'linux').warning).toMatch(/No OS keychain/);
    expect(chooseSecretBox(createFileSecretBox(dir), 'darwin').warning).toBeUndefined();
  });
});
