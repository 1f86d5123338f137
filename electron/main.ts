// Composition root of the desktop app: one instance, the gateway core, the tray, the dashboard
// window on demand, a clean quit. Everything else lives in the files it wires together.
//
// The gateway core runs IN this process, not in a utility process: one connection to the store
// (no second SQLite writer to coordinate), tokens and the secret box never cross a process
// boundary, and there is one lifecycle to start and stop. The main process only does I/O-bound
// work, so the UI stays responsive. better-sqlite3 is a native module: electron-builder rebuilds
// it for Electron's ABI at package time (`npmRebuild`), and keeps it outside the asar.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, dialog, ipcMain, session } from 'electron';
import { createCompanion, type Companion } from '../local-gateway/companion.js';
import { errorMessage, isCompanionError } from '../local-gateway/core/errors.js';
import { createFileSecretBox, defaultDataDir } from '../local-gateway/store/index.js';
import { electronBridgeCommand } from './bridge.js';
import { registerDashboardScheme, serveDashboard } from './dashboard-protocol.js';
import { openInBrowser } from './external.js';
import { registerIpc } from './ipc.js';
import { showNotice, watchEvents } from './notifications.js';
import { chooseSecretBox } from './secret-box.js';
import { createTrayActions } from './tray-actions.js';
import { createTray } from './tray.js';
import { createDashboardWindow, lockDownSession } from './window.js';

export const APP_ID = 'dev.mcpcompanion.app';
const here = path.dirname(fileURLToPath(import.meta.url));

export interface ShellOptions {
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  port?: number;
}

export interface Shell {
  companion: Companion;
  openDashboard(): void;
}

/**
 * Starts the app; resolves undefined when another instance already runs (it gets focused), or
 * when `serve` already serves this data dir (the user is told where).
 */
export async function run(opts: ShellOptions = {}): Promise<Shell | undefined> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return undefined;
  }
  const env = opts.env ?? process.env;
  const platform = opts.platform ?? process.platform;
  registerDashboardScheme(); // must precede "ready"
  await app.whenReady();
  if (platform === 'darwin') app.dock?.hide(); // tray-only (LSUIElement covers the packaged app)
  if (platform === 'win32') app.setAppUserModelId(APP_ID); // Windows shows notifications per AUMID
  lockDownSession();

  // The gateway core, with the desktop's secret box, browser and bridge launcher.
  const dataDir = defaultDataDir(env, platform);
  const secrets = chooseSecretBox(createFileSecretBox(dataDir), platform);
  const companion = createCompanion({
    dataDir,
    env,
    platform,
    port: opts.port,
    hooks: { applyStartAtLogin: (on) => app.isPackaged && app.setLoginItemSettings({ openAtLogin: on }) },
    secretBox: secrets.box,
    openBrowser: env.BROWSER ? undefined : openInBrowser, // BROWSER stays the documented override
    // The OS's proxy settings (PAC, WPAD, system proxy) as Chromium resolves them; HTTPS_PROXY wins.
    resolveProxy: (url) => session.defaultSession.resolveProxy(url),
    bridgeCommand: electronBridgeCommand({ execPath: process.execPath, appRoot: app.getAppPath(), platform }),
  });
  let listenError: Error | undefined;
  try {
    await companion.listen();
  } catch (err) {
    // One companion per data dir: `serve` (or another app) already owns it; step aside, changing nothing.
    if (isCompanionError(err, 'already_running')) {
      await companion.close();
      await dialog.showMessageBox({ type: 'info', message: 'MCP Companion is already running', detail: err.message });
      app.quit();
      return undefined;
    }
    listenError = new Error(
      `The gateway could not listen on 127.0.0.1:${companion.port} (${errorMessage(err)}): another program holds that port.`,
    );
  }
  const api = companion.api; // the one the admin API serves too: IPC and HTTP cannot drift

  // The dashboard: our own origin, a hardened window, IPC answering only that window.
  serveDashboard(path.join(app.getAppPath(), 'dist', 'renderer'));
  const dashboard = createDashboardWindow(path.join(here, 'preload', 'preload.js'));
  const unregisterIpc = registerIpc(ipcMain, api, dashboard.isTrustedSender);
  app.on('second-instance', () => dashboard.open());
  app.on('window-all-closed', () => undefined); // a tray app outlives its window

  // Tray and notifications.
  const notify = (title: string, body: string) => showNotice({ title, body }, dashboard.open);
  const tray = createTray({
    api,
    platform,
    warning: secrets.warning,
    failure: () => listenError,
    iconDir: path.join(app.getAppPath(), 'build', 'tray'),
    actions: createTrayActions({
      api,
      notify,
      openDashboard: dashboard.open,
      quit: () => app.quit(),
      changed: () => void tray.refresh(),
    }),
  });
  const watcher = watchEvents({
    listEvents: (q) => companion.store.listEvents(q),
    notify: (n) => showNotice(n, dashboard.open),
    onEvents: () => void tray.refresh(),
  });
  if (listenError) notify('MCP Companion could not start', listenError.message);
  if (secrets.warning) notify('Secrets are not in the OS keychain', secrets.warning);

  // Quit: hold the exit until the gateway has closed its sockets and the store.
  let closing = false;
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    if (closing) return;
    closing = true;
    watcher.stop();
    tray.destroy();
    unregisterIpc();
    dashboard.close();
    void companion
      .close()
      .catch((err: unknown) => console.error('[main] close failed:', errorMessage(err)))
      .finally(() => {
        closed = true;
        app.quit();
      });
  });
  return { companion, openDashboard: dashboard.open };
}

// Started by Electron; importing this file elsewhere (tests) has no side effects.
if (process.versions.electron) void run();
