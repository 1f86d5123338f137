// Every IPC channel refuses hostile payloads and foreign senders before any handler runs, and
// answers the dashboard with `{ ok, result }` / `{ ok: false, error: { code, message } }`.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { CompanionApi, Operation } from '../../../local-gateway/api/contract.js';
import { CompanionError } from '../../../local-gateway/core/errors.js';
import { channelOf, OPERATIONS, registerIpc, screenPayload, type IpcResult } from '../../../electron/ipc.js';
import { DASHBOARD_URL } from '../../../electron/dashboard-protocol.js';
import { createDashboardWindow } from '../../../electron/window.js';
import {
  fake,
  ipcMain as fakeIpcMain,
  ipcRenderer,
  resetFake,
  type FakeInvokeEvent,
} from '../../support/fake-electron.js';

vi.mock('electron', () => import('../../support/fake-electron.js'));

const ipcMain = fakeIpcMain as unknown as Parameters<typeof registerIpc>[0];

/** A well-formed request per operation (typed: a new operation without one fails the type-check). */
const VALID: { [O in Operation]: Record<string, unknown> } = {
  'status.get': {},
  'servers.list': {},
  'servers.add': {
    name: 'linear',
    url: 'https://mcp.linear.app/mcp',
    headers: { 'X-Api-Key': 'k' },
    transport: 'streamable-http',
  },
  'servers.remove': { name: 'linear' },
  'servers.login': { name: 'linear' },
  'servers.logout': { name: 'linear', forgetRegistration: true },
  'servers.reregister': { name: 'linear' },
  'servers.connect': { name: 'linear', label: 'cursor' },
  'clients.list': {},
  'clients.route': { client: 'cursor', servers: ['linear'], dryRun: true },
  'clients.unroute': { client: 'cursor', dryRun: true },
  'clients.reset': { client: 'claude-code', servers: ['linear'], dryRun: true },
  'clients.undoReset': { client: 'claude-code' },
  'events.list': { limit: 10, afterId: 0, type: 'login.started', server: 'linear' },
  'settings.get': {},
  'settings.update': { holdTimeoutMs: 30_000, startAtLogin: true, logLevel: 'info', port: 4780 },
  'diagnostics.get': {},
  'doctor.run': {},
};

const HUGE = 'a'.repeat(100_000);

/** Hostile variants of one operation's valid request. */
function hostile(op: Operation): Array<[string, unknown]> {
  const valid = VALID[op];
  const stringKeys = Object.keys(valid).filter((k) => typeof valid[k] === 'string');
  return [
    ['null', null],
    ['undefined', undefined],
    ['a string', 'status'],
    ['a number', 42],
    ['a boolean', true],
    ['an array', [valid]],
    [
      '__proto__ pollution',
      JSON.parse(
        `{"__proto__": {"polluted": true}${Object.keys(valid).length ? ',' : ''}${JSON.stringify(valid).slice(1, -1)}}`,
      ),
    ],
    ['a nested __proto__', { ...valid, extra: JSON.parse('{"__proto__": {"polluted": true}}') }],
    ['a constructor key', { ...valid, constructor: { prototype: { polluted: true } } }],
    ['an extra key', { ...valid, isAdmin: true }],
    ['an oversized extra string', { ...valid, note: HUGE }],
    ...stringKeys.map((k): [string, unknown] => [`an oversized ${k}`, { ...valid, [k]: HUGE }]),
    ['a Date', new Date()],
    ['a Map', new Map([['name', 'linear']])],
  ];
}

function recordingApi() {
  const calls: Array<[Operation, unknown]> = [];
  const api = Object.fromEntries(
    OPERATIONS.map((op) => [
      op,
      async (req: unknown) => {
        calls.push([op, req]);
        return { op };
      },
    ]),
  ) as unknown as CompanionApi;
  return { api, calls };
}

const trusted: FakeInvokeEvent = { sender: { id: 7 }, senderFrame: { url: DASHBOARD_URL, parent: null } };

async function invoke(op: Operation, event: FakeInvokeEvent, ...args: unknown[]): Promise<IpcResult> {
  fake.rendererEvent = event;
  return (await ipcRenderer.invoke(channelOf(op), ...args)) as IpcResult;
}

describe('IPC contract', () => {
  let calls: Array<[Operation, unknown]>;
  beforeEach(() => {
    resetFake();
    const rec = recordingApi();
    calls = rec.calls;
    registerIpc(ipcMain, rec.api, (e) => e.sender.id === trusted.sender.id && e.senderFrame?.url === DASHBOARD_URL);
  });

  it('registers exactly one `companion:<op>` channel per contract operation', () => {
    expect([...fake.handlers.keys()].sort()).toEqual(OPERATIONS.map((op) => `companion:${op}`).sort());
    expect(OPERATIONS).toHaveLength(18);
  });

  it.each(OPERATIONS)('%s answers a valid request from the dashboard', async (op) => {
    await expect(invoke(op, trusted, VALID[op])).resolves.toEqual({ ok: true, result: { op } });
    expect(calls).toEqual([[op, VALID[op]]]);
  });

  describe.each(OPERATIONS)('%s refuses', (op) => {
    it.each(hostile(op))('%s', async (_label, payload) => {
      const reply = await invoke(op, trusted, payload);
      expect(reply.ok).toBe(false);
      expect(reply).toMatchObject({ error: { code: 'bad_input' } });
      expect(calls).toEqual([]);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('a second argument', async () => {
      expect(await invoke(op, trusted, VALID[op], { more: 1 })).toMatchObject({
        ok: false,
        error: { code: 'bad_input' },
      });
      expect(calls).toEqual([]);
    });

    it.each([
      ['another webContents', { sender: { id: 8 }, senderFrame: { url: DASHBOARD_URL, parent: null } }],
      ['a destroyed frame', { sender: { id: 7 }, senderFrame: null }],
      ['a web page', { sender: { id: 7 }, senderFrame: { url: 'https://evil.example/', parent: null } }],
      ['a file:// page', { sender: { id: 7 }, senderFrame: { url: 'file:///tmp/index.html', parent: null } }],
    ] as Array<[string, FakeInvokeEvent]>)('a foreign sender: %s', async (_label, event) => {
      expect(await invoke(op, event, VALID[op])).toEqual({
        ok: false,
        error: { code: 'forbidden', message: 'Only the MCP Companion dashboard may call the companion.' },
      });
      expect(calls).toEqual([]);
    });
  });

  it('refuses values the schemas bound even below the size guard', async () => {
    for (const [op, payload] of [
      ['servers.add', { name: 'x', url: `https://a.example/${'p'.repeat(2100)}` }],
      ['servers.add', { name: 'x', url: 'file:///etc/passwd' }],
      ['servers.add', { name: '../etc', url: 'https://a.example/' }],
      ['events.list', { type: 't'.repeat(65) }],
      ['events.list', { limit: 1_000_000 }],
      ['clients.reset', { client: 'not-a-client' }],
      ['settings.update', { port: 80 }],
    ] as Array<[Operation, unknown]>) {
      expect(await invoke(op, trusted, payload), `${op} ${JSON.stringify(payload).slice(0, 60)}`).toMatchObject({
        ok: false,
        error: { code: 'bad_input' },
      });
    }
    expect(calls).toEqual([]);
  });

  it('passes coded errors through and hides unexpected ones', async () => {
    resetFake();
    const api = recordingApi().api;
    api['servers.login'] = async () => {
      throw new CompanionError('login_timeout', 'Sign-in took too long; try again.');
    };
    api['servers.list'] = async () => {
      throw new Error('SQLITE_CORRUPT at /home/me/secret-path');
    };
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    registerIpc(ipcMain, api, () => true);
    expect(await invoke('servers.login', trusted, { name: 'a' })).toEqual({
      ok: false,
      error: { code: 'login_timeout', message: 'Sign-in took too long; try again.' },
    });
    expect(await invoke('servers.list', trusted, {})).toEqual({
      ok: false,
      error: { code: 'internal', message: 'Internal error; see the MCP Companion log.' },
    });
    quiet.mockRestore();
  });

  it('unregisters every channel', () => {
    resetFake();
    const off = registerIpc(ipcMain, recordingApi().api, () => true);
    off();
    expect(fake.handlers.size).toBe(0);
  });
});

describe('screenPayload', () => {
  it('accepts plain and null-prototype objects, refuses deep nesting', () => {
    expect(screenPayload({ a: 1 })).toBeUndefined();
    expect(screenPayload(Object.assign(Object.create(null), { a: 1 }))).toBeUndefined();
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 20; i++) deep = { d: deep };
    expect(screenPayload(deep)).toMatch(/nests too deeply/);
  });
});

describe('the dashboard window as the only trusted sender', () => {
  beforeEach(() => resetFake());

  it('trusts its own top frame on the dashboard origin, and nothing once it is closed', () => {
    const dashboard = createDashboardWindow('/app/preload.js');
    const none: FakeInvokeEvent = { sender: { id: 1 }, senderFrame: { url: DASHBOARD_URL, parent: null } };
    expect(dashboard.isTrustedSender(none as never)).toBe(false); // no window yet
    dashboard.open();
    const id = fake.windows[0]!.webContents.id;
    const own = (url: string, parent: unknown = null) => ({ sender: { id }, senderFrame: { url, parent } }) as never;
    expect(dashboard.isTrustedSender(own(DASHBOARD_URL))).toBe(true);
    expect(dashboard.isTrustedSender(own('mcp-companion://dashboard/index.html#/servers'))).toBe(true);
    expect(dashboard.isTrustedSender(own(DASHBOARD_URL, { url: DASHBOARD_URL }))).toBe(false); // a subframe
    expect(dashboard.isTrustedSender(own('mcp-companion://evil/index.html'))).toBe(false);
    expect(dashboard.isTrustedSender(own('https://dashboard/index.html'))).toBe(false);
    expect(
      dashboard.isTrustedSender({ sender: { id: id + 1 }, senderFrame: { url: DASHBOARD_URL, parent: null } } as never),
    ).toBe(false);
    dashboard.close();
    expect(dashboard.isTrustedSender(own(DASHBOARD_URL))).toBe(false);
  });
});
