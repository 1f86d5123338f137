// Factory Droid and Augment keep their MCP sign-ins where the companion does not edit them (an
// encrypted file; the Augment account): reset changes nothing and says what to do instead.
import { describe, expect, it } from 'vitest';
import { factoryAdapter } from '../../../../local-gateway/clients/adapters/factory.js';
import { memoryKeychain } from '../../../../local-gateway/clients/system.js';
import { fakeProcesses, snapshot } from '../../../support/client-homes.js';
import { opsHomes } from '../../../support/ops-home.js';

const setup = opsHomes({ projects: ['projects/app'] });

describe('factory and augment resets', () => {
  it('FACTORY_HOME_OVERRIDE moves ~/.factory', () => {
    const files = factoryAdapter.configFiles({
      env: { FACTORY_HOME_OVERRIDE: '/srv/f' },
      platform: 'linux',
      home: '/home/u',
      projectDirs: ['/p'],
      processes: fakeProcesses(),
      keychain: memoryKeychain(),
      now: Date.now,
    });
    expect(files.map((f) => [f.path, f.scope])).toEqual([
      ['/srv/f/.factory/mcp.json', 'user'],
      ['/p/.factory/mcp.json', 'project'],
    ]);
  });

  it.each([
    ['factory', /mcp-oauth\.v2\.file.*\/mcp.*"linear".*Clear Authentication/s],
    ['augment', /Augment account.*\/mcp.*"remote-server"/s],
  ] as const)('%s: reset edits nothing and gives the steps in the client', async (client, steps) => {
    const { h, ops } = setup();
    const before = snapshot(h.home);
    const res = await ops.reset(client, { servers: [client === 'factory' ? 'linear' : 'remote-server'] });
    expect(res.removed).toEqual([]);
    expect(res.manualSteps.join('\n')).toMatch(steps);
    const after = snapshot(h.home);
    for (const [rel, bytes] of before) expect(after.get(rel)?.equals(bytes), rel).toBe(true);
  });
});
