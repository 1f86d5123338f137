// The tray menu as data: a pure function of the overview, the detected clients and a few
// settings, returning Electron's menu template. Tested without Electron.
import type { MenuItemConstructorOptions } from 'electron';
import type { ClientDescription, ClientId, Health, Overview, ServerStatus } from '../local-gateway/api/contract.js';

export interface TrayActions {
  openDashboard(): void;
  resetClient(client: ClientId): void;
  routeAll(): void;
  restoreAll(): void;
  setStartAtLogin(on: boolean): void;
  quit(): void;
}

export interface TrayExtras {
  startAtLogin: boolean;
  /** A standing warning (e.g. no OS keychain) shown at the top of the menu. */
  warning?: string;
}

export const HEALTH_LABEL: Record<Health, string> = {
  healthy: 'All servers signed in',
  refreshing: 'Signing in…',
  action_needed: 'Action needed',
  failed: 'Something failed',
};

export function serverLabel(s: ServerStatus): string {
  if (s.auth !== 'signed_in' && s.lastError) return `${s.name} — failed: ${truncate(s.lastError, 60)}`;
  const state = {
    signed_in: 'signed in',
    expired: 'expired, log in again',
    signing_in: 'waiting for browser sign-in',
    signed_out: 'not signed in',
  }[s.auth];
  return `${s.name} — ${state}`;
}

export function buildTrayMenu(
  overview: Overview | undefined,
  clients: ClientDescription[],
  actions: TrayActions,
  extras: TrayExtras,
): MenuItemConstructorOptions[] {
  const open = () => actions.openDashboard();
  const servers: MenuItemConstructorOptions[] = !overview
    ? [{ label: 'Loading…', enabled: false }]
    : overview.servers.length === 0
      ? [{ label: 'No upstream servers yet — add one in the dashboard', click: open }]
      : overview.servers.map((s) => ({ label: serverLabel(s), click: open }));
  const detected = clients.filter((c) => c.installed || c.configured);
  const resetItems: MenuItemConstructorOptions[] =
    detected.length === 0
      ? [{ label: 'No clients detected', enabled: false }]
      : detected.map((c) => ({
          label:
            c.cachedCredentials.length > 0
              ? `${c.name} (${c.cachedCredentials.length} cached)`
              : `${c.name} (nothing cached)`,
          enabled: c.cachedCredentials.length > 0,
          click: () => actions.resetClient(c.id),
        }));
  return [
    ...(extras.warning
      ? [{ label: `⚠ ${truncate(extras.warning, 80)}`, enabled: false }, { type: 'separator' as const }]
      : []),
    { label: overview ? HEALTH_LABEL[overview.health] : 'Starting…', enabled: false },
    ...servers,
    { type: 'separator' },
    { label: 'Open dashboard', click: open },
    { label: 'Reset credentials', submenu: resetItems },
    {
      label: 'Route all clients',
      enabled: detected.some((c) => c.entries.some((e) => e.kind === 'remote' && !e.readOnly)),
      click: () => actions.routeAll(),
    },
    {
      label: 'Restore original configs',
      enabled: detected.some((c) => c.entries.some((e) => e.kind === 'routed')),
      click: () => actions.restoreAll(),
    },
    { type: 'separator' },
    {
      label: 'Start at login',
      type: 'checkbox',
      checked: extras.startAtLogin,
      click: () => actions.setStartAtLogin(!extras.startAtLogin),
    },
    { label: 'Quit MCP Companion', click: () => actions.quit() },
  ];
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
