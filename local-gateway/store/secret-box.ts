// File-backed SecretBox for the CLI and headless mode (Electron supplies a safeStorage one).
// AES-256-GCM with a random 32-byte key in `<dataDir>/secret.key` (0600). Sealed values are
// versioned text `v1.<iv>.<tag>.<ciphertext>` (base64url) so the format can evolve.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CompanionError } from '../core/errors.js';
import { ensureDataDir, explainDataDirError } from './data-dir.js';
import type { SecretBox } from './types.js';

export const SECRET_KEY_FILE = 'secret.key';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const VERSION = 'v1';

export function createFileSecretBox(dataDir: string): SecretBox {
  ensureDataDir(dataDir);
  let key: Buffer;
  try {
    key = loadOrCreateKey(path.join(dataDir, SECRET_KEY_FILE));
  } catch (err) {
    throw explainDataDirError(dataDir, err) ?? err;
  }
  return createKeySecretBox(key);
}

/** A SecretBox over a raw 32-byte key (exported for callers that keep the key elsewhere). */
export function createKeySecretBox(key: Buffer): SecretBox {
  if (key.length !== KEY_BYTES) throw new Error('SecretBox key must be 32 bytes');
  const aad = Buffer.from(VERSION);
  return {
    seal(plain) {
      const iv = crypto.randomBytes(IV_BYTES);
      const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(aad);
      const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [VERSION, b64(iv), b64(tag), b64(ct)].join('.');
    },
    open(sealed) {
      try {
        const parts = sealed.split('.');
        if (parts.length !== 4 || parts[0] !== VERSION) throw new Error('format');
        const iv = Buffer.from(parts[1] ?? '', 'base64url');
        const tag = Buffer.from(parts[2] ?? '', 'base64url');
        const ct = Buffer.from(parts[3] ?? '', 'base64url');
        if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new Error('format');
        const decipher = crypto.createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(aad);
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(ct), decipher.final()]).toString('utf8');
      } catch {
        // Never echo the sealed input or the cause: both may carry secret material.
        if (sealed.startsWith('ss1.')) {
          throw new CompanionError(
            'secret_unreadable',
            'This secret was encrypted by the MCP Companion app with the OS keychain. Start the app: CLI commands then run through it.',
          );
        }
        throw new CompanionError(
          'secret_unreadable',
          'A stored secret could not be decrypted (the secret key changed or the data is damaged). Log in to the affected server again.',
        );
      }
    },
  };
}

function loadOrCreateKey(file: string): Buffer {
  const existing = readKey(file);
  if (existing) return existing;
  const key = crypto.randomBytes(KEY_BYTES);
  try {
    // O_EXCL: exactly one process creates the key; everyone else reads the winner's.
    fs.writeFileSync(file, key, { flag: 'wx', mode: 0o600 });
    fs.chmodSync(file, 0o600);
    return key;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  // Another process won the race; its 32-byte write may not have landed yet.
  for (let attempt = 0; attempt < 50; attempt++) {
    const winner = readKey(file);
    if (winner) return winner;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
  }
  throw new CompanionError(
    'secret_unreadable',
    `The secret key file ${file} is damaged (expected ${KEY_BYTES} bytes). Move it aside and log in again.`,
  );
}

/** The key, or undefined when the file is missing or not (yet) complete. */
function readKey(file: string): Buffer | undefined {
  try {
    const buf = fs.readFileSync(file);
    return buf.length === KEY_BYTES ? buf : undefined;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

function b64(buf: Buffer): string {
  return buf.toString('base64url');
}
