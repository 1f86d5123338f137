// The preload exposes exactly one object whose methods are the contract's operations, each
// going through its own `companion:<op>` channel; its inline list stays equal to the contract.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { requestSchemas, type CompanionApi } from '../../../local-gateway/api/contract.js';
import { CompanionError } from '../../../local-gateway/core/errors.js';
import { OPERATIONS, registerIpc } from '../../../electron/ipc.js';
import { fake, ipcMain as fakeIpcMain, resetFake } from '../../support/fake-electron.js';

vi.mock('electron', () => import('../../support/fake-electron.js'));

const ipcMain = fakeIpcMain as unknown as Parameters<typeof registerIpc>[0];

// The preload runs once per renderer, so it is imported once: its side effect is the exposure.
const loadPreload = () => import('../../../electron/preload/preload.js');

describe('preload', () => {
  beforeAll(async () => {
    resetFake();
    await loadPreload();
  });

  it('lists exactly the contract operations, in contract order', async () => {
    const { PRELOAD_OPERATIONS } = await loadPreload();
    expect([...PRELOAD_OPERATIONS]).toEqual(Object.keys(requestSchemas));
    expect([...PRELOAD_OPERATIONS]).toEqual(OPERATIONS);
  });

  it('exposes one frozen `companion` object with a method per operation and nothing else', () => {
    expect([...fake.exposed.keys()]).toEqual(['companion']);
    const bridge = fake.exposed.get('companion') as Record<string, unknown>;
    expect(Object.keys(bridge).sort()).toEqual([...OPERATIONS].sort());
    expect(Object.values(bridge).every((m) => typeof m === 'function')).toBe(true);
    expect(Object.isFrozen(bridge)).toBe(true);
    expect(bridge).not.toHaveProperty('invoke');
    expect(bridge).not.toHaveProperty('on');
  });

  it('calls main on the operation channel and unwraps results and errors', async () => {
    const seen: Array<[string, unknown]> = [];
    const api = Object.fromEntries(
      OPERATIONS.map((op) => [
        op,
        async (req: unknown) => {
          seen.push([op, req]);
          if (op === 'servers.remove') throw new CompanionError('not_found', 'No upstream server named "gone".');
          return { answeredBy: op };
        },
      ]),
    ) as unknown as CompanionApi;
    registerIpc(ipcMain, api, () => true);
    const bridge = fake.exposed.get('companion') as CompanionApi;

    await expect(bridge['servers.login']({ name: 'linear' })).resolves.toEqual({ answeredBy: 'servers.login' });
    await expect(bridge['status.get']({})).resolves.toEqual({ answeredBy: 'status.get' });
    await expect(bridge['servers.remove']({ name: 'gone' })).rejects.toThrow('No upstream server named "gone".');
    expect(seen).toEqual([
      ['servers.login', { name: 'linear' }],
      ['status.get', {}],
      ['servers.remove', { name: 'gone' }],
    ]);
  });
});
