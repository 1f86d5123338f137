// SecretBox over the OS keychain (Electron safeStorage: Keychain on macOS, DPAPI on Windows,
// libsecret/kwallet on Linux). Sealed values are `ss1.<base64>`; the prefix lets the format
// evolve and tells them apart from the file box's `v1.…` values, which this box still opens so
// secrets written by the CLI or `serve` stay readable in the app. The reverse does not hold:
// a plain-Node CLI cannot open `ss1.` values (see the report / README).
import { safeStorage } from 'electron';
import { CompanionError } from '../local-gateway/core/errors.js';
import type { SecretBox } from '../local-gateway/store/types.js';

export const SAFE_STORAGE_PREFIX = 'ss1.';

export interface ChosenSecretBox {
  box: SecretBox;
  /** Set when the OS offers no encryption and the file box is used instead: shown to the user. */
  warning?: string;
}

/** True when safeStorage really encrypts (Linux "basic_text" is a hard-coded key: not encryption). */
export function keychainAvailable(platform: NodeJS.Platform = process.platform): boolean {
  if (!safeStorage.isEncryptionAvailable()) return false;
  return platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text';
}

/** Call after `app` is ready (safeStorage needs it). `fileBox` opens legacy values and is the fallback. */
export function chooseSecretBox(fileBox: SecretBox, platform: NodeJS.Platform = process.platform): ChosenSecretBox {
  if (!keychainAvailable(platform)) {
    return {
      box: fileBox,
      warning:
        'No OS keychain is available, so tokens are encrypted with a key file in the MCP Companion data folder instead.',
    };
  }
  return { box: createSafeStorageBox(fileBox) };
}

export function createSafeStorageBox(fileBox: SecretBox): SecretBox {
  return {
    seal: (plain) => SAFE_STORAGE_PREFIX + safeStorage.encryptString(plain).toString('base64'),
    open(sealed) {
      if (!sealed.startsWith(SAFE_STORAGE_PREFIX)) return fileBox.open(sealed);
      try {
        return safeStorage.decryptString(Buffer.from(sealed.slice(SAFE_STORAGE_PREFIX.length), 'base64'));
      } catch {
        // Never echo the sealed value or the cause.
        throw new CompanionError(
          'secret_unreadable',
          'A stored secret could not be decrypted with the OS keychain. Log in to the affected server again.',
        );
      }
    },
  };
}
