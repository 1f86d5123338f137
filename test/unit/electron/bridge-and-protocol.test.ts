// The packaged bridge launch (ELECTRON_RUN_AS_NODE in the entry env, absolute paths) and the
// dashboard protocol (files under dist/renderer only, every response with the CSP).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { electronBridgeCommand } from '../../../electron/bridge.js';
import {
  assetPath,
  DASHBOARD_CSP,
  DASHBOARD_SCHEME,
  isDashboardUrl,
  registerDashboardScheme,
  serveDashboard,
} from '../../../electron/dashboard-protocol.js';
import { fake, resetFake } from '../../support/fake-electron.js';

vi.mock('electron', () => import('../../support/fake-electron.js'));

let dir: string;
beforeEach(() => {
  resetFake();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mcpc-shell-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('electronBridgeCommand', () => {
  it('runs the app binary as Node with the bridge script; the entry env carries ELECTRON_RUN_AS_NODE', () => {
    // A stand-in app root whose "CLI" prints what it was started with.
    fs.mkdirSync(path.join(dir, 'bin'));
    fs.writeFileSync(
      path.join(dir, 'bin', 'mcp-companion.js'),
      'console.log(JSON.stringify({ runAsNode: process.env.ELECTRON_RUN_AS_NODE, args: process.argv.slice(2) }))',
    );
    const launch = electronBridgeCommand({ execPath: process.execPath, appRoot: dir, platform: process.platform })(
      'linear',
      'http://127.0.0.1:4000/servers/linear/mcp',
    );
    expect(launch.command).toBe(process.execPath);
    expect(path.isAbsolute(launch.args[0]!)).toBe(true);
    expect(launch.env).toEqual({ ELECTRON_RUN_AS_NODE: '1' });
    // What a client does with the entry: its env only (an IDE may pass nothing else).
    const run = spawnSync(launch.command, launch.args, { encoding: 'utf8', env: launch.env });
    expect(JSON.parse(run.stdout)).toEqual({
      runAsNode: '1',
      args: ['bridge', 'linear', '--url', 'http://127.0.0.1:4000/servers/linear/mcp'],
    });
  });

  it('builds Windows paths for the Windows app (no shell, no PATH lookup there either)', () => {
    const launch = electronBridgeCommand({
      execPath: 'C:\\Program Files\\MCP Companion\\MCP Companion.exe',
      appRoot: 'C:\\Program Files\\MCP Companion\\resources\\app.asar',
      platform: 'win32',
    })('linear', 'http://127.0.0.1:4000/servers/linear/mcp');
    expect(launch.command).toBe('C:\\Program Files\\MCP Companion\\MCP Companion.exe');
    expect(launch.args[0]).toBe('C:\\Program Files\\MCP Companion\\resources\\app.asar\\bin\\mcp-companion.js');
    expect(launch.env).toEqual({ ELECTRON_RUN_AS_NODE: '1' });
  });
});

describe('dashboard protocol', () => {
  it('maps dashboard URLs to files inside the root only', () => {
    const root = path.join(dir, 'renderer');
    expect(assetPath(root, 'mcp-companion://dashboard/index.html')).toBe(path.join(root, 'index.html'));
    expect(assetPath(root, 'mcp-companion://dashboard/')).toBe(path.join(root, 'index.html'));
    expect(assetPath(root, 'mcp-companion://dashboard/servers')).toBe(path.join(root, 'index.html'));
    expect(assetPath(root, 'mcp-companion://dashboard/assets/app-1.js')).toBe(path.join(root, 'assets', 'app-1.js'));
    // The URL parser resolves dot segments first, so these stay inside the root.
    expect(assetPath(root, 'mcp-companion://dashboard/%2e%2e/%2e%2e/etc/passwd.txt')).toBe(
      path.join(root, 'etc', 'passwd.txt'),
    );
    expect(assetPath(root, 'mcp-companion://dashboard/../../etc/passwd.txt')).toBe(
      path.join(root, 'etc', 'passwd.txt'),
    );
    for (const bad of [
      'mcp-companion://dashboard/..%2f..%2fsecret.key',
      'mcp-companion://dashboard/a%5c..%5c..%5csecret.key',
      'mcp-companion://dashboard/a%00.js',
      'mcp-companion://other/index.html',
      'file:///etc/passwd',
      'https://dashboard/index.html',
      'not a url',
    ])
      expect(assetPath(root, bad), bad).toBeUndefined();
  });

  it('recognises the dashboard origin exactly', () => {
    expect(isDashboardUrl('mcp-companion://dashboard/index.html#/clients')).toBe(true);
    expect(isDashboardUrl('mcp-companion://dashboard.evil/index.html')).toBe(false);
    expect(isDashboardUrl('mcp-companion://dashboard:1/index.html')).toBe(false);
  });

  it('registers a standard, secure scheme and serves files with the CSP', async () => {
    const root = path.join(dir, 'renderer');
    fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
    fs.writeFileSync(
      path.join(root, 'index.html'),
      '<!doctype html><script type="module" src="/assets/app.js"></script>',
    );
    fs.writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
    fs.writeFileSync(path.join(dir, 'secret.key'), 'nope');
    registerDashboardScheme();
    expect(fake.privilegedSchemes).toEqual([
      { scheme: DASHBOARD_SCHEME, privileges: { standard: true, secure: true } },
    ]);
    serveDashboard(root);
    const handle = fake.protocolHandlers.get(DASHBOARD_SCHEME)!;

    const page = await handle(new Request('mcp-companion://dashboard/index.html'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(DASHBOARD_CSP);
    expect(await page.text()).toContain('/assets/app.js');
    const script = await handle(new Request('mcp-companion://dashboard/assets/app.js'));
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');

    for (const url of ['mcp-companion://dashboard/%2e%2e/secret.key', 'mcp-companion://dashboard/missing.js']) {
      const res = await handle(new Request(url));
      expect(res.status).toBe(404);
      expect(res.headers.get('content-security-policy')).toBe(DASHBOARD_CSP);
    }
    expect(
      (await handle(new Request('mcp-companion://dashboard/index.html', { method: 'POST', body: 'x' }))).status,
    ).toBe(404);
  });

  it('has a CSP that allows nothing but the dashboard itself', () => {
    expect(DASHBOARD_CSP).toMatch(/^default-src 'self'/);
    expect(DASHBOARD_CSP).not.toMatch(/unsafe-inline|unsafe-eval|\*|http:|https:/);
    expect(DASHBOARD_CSP).toContain("object-src 'none'");
    expect(DASHBOARD_CSP).toContain("frame-ancestors 'none'");
  });
});
