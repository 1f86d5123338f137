// Opens a URL in the user's browser without a shell: `BROWSER` (a command; the URL is its last
// argument) when set, else the platform opener. Only http(s) URLs are ever opened.
import { spawn } from 'node:child_process';
import { CompanionError } from '../core/errors.js';

export type BrowserOpener = (url: string) => Promise<void>;

export function commandForBrowser(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string[] {
  const custom = env.BROWSER?.trim();
  if (custom) return custom.split(/\s+/);
  if (platform === 'darwin') return ['open'];
  if (platform === 'win32') return ['rundll32', 'url.dll,FileProtocolHandler'];
  return ['xdg-open'];
}

export function createBrowserOpener(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): BrowserOpener {
  return (url) => {
    const protocol = new URL(url).protocol;
    if (protocol !== 'http:' && protocol !== 'https:') {
      return Promise.reject(new CompanionError('bad_input', `Refusing to open a ${protocol} URL.`));
    }
    const [command, ...args] = commandForBrowser(env, platform);
    return new Promise((resolve, reject) => {
      const child = spawn(command!, [...args, url], { stdio: 'ignore', detached: true, env });
      child.once('error', (err) =>
        reject(
          new CompanionError(
            'unsupported',
            `Could not start the browser (${command}): ${err.message}. Set BROWSER to your browser's command.`,
          ),
        ),
      );
      child.once('spawn', () => {
        child.unref();
        resolve();
      });
    });
  };
}
