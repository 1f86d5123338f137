// The tray icon: its image and tooltip follow the overall health, its menu is rebuilt from the
// companion's state periodically and whenever the event watcher sees something new.
import path from 'node:path';
import { Menu, Tray, nativeImage } from 'electron';
import type { CompanionApi, Health, Overview } from '../local-gateway/api/contract.js';
import { buildTrayMenu, HEALTH_LABEL, type TrayActions } from './tray-menu.js';

export type TrayState = Health;

/** The icon state: the overview's health; "refreshing" until it is known, "failed" if unreadable. */
export function trayState(overview: Overview | Error | undefined): TrayState {
  if (overview === undefined) return 'refreshing';
  if (overview instanceof Error) return 'failed';
  return overview.health;
}

/**
 * The icon file (under build/tray/) for a state. macOS gets template images (black + alpha,
 * recoloured by the OS for light/dark menu bars; "Template" in the name tells Electron), other
 * platforms coloured ones. `@2x` variants sit next to them and are picked up automatically.
 */
export function iconFor(state: TrayState, platform: NodeJS.Platform): string {
  const camel = state.replace(/_(\w)/g, (_m, c: string) => c.toUpperCase());
  return platform === 'darwin' ? `tray-${camel}Template.png` : `tray-${camel}.png`;
}

export function trayTooltip(state: TrayState, overview: Overview | undefined, warning?: string): string {
  const lines = [`MCP Companion — ${HEALTH_LABEL[state]}`, ...(overview?.attention.slice(0, 3) ?? [])];
  if (warning) lines.push(`⚠ ${warning}`);
  return lines.join('\n');
}

export interface TrayDeps {
  api: CompanionApi;
  actions: TrayActions;
  iconDir: string;
  platform: NodeJS.Platform;
  /** Standing warning, e.g. secrets not in the OS keychain. */
  warning?: string;
  /** A failure outside the overview (the gateway could not listen): shows as "failed". */
  failure?: () => Error | undefined;
  refreshMs?: number;
}

export interface TrayController {
  refresh(): Promise<void>;
  destroy(): void;
}

export function createTray(deps: TrayDeps): TrayController {
  const image = (state: TrayState) =>
    nativeImage.createFromPath(path.join(deps.iconDir, iconFor(state, deps.platform)));
  const tray = new Tray(image('refreshing'));
  tray.setToolTip(trayTooltip('refreshing', undefined, deps.warning));
  let shown: TrayState | undefined;
  // macOS opens the menu on click; elsewhere a click is the natural "show me" gesture.
  if (deps.platform !== 'darwin') tray.on('click', () => deps.actions.openDashboard());

  const refresh = async () => {
    const [overview, clients, settings] = await Promise.all([
      deps.api['status.get']({}).catch((err: unknown) => (err instanceof Error ? err : new Error(String(err)))),
      deps.api['clients.list']({}).catch(() => []),
      deps.api['settings.get']({}).catch(() => undefined),
    ]);
    if (tray.isDestroyed()) return;
    const state = trayState(deps.failure?.() ?? overview);
    const known = overview instanceof Error ? undefined : overview;
    if (state !== shown) tray.setImage(image(state));
    shown = state;
    tray.setToolTip(trayTooltip(state, known, deps.failure?.()?.message ?? deps.warning));
    const template = buildTrayMenu(known, clients, deps.actions, {
      startAtLogin: settings?.startAtLogin ?? false,
      warning: deps.warning,
    });
    tray.setContextMenu(Menu.buildFromTemplate(template));
  };
  const timer = setInterval(() => void refresh(), deps.refreshMs ?? 15_000);
  timer.unref();
  void refresh();
  return {
    refresh,
    destroy() {
      clearInterval(timer);
      tray.destroy();
    },
  };
}
