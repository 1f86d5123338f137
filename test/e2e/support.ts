// Shared set-up of the browser end-to-end tests: Chromium (find-chromium.ts) driven by playwright-core,
// and the real `mcp-companion serve` binary on a temporary home holding fixture clients.
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { runCli, startServe, ROOT } from '../support/cli.js';
import { makeHome, type TempHome } from '../support/client-homes.js';
import { findChromium } from '../support/find-chromium.js';
import { freePort } from '../support/ports.js';

export const SCREENSHOTS = path.join(ROOT, 'test-artifacts', 'screenshots');

/** Chromium or a failure that says how to get it: these tests never skip. */
export async function launchChromium(args: string[] = []): Promise<Browser> {
  const found = await findChromium();
  return chromium.launch({
    executablePath: found.path,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...args,
    ],
  });
}

export function requireBuild(): void {
  for (const f of ['dist/renderer/index.html', 'dist/local-gateway/cli/main.js']) {
    if (!fs.existsSync(path.join(ROOT, f)))
      throw new Error(`${f} is missing: run \`npm run build\` before the browser end-to-end tests.`);
  }
}

export interface ServeEnv {
  home: TempHome;
  /** The environment `serve` runs with (for CLI calls against the same home). */
  env: NodeJS.ProcessEnv;
  port: number;
  /** The sign-in link `serve` printed: it works once, for a minute. */
  dashboardUrl: string;
  /** A fresh single-use link, as `mcp-companion dashboard --no-open` prints it. */
  freshLink(): Promise<string>;
  /** Every URL the companion asked the "system browser" to open (logins). */
  openedUrls(): string[];
  output(): string;
  stop(): Promise<void>;
}

/**
 * `serve` on a copy of a fixture home. BROWSER records login URLs to a file instead of opening
 * them, so the test (the user) opens them in Chromium and clicks through the consent page.
 */
export async function startDashboardServe(fixture = 'linux'): Promise<ServeEnv> {
  requireBuild();
  const home = makeHome(fixture);
  const opened = path.join(home.dataDir, '..', 'opened-urls.txt');
  const recorder = path.join(home.dataDir, '..', 'record-url.mjs');
  fs.writeFileSync(
    recorder,
    "import fs from 'node:fs';\nfs.appendFileSync(process.argv[2], process.argv[process.argv.length - 1] + '\\n');\n",
  );
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...home.env,
    MCP_COMPANION_HOME: home.dataDir,
    XDG_CONFIG_HOME: path.join(home.home, '.config'),
    XDG_DATA_HOME: path.join(home.home, '.local', 'share'),
    APPDATA: path.join(home.home, 'AppData', 'Roaming'),
    BROWSER: `${process.execPath} ${recorder} ${opened}`,
    // Nothing of the machine running the tests may leak into the fixture home.
    CLAUDE_CONFIG_DIR: undefined,
    CODEX_HOME: undefined,
    OPENCODE_CONFIG: undefined,
    GEMINI_FORCE_ENCRYPTED_FILE_STORAGE: undefined,
  };
  const serve = await startServe(['--port', String(port)], env);
  const dashboardUrl = await waitFor(
    () => /Dashboard: (\S+)/.exec(serve.output())?.[1],
    10_000,
    () => `no "Dashboard:" line in:\n${serve.output()}`,
  );
  return {
    home,
    env,
    port,
    dashboardUrl,
    async freshLink() {
      const r = await runCli(['dashboard', '--no-open'], env);
      if (r.code !== 0) throw new Error(`mcp-companion dashboard failed: ${r.stderr}`);
      return r.stdout.trim();
    },
    openedUrls: () => (fs.existsSync(opened) ? fs.readFileSync(opened, 'utf8').split('\n').filter(Boolean) : []),
    output: serve.output,
    async stop() {
      await serve.stop();
      home.cleanup();
    },
  };
}

export async function waitFor<T>(probe: () => T | undefined, timeoutMs: number, why: () => string): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`Timed out: ${why()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Saves `test-artifacts/screenshots/<name>.png` (the whole page unless a modal is up). */
export async function screenshot(page: Page, name: string, fullPage = true): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage });
}
