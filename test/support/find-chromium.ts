// Where the browser tests find Chromium, so that `npm ci && npm test` needs nothing else: first
// CHROMIUM_PATH, then a Chrome or Chromium installed on this machine, else the Chromium that the
// `@sparticuz/chromium` dev dependency ships inside its npm package (Linux x64; unpacked to the
// temp dir on first use).
import fs from 'node:fs';
import path from 'node:path';

const INSTALLED: Partial<Record<NodeJS.Platform, string[]>> = {
  linux: [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/snap/bin/chromium',
  ],
  darwin: [
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
  ],
  win32: [
    path.join(process.env.PROGRAMFILES ?? 'C:\\Program Files', 'Google', 'Chrome', 'Application', 'chrome.exe'),
    path.join(
      process.env['PROGRAMFILES(X86)'] ?? 'C:\\Program Files (x86)',
      'Google',
      'Chrome',
      'Application',
      'chrome.exe',
    ),
  ],
};

export interface FoundChromium {
  path: string;
  /** How it was found, for messages. */
  source: 'CHROMIUM_PATH' | 'installed' | '@sparticuz/chromium';
}

export async function findChromium(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): Promise<FoundChromium> {
  const configured = env.CHROMIUM_PATH;
  if (configured) {
    if (!fs.existsSync(configured))
      throw new Error(
        `CHROMIUM_PATH is set to ${configured}, which does not exist. Point it at a Chrome or Chromium binary, or unset it.`,
      );
    return { path: configured, source: 'CHROMIUM_PATH' };
  }
  const installed = (INSTALLED[platform] ?? []).find((p) => fs.existsSync(p));
  if (installed) return { path: installed, source: 'installed' };
  if (platform === 'linux' && process.arch === 'x64') {
    const { default: packaged } = await import('@sparticuz/chromium');
    return { path: await packaged.executablePath(), source: '@sparticuz/chromium' };
  }
  throw new Error(
    'No Chrome or Chromium found for the browser tests. Install Google Chrome (or Chromium), or set CHROMIUM_PATH to its binary.',
  );
}
