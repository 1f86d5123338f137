// The only way a URL leaves the app: the system browser, and only for http(s). Authorization
// URLs come from upstream metadata (untrusted), so a `file:` or custom-scheme URL never reaches
// `shell.openExternal`, which would hand it to whatever the OS registered for that scheme.
import { shell } from 'electron';
import { CompanionError } from '../local-gateway/core/errors.js';

export function isWebUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

export async function openInBrowser(url: string): Promise<void> {
  if (!isWebUrl(url)) throw new CompanionError('bad_input', 'Only http(s) links are opened in the browser.');
  await shell.openExternal(url);
}
