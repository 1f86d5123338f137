// Tray: the icon state follows the overall health, each state has its icon files (template
// images on macOS), and the menu lists each upstream and the one-click fixes.
import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type {
  ClientDescription,
  CompanionApi,
  Health,
  Overview,
  ServerStatus,
} from '../../../local-gateway/api/contract.js';
import { deriveHealth } from '../../../local-gateway/api/health.js';
import { buildTrayMenu, type TrayActions } from '../../../electron/tray-menu.js';
import { createTray, iconFor, trayState, trayTooltip } from '../../../electron/tray.js';
import { fake, resetFake, type MenuItem } from '../../support/fake-electron.js';

vi.mock('electron', () => import('../../support/fake-electron.js'));

const ICON_DIR = path.resolve('build/tray');
const STATES: Health[] = ['healthy', 'refreshing', 'action_needed', 'failed'];

const server = (name: string, auth: ServerStatus['auth'], lastError?: string): ServerStatus => ({
  name,
  url: `https://${name}.example/mcp`,
  transport: 'streamable-http',
  localUrl: `http://127.0.0.1:4780/servers/${name}/mcp`,
  headerNames: [],
  authKind: 'oauth',
  client: 'dcr',
  auth,
  lastError,
});
const overviewOf = (servers: ServerStatus[]): Overview => ({ ...deriveHealth(servers), servers });
const client = (
  id: ClientDescription['id'],
  name: string,
  cached: number,
  kinds: Array<'remote' | 'routed' | 'local'> = [],
): ClientDescription => ({
  id,
  name,
  installed: true,
  configured: kinds.length > 0,
  running: false,
  configFiles: [],
  notes: [],
  entries: kinds.map((kind, i) => ({ name: `e${i}`, file: '/x.json', scope: 'user', kind })),
  cachedCredentials: Array.from({ length: cached }, (_, i) => ({ server: `s${i}`, store: '/cache', key: `k${i}` })),
});

function recordingActions() {
  const calls: string[] = [];
  const actions: TrayActions = {
    openDashboard: () => calls.push('open'),
    resetClient: (c) => calls.push(`reset:${c}`),
    routeAll: () => calls.push('routeAll'),
    restoreAll: () => calls.push('restoreAll'),
    setStartAtLogin: (on) => calls.push(`startAtLogin:${on}`),
    quit: () => calls.push('quit'),
  };
  return { actions, calls };
}

const find = (menu: unknown[], label: string | RegExp) =>
  (menu as MenuItem[]).find((i) => (typeof label === 'string' ? i.label === label : label.test(i.label ?? '')));

describe('trayState', () => {
  it('follows the overall health of the upstreams', () => {
    expect(trayState(overviewOf([server('a', 'signed_in'), server('b', 'signed_in')]))).toBe('healthy');
    expect(trayState(overviewOf([server('a', 'signed_in'), server('b', 'signing_in')]))).toBe('refreshing');
    expect(trayState(overviewOf([server('a', 'signed_in'), server('b', 'expired')]))).toBe('action_needed');
    expect(trayState(overviewOf([server('a', 'signing_in'), server('b', 'signed_out', 'invalid_client')]))).toBe(
      'failed',
    );
    expect(trayState(overviewOf([]))).toBe('action_needed');
  });

  it('shows "refreshing" until the state is known and "failed" when it cannot be read', () => {
    expect(trayState(undefined)).toBe('refreshing');
    expect(trayState(new Error('store closed'))).toBe('failed');
  });
});

describe('iconFor', () => {
  it.each(STATES)('%s has a macOS template image (+@2x) and a coloured icon (+@2x) on disk', (state) => {
    const mac = iconFor(state, 'darwin');
    expect(mac).toMatch(/Template\.png$/);
    for (const platform of ['win32', 'linux'] as const) expect(iconFor(state, platform)).not.toMatch(/Template/);
    for (const file of [mac, iconFor(state, 'win32')]) {
      for (const variant of [file, file.replace(/\.png$/, '@2x.png')]) {
        const png = fs.readFileSync(path.join(ICON_DIR, variant));
        expect(png.subarray(1, 4).toString()).toBe('PNG');
      }
    }
  });

  it('gives each state its own icon', () => {
    expect(new Set(STATES.map((s) => iconFor(s, 'darwin'))).size).toBe(4);
    expect(
      new Set(STATES.map((s) => fs.readFileSync(path.join(ICON_DIR, iconFor(s, 'linux'))).toString('base64'))).size,
    ).toBe(4);
  });
});

describe('buildTrayMenu', () => {
  const overview = overviewOf([
    server('linear', 'signed_in'),
    server('notion', 'signed_out'),
    server('github', 'signed_out', 'The server refused the registration.'),
  ]);
  const clients = [
    client('claude-code', 'Claude Code', 2, ['remote']),
    client('cursor', 'Cursor', 0, ['routed']),
    { ...client('codex', 'Codex', 0), installed: false },
  ];

  it('lists each upstream with its state, then the actions, in order', () => {
    const { actions } = recordingActions();
    const menu = buildTrayMenu(overview, clients, actions, { startAtLogin: false });
    expect(menu.map((i) => i.label ?? `--${i.type}`)).toEqual([
      'Something failed',
      'linear — signed in',
      'notion — not signed in',
      'github — failed: The server refused the registration.',
      '--separator',
      'Open dashboard',
      'Reset credentials',
      'Route all clients',
      'Restore original configs',
      '--separator',
      'Start at login',
      'Quit MCP Companion',
    ]);
  });

  it('offers a reset per detected client, enabled only where something is cached', () => {
    const { actions, calls } = recordingActions();
    const menu = buildTrayMenu(overview, clients, actions, { startAtLogin: false });
    const sub = find(menu, 'Reset credentials')!.submenu!;
    expect(sub.map((i) => [i.label, i.enabled])).toEqual([
      ['Claude Code (2 cached)', true],
      ['Cursor (nothing cached)', false],
    ]);
    sub[0]!.click!();
    expect(calls).toEqual(['reset:claude-code']);
  });

  it('wires every action and reflects "start at login" as a checkbox toggle', () => {
    const { actions, calls } = recordingActions();
    const menu = buildTrayMenu(overview, clients, actions, { startAtLogin: true });
    const toggle = find(menu, 'Start at login')!;
    expect(toggle).toMatchObject({ type: 'checkbox', checked: true });
    for (const label of [
      'Open dashboard',
      'Route all clients',
      'Restore original configs',
      'Start at login',
      'Quit MCP Companion',
    ])
      find(menu, label)!.click!();
    find(menu, /^linear/)!.click!();
    expect(calls).toEqual(['open', 'routeAll', 'restoreAll', 'startAtLogin:false', 'quit', 'open']);
  });

  it('disables route/restore when there is nothing to do and explains empty states', () => {
    const { actions } = recordingActions();
    const menu = buildTrayMenu(overviewOf([]), [], actions, {
      startAtLogin: false,
      warning: 'No OS keychain is available.',
    });
    expect(menu[0]).toMatchObject({ label: '⚠ No OS keychain is available.', enabled: false });
    expect(find(menu, /^No upstream servers yet/)).toBeDefined();
    expect(find(menu, 'Reset credentials')!.submenu).toEqual([{ label: 'No clients detected', enabled: false }]);
    expect(find(menu, 'Route all clients')!.enabled).toBe(false);
    expect(find(menu, 'Restore original configs')!.enabled).toBe(false);
    expect(buildTrayMenu(undefined, [], actions, { startAtLogin: false })[0]!.label).toBe('Starting…');
  });
});

describe('createTray', () => {
  beforeEach(() => resetFake());

  it('sets icon, tooltip and menu from the companion and follows changes on refresh', async () => {
    let servers = [server('linear', 'signing_in')];
    const api = {
      'status.get': async () => overviewOf(servers),
      'clients.list': async () => [client('cursor', 'Cursor', 1, ['remote'])],
      'settings.get': async () => ({ port: 4780, holdTimeoutMs: 1000, startAtLogin: true, logLevel: 'info' }),
    } as unknown as CompanionApi;
    const tray = createTray({
      api,
      actions: recordingActions().actions,
      iconDir: ICON_DIR,
      platform: 'darwin',
      refreshMs: 60_000,
    });
    await tray.refresh();
    const t = fake.trays[0]!;
    expect(t.image.path).toBe(path.join(ICON_DIR, 'tray-refreshingTemplate.png'));
    expect(t.tooltip).toContain('Signing in…');
    expect(find(t.menu, 'Start at login')!.checked).toBe(true);

    servers = [server('linear', 'signed_out', 'Sign-in failed: access_denied')];
    await tray.refresh();
    expect(t.image.path).toBe(path.join(ICON_DIR, 'tray-failedTemplate.png'));
    expect(t.tooltip).toContain('linear: Sign-in failed: access_denied');
    expect(find(t.menu, /^linear/)!.label).toBe('linear — failed: Sign-in failed: access_denied');
    tray.destroy();
    expect(t.destroyed).toBe(true);
  });

  it('shows "failed" when the gateway itself is down, and the standing warning', async () => {
    const api = {
      'status.get': async () => overviewOf([server('a', 'signed_in')]),
      'clients.list': async () => [],
      'settings.get': async () => undefined,
    } as unknown as CompanionApi;
    const tray = createTray({
      api,
      actions: recordingActions().actions,
      iconDir: ICON_DIR,
      platform: 'linux',
      warning: 'No OS keychain.',
      failure: () => new Error('Port 4780 is busy.'),
    });
    await tray.refresh();
    expect(fake.trays[0]!.image.path).toBe(path.join(ICON_DIR, 'tray-failed.png'));
    expect(fake.trays[0]!.tooltip).toContain('⚠ Port 4780 is busy.');
    tray.destroy();
  });

  it('tooltip names the state and the reasons', () => {
    expect(trayTooltip('action_needed', overviewOf([server('notion', 'signed_out')]))).toBe(
      'MCP Companion — Action needed\nnotion: sign-in needed.',
    );
  });
});
