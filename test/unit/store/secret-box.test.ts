import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isCompanionError } from '../../../local-gateway/core/errors.js';
import { ensureDataDir, explainDataDirError, explainIfInDataDir } from '../../../local-gateway/store/data-dir.js';
import { createFileSecretBox, createKeySecretBox } from '../../../local-gateway/store/secret-box.js';
import { fileMode, tempDataDir } from '../../support/store-fixture.js';

const posix = process.platform !== 'win32';

function expectUnreadable(fn: () => unknown, input: string): void {
  try {
    fn();
  } catch (err) {
    expect(isCompanionError(err, 'secret_unreadable')).toBe(true);
    if (input.length > 3) expect((err as Error).message).not.toContain(input);
    return;
  }
  throw new Error('expected open() to throw');
}

describe('file secret box', () => {
  it('round-trips text through versioned, randomized ciphertext', () => {
    const box = createFileSecretBox(tempDataDir());
    for (const plain of ['', 'at_123', 'ünïcødé ✓ 🔑', 'x'.repeat(10_000)]) {
      const sealed = box.seal(plain);
      expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]*$/);
      expect(box.open(sealed)).toBe(plain);
    }
    const a = box.seal('same');
    expect(box.seal('same')).not.toBe(a);
    expect(a).not.toContain('same');
  });

  it('creates a private 32-byte key once and reuses it across instances', () => {
    const dir = path.join(tempDataDir(), 'nested', 'home');
    const first = createFileSecretBox(dir);
    const keyFile = path.join(dir, 'secret.key');
    const key = fs.readFileSync(keyFile);
    expect(key.length).toBe(32);
    if (posix) {
      expect(fileMode(keyFile)).toBe(0o600);
      expect(fileMode(dir)).toBe(0o700);
    }
    const second = createFileSecretBox(dir);
    expect(second.open(first.seal('shared secret'))).toBe('shared secret');
    expect(fs.readFileSync(keyFile).equals(key)).toBe(true);
  });

  it('key file is 0600 even under a permissive umask', () => {
    if (!posix) return;
    const old = process.umask(0);
    try {
      const dir = path.join(tempDataDir(), 'loose');
      createFileSecretBox(dir);
      expect(fileMode(path.join(dir, 'secret.key'))).toBe(0o600);
      expect(fileMode(dir)).toBe(0o700);
    } finally {
      process.umask(old);
    }
  });

  it('waits for a key another process is still writing, and uses that key', async () => {
    const dir = tempDataDir();
    const keyFile = path.join(dir, 'secret.key');
    const key = crypto.randomBytes(32);
    // The "winner" created the file (empty) and writes the key 150 ms later.
    fs.writeFileSync(keyFile, '', { mode: 0o600 });
    const writer = spawn(process.execPath, [
      '-e',
      `setTimeout(() => require('fs').writeFileSync(${JSON.stringify(keyFile)}, Buffer.from('${key.toString('hex')}', 'hex')), 150)`,
    ]);
    const exited = new Promise((resolve) => writer.on('exit', resolve));
    try {
      const box = createFileSecretBox(dir);
      expect(createKeySecretBox(key).open(box.seal('from loser'))).toBe('from loser');
    } finally {
      await exited;
    }
  });

  it('rejects a damaged key file with a clear error', () => {
    const dir = tempDataDir();
    fs.writeFileSync(path.join(dir, 'secret.key'), 'short');
    expectUnreadable(() => createFileSecretBox(dir), 'short');
  });

  it('processes racing to create the key all end up with one key', async () => {
    const dir = tempDataDir();
    const child = path.join(import.meta.dirname, '../../support/store-seal-child.ts');
    const run = (i: number) =>
      new Promise<string>((resolve, reject) => {
        const p = spawn(process.execPath, ['--import', 'tsx', child, dir, `racer ${i}`]);
        let out = '';
        p.stdout.on('data', (d: Buffer) => (out += d.toString()));
        p.on('error', reject);
        p.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`child exited ${code}`))));
      });
    const sealed = await Promise.all([0, 1, 2].map(run));
    const box = createFileSecretBox(dir);
    expect(sealed.map((s) => box.open(s))).toEqual(['racer 0', 'racer 1', 'racer 2']);
  });

  it('open() fails closed on garbage, tampering and a different key, without echoing input', () => {
    const box = createFileSecretBox(tempDataDir());
    const other = createFileSecretBox(tempDataDir());
    const sealed = box.seal('refresh-token-value');
    const [v, iv, tag, ct] = sealed.split('.') as [string, string, string, string];
    const flip = (s: string) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
    const bad = [
      '',
      'garbage',
      'refresh-token-value',
      `v2.${iv}.${tag}.${ct}`,
      `${v}.${flip(iv)}.${tag}.${ct}`,
      `${v}.${iv}.${flip(tag)}.${ct}`,
      `${v}.${iv}.${tag}.${flip(ct)}`,
      `${v}.${iv}.${tag}.${ct}A`,
      `${v}.${iv}.${tag}`,
    ];
    for (const input of bad) expectUnreadable(() => box.open(input), input);
    expectUnreadable(() => other.open(sealed), sealed);
    expect(box.open(sealed)).toBe('refresh-token-value');
  });
});

describe('ensureDataDir', () => {
  it('creates nested folders 0700 and leaves the mode of a folder it did not create alone', () => {
    if (!posix) return;
    const base = tempDataDir();
    const nested = path.join(base, 'a', 'b');
    ensureDataDir(nested);
    expect(fileMode(nested)).toBe(0o700);
    fs.chmodSync(base, 0o755);
    ensureDataDir(base);
    expect(fileMode(base)).toBe(0o755); // the user's (or a shared) folder: its mode is theirs
  });

  it('explains what is wrong with the folder and how to fix it', () => {
    const file = path.join(tempDataDir(), 'file');
    fs.writeFileSync(file, '');
    let caught: unknown;
    try {
      ensureDataDir(file);
    } catch (err) {
      caught = err;
    }
    expect(isCompanionError(caught, 'data_dir_unusable')).toBe(true);
    expect((caught as Error).message).toMatch(/data folder .*file: .*is a file, not a folder.*MCP_COMPANION_HOME/);
    const eperm = Object.assign(new Error('EPERM: operation not permitted'), {
      code: 'EPERM',
      path: '/srv/shared/companion.db',
    });
    expect(explainDataDirError('/srv/shared', eperm)?.message).toMatch(
      /operation not permitted on \/srv\/shared\/companion\.db.*MCP_COMPANION_HOME/,
    );
    expect(explainIfInDataDir('/srv/shared', eperm)).toBeDefined();
    expect(explainIfInDataDir('/srv/shared', { ...eperm, path: '/home/u/.cursor/mcp.json' })).toBeUndefined();
    expect(explainDataDirError('/srv/shared', new Error('other'))).toBeUndefined();
  });
});
