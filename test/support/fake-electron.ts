// The one fake of the `electron` module (the Electron binary cannot be downloaded here). Tests
// use `vi.mock('electron', () => import('../../support/fake-electron.js'))`. It implements just
// the surface electron/ touches, records what was asked of it in `fake`, and lets a test play
// the renderer (ipcRenderer.invoke → the registered ipcMain handler, with a chosen sender).
// It never imports electron itself (the architecture test checks that).
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

type Handler = (event: FakeInvokeEvent, ...args: unknown[]) => unknown;

export interface FakeInvokeEvent {
  sender: { id: number };
  senderFrame: { url: string; parent: unknown } | null;
}

export interface MenuItem {
  label?: string;
  type?: string;
  enabled?: boolean;
  checked?: boolean;
  click?: () => void;
  submenu?: MenuItem[];
}

function freshState() {
  return {
    singleInstance: true,
    packaged: false,
    appPath: process.cwd(),
    encryptionAvailable: true,
    storageBackend: 'gnome_libsecret' as string,
    notificationsSupported: true,
    /** What `dialog.showMessageBox` answers (button index). */
    dialogResponse: 0,
    quitCalls: 0,
    /** Quits a "will-quit" listener held with preventDefault() (to finish closing first). */
    heldQuits: 0,
    dockHidden: false,
    loginItems: [] as Array<{ openAtLogin: boolean }>,
    handlers: new Map<string, Handler>(),
    exposed: new Map<string, unknown>(),
    openedExternal: [] as string[],
    notifications: [] as Array<{ title: string; body: string }>,
    dialogs: [] as Array<{ message: string; detail?: string }>,
    windows: [] as FakeBrowserWindow[],
    trays: [] as FakeTray[],
    menus: [] as MenuItem[][],
    privilegedSchemes: [] as Array<{ scheme: string; privileges: Record<string, boolean> }>,
    protocolHandlers: new Map<string, (req: Request) => Promise<Response> | Response>(),
    permissionHandler: undefined as undefined | ((wc: unknown, perm: string, cb: (ok: boolean) => void) => void),
    /** What session.resolveProxy answers (PAC form), and the URLs it was asked about. */
    osProxy: 'DIRECT',
    resolvedProxyUrls: [] as string[],
    /** The event `ipcRenderer.invoke` presents to main (set it to play a foreign sender). */
    rendererEvent: undefined as FakeInvokeEvent | undefined,
  };
}

export const fake = freshState();

/** Back to a clean slate between tests (keeps the exported objects, clears their records). */
export function resetFake(): void {
  Object.assign(fake, freshState());
  app.removeAllListeners();
}

let nextId = 1;

class FakeApp extends EventEmitter {
  get isPackaged() {
    return fake.packaged;
  }
  readonly dock = { hide: () => void (fake.dockHidden = true) };
  requestSingleInstanceLock = () => fake.singleInstance;
  whenReady = () => Promise.resolve();
  getAppPath = () => fake.appPath;
  getPath = (name: string) => `/fake/${name}`;
  setAppUserModelId = (_id: string) => undefined;
  setLoginItemSettings = (s: { openAtLogin: boolean }) => void fake.loginItems.push(s);
  getLoginItemSettings = () => fake.loginItems.at(-1) ?? { openAtLogin: false };
  quit = () => {
    fake.quitCalls++;
    // Like Electron: "will-quit" listeners may preventDefault() to hold the exit.
    const event = {
      defaultPrevented: false,
      preventDefault() {
        this.defaultPrevented = true;
      },
    };
    this.emit('will-quit', event);
    if (event.defaultPrevented) fake.heldQuits++;
  };
  exit = () => undefined;
}
export const app = new FakeApp();

class FakeWebContents extends EventEmitter {
  readonly id = nextId++;
  openHandler: ((d: { url: string }) => { action: string }) | undefined;
  setWindowOpenHandler(h: (d: { url: string }) => { action: string }) {
    this.openHandler = h;
  }
  /** Runs a navigation attempt as Chromium would; returns true when it was blocked. */
  navigate(event: string, url: string): boolean {
    let prevented = false;
    this.emit(event, { preventDefault: () => void (prevented = true) }, url);
    return prevented;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  readonly webContents = new FakeWebContents();
  loadedUrl: string | undefined;
  visible = false;
  destroyed = false;
  constructor(readonly options: { webPreferences?: Record<string, unknown> } & Record<string, unknown>) {
    super();
    fake.windows.push(this);
  }
  loadURL(url: string) {
    this.loadedUrl = url;
    queueMicrotask(() => this.emit('ready-to-show'));
    return Promise.resolve();
  }
  show() {
    this.visible = true;
  }
  focus() {}
  restore() {}
  isMinimized() {
    return false;
  }
  isDestroyed() {
    return this.destroyed;
  }
  destroy() {
    this.destroyed = true;
    this.emit('closed');
  }
}
export const BrowserWindow = FakeBrowserWindow;

export class FakeTray extends EventEmitter {
  tooltip = '';
  menu: MenuItem[] = [];
  destroyed = false;
  constructor(public image: FakeImage) {
    super();
    fake.trays.push(this);
  }
  setImage(image: FakeImage) {
    this.image = image;
  }
  setToolTip(text: string) {
    this.tooltip = text;
  }
  setContextMenu(menu: { template: MenuItem[] }) {
    this.menu = menu.template;
  }
  isDestroyed() {
    return this.destroyed;
  }
  destroy() {
    this.destroyed = true;
  }
}
export const Tray = FakeTray;

export const Menu = {
  buildFromTemplate(template: MenuItem[]) {
    fake.menus.push(template);
    return { template };
  },
};

export interface FakeImage {
  path: string;
}
export const nativeImage = { createFromPath: (path: string): FakeImage => ({ path }) };

export const ipcMain = {
  handle(channel: string, handler: Handler) {
    if (fake.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    fake.handlers.set(channel, handler);
  },
  removeHandler(channel: string) {
    fake.handlers.delete(channel);
  },
};

/** Structured clone, as Electron's IPC does on the way in and out. */
export const ipcRenderer = {
  async invoke(channel: string, ...args: unknown[]) {
    const handler = fake.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    const event = fake.rendererEvent ?? { sender: { id: -1 }, senderFrame: null };
    return structuredClone(await handler(event, ...structuredClone(args)));
  },
};

export const contextBridge = {
  exposeInMainWorld(key: string, api: unknown) {
    if (fake.exposed.has(key)) throw new Error(`Cannot bind an API on top of an existing property: ${key}`);
    fake.exposed.set(key, api);
  },
};

/** Reversible stand-in for OS encryption: good enough to prove the box's format and routing. */
export const safeStorage = {
  isEncryptionAvailable: () => fake.encryptionAvailable,
  getSelectedStorageBackend: () => fake.storageBackend,
  encryptString: (plain: string) => Buffer.from(`enc:${plain}`, 'utf8').map((b) => b ^ 0x5a),
  decryptString(buf: Buffer) {
    const text = Buffer.from(buf.map((b) => b ^ 0x5a)).toString('utf8');
    if (!text.startsWith('enc:'))
      throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return text.slice(4);
  },
};

export const shell = {
  async openExternal(url: string) {
    fake.openedExternal.push(url);
  },
};

export class Notification extends EventEmitter {
  static isSupported = () => fake.notificationsSupported;
  constructor(readonly options: { title: string; body: string }) {
    super();
  }
  show() {
    fake.notifications.push({ title: this.options.title, body: this.options.body });
  }
}

export const dialog = {
  async showMessageBox(opts: { message: string; detail?: string }) {
    fake.dialogs.push({ message: opts.message, detail: opts.detail });
    return { response: fake.dialogResponse, checkboxChecked: false };
  },
};

export const session = {
  defaultSession: {
    setPermissionRequestHandler(h: typeof fake.permissionHandler) {
      fake.permissionHandler = h;
    },
    setPermissionCheckHandler(_h: unknown) {},
    /** Chromium's answer for the OS proxy settings (PAC form); tests set fake.osProxy. */
    async resolveProxy(url: string): Promise<string> {
      fake.resolvedProxyUrls.push(url);
      return fake.osProxy;
    },
  },
};

export const protocol = {
  registerSchemesAsPrivileged(schemes: Array<{ scheme: string; privileges: Record<string, boolean> }>) {
    fake.privilegedSchemes.push(...schemes);
  },
  handle(scheme: string, handler: (req: Request) => Promise<Response> | Response) {
    fake.protocolHandlers.set(scheme, handler);
  },
};

/** net.fetch for file: URLs only (all the dashboard protocol needs). */
export const net = {
  async fetch(url: string) {
    try {
      return new Response(fs.readFileSync(fileURLToPath(url)));
    } catch {
      return new Response('not found', { status: 404 });
    }
  },
};
