// The dashboard as a user drives it: Debian's Chromium against the real `mcp-companion serve`
// on a temporary home with fixture clients, signing in to the reference control plane through
// its consent page. Every change is checked where it lands (the client's files on disk).
// Page-side code is passed to Chromium as strings: this program has no DOM types.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { runCli } from '../support/cli.js';
import { startControlPlane, type ControlPlane } from '../support/control-plane/index.js';
import { launchChromium, screenshot, startDashboardServe, waitFor, type ServeEnv } from './support.js';

describe('dashboard in Chromium against `serve`', () => {
  let cp: ControlPlane;
  let serve: ServeEnv;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];
  const file = (rel: string) => path.join(serve.home.home, rel);
  const card = (kind: 'client' | 'server', id: string) => page.locator(`article[data-${kind}="${id}"]`);

  beforeAll(async () => {
    // Launch first: without Chromium this fails with the install command, before anything else.
    browser = await launchChromium();
    cp = await startControlPlane({ autoApprove: false });
    serve = await startDashboardServe('linux');
    context = await browser.newContext({
      viewport: { width: 1200, height: 900 },
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    page = await context.newPage();
    // CSP violations and script errors show up here; the last test asserts there were none.
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await serve?.stop();
    await cp?.close();
  });

  it('opens with the printed link and drops its single-use code from the address bar, setting no cookie', async () => {
    expect(serve.dashboardUrl).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${serve.port}/#code=[A-Za-z0-9_-]{32}$`));
    const res = await page.goto(serve.dashboardUrl);
    expect(res?.status()).toBe(200);
    await page.getByRole('heading', { name: 'Clients', level: 2 }).waitFor();
    expect(page.url()).toBe(`http://127.0.0.1:${serve.port}/`);
    expect(await context.cookies()).toEqual([]); // a cookie would reach every program on 127.0.0.1
    expect(await page.evaluate("typeof sessionStorage.getItem('mcpc_session')")).toBe('string');
  });

  it('Clients view lists every fixture client with its files, entries and cached sign-ins', async () => {
    await page.getByRole('heading', { name: 'Clients', level: 2 }).waitFor();
    for (const name of [
      'Cursor',
      'Claude Desktop',
      'Claude Code',
      'OpenCode',
      'VS Code',
      'Windsurf',
      'Codex CLI',
      'Gemini CLI',
    ]) {
      await expectVisible(page.getByRole('heading', { name, level: 3, exact: true }));
    }
    const claude = card('client', 'claude-code');
    await expectVisible(claude.getByText(file('.claude.json'), { exact: true }));
    const creds = claude.getByRole('table', { name: /Cached sign-ins/ });
    await expectVisible(creds.getByRole('cell', { name: 'dcr-client-sentry-OLD' }));
    await expectVisible(creds.getByRole('cell', { name: 'dcr-docs-1' }));
    await expectVisible(card('client', 'cursor').getByRole('row', { name: /linear.*Not routed/ }));
    // Described, never revealed: no token or secret value from the fixtures reaches the page.
    expect(await page.content()).not.toMatch(/SECRET|sk-ant-|lin_api_/);
    await screenshot(page, 'clients');
  });

  it('Reset on Claude Code lists exactly what goes, removes only MCP credentials on disk, and Undo brings them back', async () => {
    const credFile = file('.claude/.credentials.json');
    const before = JSON.parse(fs.readFileSync(credFile, 'utf8')) as Record<string, Record<string, unknown>>;
    const resetButton = card('client', 'claude-code').getByRole('button', { name: 'Reset credentials' });
    // Keyboard: Enter opens the confirmation, Escape cancels it and changes nothing.
    await resetButton.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: /Reset cached sign-ins of Claude Code/ });
    await expectVisible(dialog);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(JSON.parse(fs.readFileSync(credFile, 'utf8'))).toEqual(before);

    await resetButton.click();
    await expectVisible(dialog);
    const planned = dialog.getByRole('table', { name: /2 cached sign-ins will be removed/ });
    await expectVisible(planned.getByRole('cell', { name: 'sentry', exact: false }).first());
    await expectVisible(planned.getByRole('cell', { name: 'dcr-docs-1' }));
    await expectVisible(dialog.getByText(/needs authentication.*sentry, docs, github/));
    expect(JSON.parse(fs.readFileSync(credFile, 'utf8'))).toEqual(before); // the dry run touched nothing
    await dialog.getByRole('button', { name: 'Cancel' }).waitFor();
    await screenshot(page, 'clients-reset-confirm', false);
    await dialog.getByRole('button', { name: 'Remove 2 cached sign-ins' }).click();

    await expectVisible(page.getByText('removed 2 cached sign-ins (sentry, docs).'));
    await expectVisible(page.getByRole('heading', { name: 'What to do next' }).first());
    const after = JSON.parse(fs.readFileSync(credFile, 'utf8')) as Record<string, Record<string, unknown> | undefined>;
    expect(Object.keys(after.mcpOAuth ?? {})).toEqual([]);
    expect(after.claudeAiOauth).toEqual(before.claudeAiOauth); // the user's own Claude login survives
    await expectVisible(card('client', 'claude-code').getByText('No cached MCP sign-ins found.'));

    await page.getByRole('button', { name: 'Undo reset for Claude Code' }).click();
    await expectVisible(page.getByText('put back everything the reset removed (5 items).'));
    const restored = JSON.parse(fs.readFileSync(credFile, 'utf8')) as Record<string, Record<string, unknown>>;
    expect(restored.mcpOAuth).toEqual(before.mcpOAuth);
    expect(restored.claudeAiOauth).toEqual(before.claudeAiOauth);
    await expectVisible(card('client', 'claude-code').getByRole('cell', { name: 'dcr-client-sentry-OLD' }));
  });

  it('Route rewrites the Cursor config to the local gateway, keeping comments and unknown fields', async () => {
    const cursorFile = file('.cursor/mcp.json');
    const before = fs.readFileSync(cursorFile, 'utf8');
    await card('client', 'cursor').getByRole('button', { name: 'Route' }).click();
    await expectVisible(page.getByText(/Cursor: routing changed 1 file/));
    const after = fs.readFileSync(cursorFile, 'utf8');
    expect(after).not.toBe(before);
    expect(after).toContain(`http://127.0.0.1:${serve.port}/servers/linear/mcp`);
    expect(after).not.toContain('"url": "https://mcp.linear.app/mcp"');
    expect(after).toContain('// Cursor MCP servers — edited by hand');
    expect(after).toContain('"disabledTools": ["delete_issue"]');
    expect(after).toContain('"x-unknown-top"');
    await expectVisible(card('client', 'cursor').getByRole('row', { name: /linear.*Routed/ }));
    expect(await page.content()).not.toMatch(/mcpc_[A-Za-z0-9_-]{8,}/); // the local token stays in the file
  });

  it('with many clients: a filter narrows the cards, and clients not on this computer are folded away', async () => {
    const filter = page.getByRole('searchbox', { name: 'Filter clients' });
    await filter.fill('CODE');
    await expectVisible(card('client', 'claude-code'));
    await expectVisible(card('client', 'vscode'));
    await card('client', 'cursor').waitFor({ state: 'detached' });
    await expectVisible(page.getByText(/^\d+ of \d+ clients shown\.$/));
    await filter.fill('');
    await expectVisible(card('client', 'cursor'));
    // A client removed from this computer moves from the cards into the folded list on Refresh.
    fs.rmSync(file('.codeium'), { recursive: true, force: true });
    await page.getByRole('button', { name: 'Refresh' }).click();
    await card('client', 'windsurf').waitFor({ state: 'detached' });
    const folded = page.locator('details.not-found');
    await expectVisible(folded.getByText(/^Not found on this computer \(\d+\)$/));
    expect(await folded.getByText(/Windsurf/).isVisible()).toBe(false); // folded until opened
    await folded.locator('summary').click();
    await expectVisible(folded.getByText(/Windsurf/));
  });

  it('Servers view: add a server, log in through the consent page in the browser, see it signed in', async () => {
    await page.getByRole('link', { name: 'Servers' }).click();
    await page.getByRole('heading', { name: 'Servers', level: 2 }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill('acme');
    await page.getByLabel('MCP server URL').fill(cp.mcpUrl('linear'));
    await page.getByRole('button', { name: 'Add server' }).click();
    const acme = card('server', 'acme');
    await expectVisible(acme.getByText('Not signed in'));
    await expectVisible(acme.getByText('learned on first use', { exact: true })); // auth kind not known yet
    await expectVisible(acme.getByText(`http://127.0.0.1:${serve.port}/servers/acme/mcp`));

    await acme.getByRole('button', { name: 'Log in' }).click();
    await expectVisible(acme.getByText(/Waiting for you to finish signing in/));
    // The companion opened the "system browser": the user finishes the sign-in there.
    const authorizeUrl = await waitFor(
      () => serve.openedUrls()[0],
      15_000,
      () => `no login URL opened; serve said:\n${serve.output()}`,
    );
    expect(authorizeUrl.startsWith(cp.baseUrl)).toBe(true);
    const consent = await context.newPage();
    await consent.goto(authorizeUrl);
    await consent.getByRole('button', { name: 'Allow' }).click();
    await consent.waitForURL(new RegExp(`^http://127\\.0\\.0\\.1:${serve.port}/oauth/callback`));
    await consent.close();

    await expectVisible(acme.getByText('Signed in', { exact: true }), 15_000);
    await expectVisible(acme.getByText('OAuth, owned by the companion', { exact: true }));
    const registration = cp.activeRegistrations('linear')[0];
    expect(registration).toBeDefined();
    await expectVisible(acme.getByText(registration!.clientId, { exact: true }));
    await expectVisible(page.getByText('acme is signed in.'));
    await expectVisible(
      page.locator('.health').getByText('Action needed').or(page.locator('.health').getByText('All good')),
    );
    await screenshot(page, 'servers');
  });

  it('Activity view shows the sign-in and proxied requests, updates live, filters by type, and shows no secrets', async () => {
    // An IDE's request through the gateway, with the local credential `connect` hands out.
    const connect = await runCli(['connect', 'acme', '--as', 'e2e-ide', '--json'], serve.env);
    const local = JSON.parse(connect.stdout) as { url: string; headers: { Authorization: string } };
    const rpc = await fetch(local.url, {
      method: 'POST',
      headers: { ...local.headers, 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'e2e', version: '1' } },
      }),
    });
    expect(rpc.status).toBe(200);
    await rpc.text();
    await page.getByRole('link', { name: 'Activity' }).click();
    const table = page.locator('table.events');
    await expectVisible(table.getByRole('row', { name: /Request.*acme.*initialize → 200 [\d.]+ ms/ }), 10_000);
    await expectVisible(table.getByRole('row', { name: /Signed in.*acme/ }));
    await expectVisible(table.getByRole('row', { name: /Registered.*acme/ }));
    // A logout by the CLI lands in the open page without a reload.
    const logout = await runCli(['logout', 'acme'], serve.env);
    expect(logout.code, logout.stderr).toBe(0);
    await expectVisible(table.getByRole('row', { name: /Logged out.*acme/ }), 10_000);
    await page.getByLabel('Type').selectOption('login.completed');
    await expectVisible(table.getByRole('row', { name: /Signed in.*acme/ }));
    expect(await table.locator('tbody tr').count()).toBe(1);
    await page.getByLabel('Type').selectOption('');
    await expectVisible(table.getByRole('row', { name: /Logged out.*acme/ }));
    const shown = await page.content();
    expect(shown).not.toMatch(/access_token|refresh_token|code_verifier|mcpc_[A-Za-z0-9_-]{8,}/);
    expect(shown).not.toContain(local.headers.Authorization.replace(/^Bearer /, ''));
    await screenshot(page, 'activity');
  });

  it('Settings view saves a setting and copies a redacted diagnostics report', async () => {
    await page.getByRole('link', { name: 'Settings' }).click();
    const hold = page.getByLabel('Request hold timeout (seconds)');
    await hold.fill('45');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expectVisible(page.getByText('Saved.', { exact: true }));
    await page.reload();
    await expectVisible(page.getByLabel('Request hold timeout (seconds)'));
    expect(await page.getByLabel('Request hold timeout (seconds)').inputValue()).toBe('45');
    expect(await page.getByLabel('Port').inputValue()).toBe(String(serve.port));

    await page.getByRole('button', { name: 'Copy diagnostics' }).click();
    await expectVisible(page.getByRole('button', { name: 'Copy diagnostics' }).getByText('Copied'));
    const copied = await page.evaluate<string>('navigator.clipboard.readText()');
    expect(copied).toContain('diagnostics (secrets redacted)');
    expect(copied).toContain('hold timeout: 45000 ms');
    expect(copied).not.toMatch(/SECRET|sk-ant-|lin_api_|mcpc_[A-Za-z0-9_-]{8,}/);
    await page.getByText('Show the copied report').click();
    await screenshot(page, 'settings');
  });

  it('switches to the dark theme and keeps it across reloads', async () => {
    await page.getByRole('link', { name: 'Servers' }).click();
    const toggle = page.getByRole('button', { name: /^Theme:/ });
    while ((await toggle.textContent()) !== 'Theme: dark') await toggle.click();
    expect(await page.evaluate('document.documentElement.dataset.theme')).toBe('dark');
    const bg = await page.evaluate('getComputedStyle(document.body).backgroundColor');
    expect(bg).toBe('rgb(17, 20, 24)');
    await page.reload();
    await expectVisible(page.getByRole('button', { name: 'Theme: dark' }));
    await expectVisible(card('server', 'acme'));
    await screenshot(page, 'servers-dark');
  });

  it('ran without script errors or Content-Security-Policy violations', () => {
    expect(problems).toEqual([]);
  });
});

async function expectVisible(locator: ReturnType<Page['locator']>, timeout = 10_000): Promise<void> {
  await locator.waitFor({ state: 'visible', timeout });
}
