// The composition root against the shared fake `electron`, with a real companion (SQLite file in
// a temp dir, gateway listening on loopback): single instance, hardened window, blocked
// navigation, one handler per operation, a tray, and a quit that closes the companion.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Overview, ServerStatus } from '../../../local-gateway/api/contract.js';
import { DASHBOARD_URL } from '../../../electron/dashboard-protocol.js';
import { channelOf, OPERATIONS, type IpcResult } from '../../../electron/ipc.js';
import { run, type Shell } from '../../../electron/main.js';
import { createCompanion } from '../../../local-gateway/companion.js';
import { app, fake, ipcRenderer, resetFake, type FakeInvokeEvent } from '../../support/fake-electron.js';
import { freePort } from '../../support/ports.js';
import { startCorpNetwork } from '../../support/corp-net/index.js';

vi.mock('electron', () => import('../../support/fake-electron.js'));

let root: string;
let env: NodeJS.ProcessEnv;
let shell: Shell | undefined;

beforeEach(() => {
  resetFake();
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'mcpc-main-'));
  const home = path.join(root, 'home');
  fs.mkdirSync(home);
  env = {
    MCP_COMPANION_HOME: path.join(root, 'data'),
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    APPDATA: path.join(home, 'AppData'),
    PATH: process.env.PATH,
  };
  fake.appPath = path.join(root, 'app');
  fake.packaged = true;
});

afterEach(async () => {
  if (shell) {
    const before = fake.quitCalls;
    app.quit();
    await vi.waitFor(() => expect(fake.quitCalls).toBe(before + 2)); // the companion has closed
  }
  shell = undefined;
  fs.rmSync(root, { recursive: true, force: true });
});

async function call<T>(
  op: (typeof OPERATIONS)[number],
  payload: unknown,
  event: FakeInvokeEvent,
): Promise<IpcResult<T>> {
  fake.rendererEvent = event;
  return (await ipcRenderer.invoke(channelOf(op), payload)) as IpcResult<T>;
}

describe('main', () => {
  it('steps aside when another instance holds the lock', async () => {
    fake.singleInstance = false;
    await expect(run({ env, port: await freePort() })).resolves.toBeUndefined();
    expect(fake.quitCalls).toBe(1);
    expect(fake.handlers.size).toBe(0);
    expect(fake.trays).toHaveLength(0);
    expect(fs.existsSync(path.join(root, 'data'))).toBe(false);
  });

  it('refuses to start when a companion already serves the data dir, says where, and changes nothing', async () => {
    const port = await freePort();
    const serving = createCompanion({ dataDir: env.MCP_COMPANION_HOME!, env, port }); // stands in for `serve`
    await serving.listen();
    try {
      await expect(run({ env, port: await freePort() })).resolves.toBeUndefined();
      expect(fake.quitCalls).toBe(1);
      expect(fake.trays).toHaveLength(0);
      expect(fake.handlers.size).toBe(0);
      expect(fake.dialogs).toHaveLength(1);
      expect(fake.dialogs[0]!.message).toMatch(/already running/i);
      expect(fake.dialogs[0]!.detail).toContain(`pid ${process.pid}`);
      expect(fake.dialogs[0]!.detail).toContain(`http://127.0.0.1:${port}`);
      expect(serving.store.getSetting('port')).toBe(String(port)); // the app's port was not remembered
      expect((await fetch(`http://127.0.0.1:${port}/api/health`)).status).toBe(401); // still serving
    } finally {
      await serving.close();
    }
  });

  it('starts tray-only with the gateway listening and one IPC handler per operation', async () => {
    const port = await freePort();
    shell = await run({ env, port, platform: 'darwin' });
    expect(shell).toBeDefined();
    expect(fake.dockHidden).toBe(true);
    expect(fake.windows).toHaveLength(0); // the dashboard opens on demand
    expect([...fake.handlers.keys()].sort()).toEqual(OPERATIONS.map(channelOf).sort());
    expect(fake.privilegedSchemes.map((s) => s.scheme)).toEqual(['mcp-companion']);
    expect(fake.trays).toHaveLength(1);
    await vi.waitFor(() => expect(fake.trays[0]!.menu.length).toBeGreaterThan(0));
    expect(fake.trays[0]!.image.path).toBe(path.join(fake.appPath, 'build', 'tray', 'tray-actionNeededTemplate.png')); // no servers yet
    let denied: boolean | undefined;
    fake.permissionHandler!({}, 'media', (ok) => (denied = !ok));
    expect(denied).toBe(true);
    // The gateway is up on loopback and guards its admin API.
    const res = await fetch(`http://127.0.0.1:${port}/api/health`);
    expect(res.status).toBe(401);
    // Closing every window does not quit a tray app.
    expect(app.listenerCount('window-all-closed')).toBe(1);
  });

  it("uses the OS proxy settings (Chromium's resolveProxy) for upstreams and shows which proxy is in use", async () => {
    const corp = await startCorpNetwork({ cp: { staticAuth: { public: 'none' } } });
    try {
      fake.osProxy = `PROXY 127.0.0.1:${corp.proxy.port}; DIRECT`;
      shell = await run({ env, port: await freePort() });
      const { api, store } = shell!.companion;
      store.addServer({ name: 'public', url: corp.cp.mcpUrl('public') });
      await api['settings.update']({ caFile: corp.ca.caFile });
      expect((await api['settings.get']({})).network.proxy).toBe(
        'the OS proxy settings, asked per server (loopback is never proxied)',
      );
      const findings = await api['doctor.run']({});
      expect(findings.find((f) => f.server === 'public')?.problem).toBe(
        `public: ${new URL(corp.cp.baseUrl).host} answered (HTTP 400) through proxy http://127.0.0.1:${corp.proxy.port} (from the OS proxy settings), TLS verified.`,
      );
      expect(fake.resolvedProxyUrls).toContain(corp.cp.mcpUrl('public'));
      expect(corp.proxy.log).toEqual([`CONNECT ${new URL(corp.cp.baseUrl).host}`]);
    } finally {
      await corp.close();
    }
  });

  it('opens a hardened dashboard window that cannot navigate or open windows', async () => {
    shell = await run({ env, port: await freePort() });
    shell!.openDashboard();
    const win = fake.windows[0]!;
    expect(win.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
    });
    expect(String(win.options.webPreferences!.preload)).toMatch(/preload[/\\]preload\.js$/);
    expect(win.loadedUrl).toBe(DASHBOARD_URL);
    await vi.waitFor(() => expect(win.visible).toBe(true));

    const wc = win.webContents;
    expect(wc.navigate('will-navigate', 'https://evil.example/phish')).toBe(true);
    expect(wc.navigate('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(wc.navigate('will-navigate', 'mcp-companion://dashboard/other.html')).toBe(true);
    expect(wc.navigate('will-redirect', 'https://evil.example/')).toBe(true);
    expect(wc.navigate('will-attach-webview', 'https://evil.example/')).toBe(true);
    expect(wc.openHandler!({ url: 'https://docs.example/help' })).toEqual({ action: 'deny' });
    expect(wc.openHandler!({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    await vi.waitFor(() =>
      expect(fake.openedExternal).toEqual(['https://evil.example/phish', 'https://docs.example/help']),
    );

    // A second launch focuses the existing window instead of opening another.
    app.emit('second-instance');
    expect(fake.windows).toHaveLength(1);
  });

  it('answers the dashboard over IPC with the real companion, and nobody else', async () => {
    shell = await run({ env, port: await freePort() });
    shell!.openDashboard();
    const own: FakeInvokeEvent = {
      sender: { id: fake.windows[0]!.webContents.id },
      senderFrame: { url: DASHBOARD_URL, parent: null },
    };
    const added = await call<ServerStatus>('servers.add', { name: 'linear', url: 'https://mcp.linear.app/mcp' }, own);
    expect(added).toMatchObject({ ok: true, result: { name: 'linear', auth: 'signed_out' } });
    const status = await call<Overview>('status.get', {}, own);
    expect(status.ok && status.result.servers.map((s) => s.name)).toEqual(['linear']);
    expect(await call('servers.remove', { name: 'nope' }, own)).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    const foreign = { ...own, sender: { id: 999 } };
    expect(await call('servers.list', {}, foreign)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // "Start at login" from the dashboard reaches the OS login items.
    expect(await call('settings.update', { startAtLogin: true }, own)).toMatchObject({
      ok: true,
      result: { startAtLogin: true },
    });
    expect(fake.loginItems).toEqual([{ openAtLogin: true }]);
  });

  it('serves one CompanionApi: the IPC and the admin API call the same handlers with the same hooks', async () => {
    const port = await freePort();
    shell = await run({ env, port });
    shell!.openDashboard();
    const own: FakeInvokeEvent = {
      sender: { id: fake.windows[0]!.webContents.id },
      senderFrame: { url: DASHBOARD_URL, parent: null },
    };
    // A second handler set built anywhere (with other hooks) would not see this spy.
    const update = vi.spyOn(shell!.companion.api, 'settings.update');
    expect(await call('settings.update', { startAtLogin: true }, own)).toMatchObject({ ok: true });
    const res = await fetch(`http://127.0.0.1:${port}/api/rpc/settings.update`, {
      method: 'POST',
      headers: { authorization: `Bearer ${shell!.companion.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ startAtLogin: false }),
    });
    expect(res.status).toBe(200);
    expect(update).toHaveBeenCalledTimes(2);
    // Both paths reach the OS login items through the app's hook.
    expect(fake.loginItems).toEqual([{ openAtLogin: true }, { openAtLogin: false }]);
  });

  it('quits cleanly: holds the exit until the companion is closed', async () => {
    const port = await freePort();
    shell = await run({ env, port });
    shell!.openDashboard();
    const companion = shell!.companion;
    app.quit();
    expect(fake.heldQuits).toBe(1); // held while the companion closes…
    await vi.waitFor(() => expect(fake.quitCalls).toBe(2)); // …then released
    expect(fake.heldQuits).toBe(1);
    await expect(fetch(`http://127.0.0.1:${port}/api/health`)).rejects.toThrow();
    expect(() => companion.store.listServers()).toThrow();
    expect(fake.handlers.size).toBe(0);
    expect(fake.trays[0]!.destroyed).toBe(true);
    expect(fake.windows[0]!.destroyed).toBe(true);
    shell = undefined;
  });

  it('stays up and says so when the gateway port is taken', async () => {
    const port = await freePort();
    const blocker = (await import('node:http')).createServer().listen(port, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    try {
      shell = await run({ env, port });
      expect(fake.notifications.map((n) => n.title)).toContain('MCP Companion could not start');
      await vi.waitFor(() => expect(fake.trays[0]!.image.path).toMatch(/tray-failed/));
    } finally {
      blocker.close();
    }
  });
});
