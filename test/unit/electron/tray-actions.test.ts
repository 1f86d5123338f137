// Tray actions: a reset asks first, listing exactly what goes, and reports the outcome.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { CompanionApi } from '../../../local-gateway/api/contract.js';
import { createTrayActions } from '../../../electron/tray-actions.js';
import { fake, resetFake } from '../../support/fake-electron.js';

vi.mock('electron', () => import('../../support/fake-electron.js'));

function setup() {
  const calls: unknown[] = [];
  const notices: string[] = [];
  const removed = [{ server: 'linear', store: '~/.claude/.credentials.json', key: 'linear|0a1b' }];
  const api = {
    'clients.reset': async (req: { dryRun?: boolean }) => {
      calls.push(req);
      return {
        client: 'claude-code',
        dryRun: !!req.dryRun,
        running: false,
        removed,
        manualSteps: [],
        nextSteps: ['Run /mcp in Claude Code to reconnect.'],
      };
    },
  } as unknown as CompanionApi;
  let changed = 0;
  const actions = createTrayActions({
    api,
    notify: (t, b) => notices.push(`${t}: ${b}`),
    openDashboard: () => undefined,
    quit: () => undefined,
    changed: () => changed++,
  });
  return { actions, calls, notices, changed: () => changed };
}

describe('tray reset', () => {
  beforeEach(() => resetFake());

  it('confirms with the exact list, then resets and says what to do next', async () => {
    const s = setup();
    s.actions.resetClient('claude-code');
    await vi.waitFor(() => expect(s.changed()).toBe(1));
    expect(fake.dialogs[0]!.detail).toContain('• linear — ~/.claude/.credentials.json');
    expect(s.calls).toEqual([{ client: 'claude-code', dryRun: true }, { client: 'claude-code' }]);
    expect(s.notices).toEqual(['Reset claude-code: 1 credential(s) removed: Run /mcp in Claude Code to reconnect.']);
  });

  it('changes nothing when the user cancels', async () => {
    fake.dialogResponse = 1;
    const s = setup();
    s.actions.resetClient('claude-code');
    await vi.waitFor(() => expect(s.changed()).toBe(1));
    expect(s.calls).toEqual([{ client: 'claude-code', dryRun: true }]);
    expect(s.notices).toEqual([]);
  });
});
