// The dashboard window, created on demand and hardened: isolated, sandboxed, no Node, web
// security on, served from our own origin with a strict CSP. It cannot navigate anywhere or open
// windows; http(s) links go to the system browser.
import { BrowserWindow, session, type IpcMainInvokeEvent, type WebPreferences } from 'electron';
import { DASHBOARD_URL, isDashboardUrl } from './dashboard-protocol.js';
import { isWebUrl, openInBrowser } from './external.js';

export interface DashboardWindow {
  /** Shows the window, creating it first when needed. */
  open(): void;
  /** Only the current dashboard's top frame may call the companion over IPC. */
  isTrustedSender(event: IpcMainInvokeEvent): boolean;
  close(): void;
}

export function hardenedPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
  };
}

export function createDashboardWindow(preload: string): DashboardWindow {
  let win: BrowserWindow | undefined;

  const create = (): BrowserWindow => {
    const w = new BrowserWindow({
      width: 1100,
      height: 760,
      minWidth: 720,
      minHeight: 480,
      show: false,
      title: 'MCP Companion',
      autoHideMenuBar: true,
      webPreferences: hardenedPreferences(preload),
    });
    const contents = w.webContents;
    contents.setWindowOpenHandler(({ url }) => {
      if (isWebUrl(url)) void openInBrowser(url).catch(() => undefined);
      return { action: 'deny' };
    });
    contents.on('will-navigate', (event, url) => {
      event.preventDefault();
      if (isWebUrl(url)) void openInBrowser(url).catch(() => undefined);
    });
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    w.once('ready-to-show', () => w.show());
    w.on('closed', () => {
      if (win === w) win = undefined;
    });
    void w.loadURL(DASHBOARD_URL);
    return w;
  };

  return {
    open() {
      if (!win || win.isDestroyed()) win = create();
      else {
        if (win.isMinimized()) win.restore();
        win.show();
        win.focus();
      }
    },
    isTrustedSender(event) {
      const frame = event.senderFrame;
      return (
        !!win &&
        !win.isDestroyed() &&
        event.sender.id === win.webContents.id &&
        !!frame &&
        frame.parent === null &&
        isDashboardUrl(frame.url)
      );
    },
    close() {
      win?.destroy();
      win = undefined;
    },
  };
}

/** The dashboard needs no camera, notifications-from-web, clipboard-read…: deny every permission. */
export function lockDownSession(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
}
