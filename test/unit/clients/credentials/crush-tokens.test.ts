// Crush keeps each MCP OAuth token as `mcp.<name>.oauth_token` in its data file, next to other
// machine state: reset removes only that key (sealed backup), undo puts it back, even when Crush
// dropped the whole `mcp.<name>` object meanwhile.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { opsHomes } from '../../../support/ops-home.js';

const setup = opsHomes({ projects: ['projects/app'], now: () => Date.parse('2026-12-01T10:00:00Z') });
const DATA = '.local/share/crush/crush.json';
const SECRETS = ['ACCESS-SECRET-crush-linear', 'REFRESH-SECRET-crush-linear'];

type DataFile = { recent_models?: unknown; mcp: Record<string, Record<string, unknown>> };

describe('reset crush', () => {
  it('lists the token, removes only mcp.<name>.oauth_token, and undo restores it', async () => {
    const { h, ops } = setup();
    const file = `${h.home}/${DATA}`;
    const original = JSON.parse(fs.readFileSync(file, 'utf8')) as DataFile;

    const desc = (await ops.describe()).find((c) => c.id === 'crush')!;
    expect(desc.cachedCredentials.map((c) => [c.server, c.clientId, c.store])).toEqual([
      ['linear', 'dcr-crush-linear-OLD', file],
    ]);

    const dry = await ops.reset('crush', { dryRun: true });
    expect(dry.removed.map((r) => r.server)).toEqual(['linear']);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(original);

    const res = await ops.reset('crush');
    const after = JSON.parse(fs.readFileSync(file, 'utf8')) as DataFile;
    expect(after.mcp.linear).toEqual({});
    expect(after.mcp.docker).toEqual(original.mcp.docker);
    expect(after.recent_models).toEqual(original.recent_models);
    for (const s of SECRETS) {
      expect(JSON.stringify(res)).not.toContain(s);
      expect(fs.readFileSync(res.backup!, 'utf8')).not.toContain(s);
    }

    const undo = await ops.undoReset('crush');
    expect(undo.restored.map((r) => r.key)).toEqual(['oauth_token']);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(original);
  });

  it('undo recreates mcp.<name> when Crush removed it since the reset', async () => {
    const { h, ops } = setup();
    const file = `${h.home}/${DATA}`;
    const original = JSON.parse(fs.readFileSync(file, 'utf8')) as DataFile;
    await ops.reset('crush', { servers: ['linear'] });
    const now = JSON.parse(fs.readFileSync(file, 'utf8')) as DataFile;
    delete now.mcp.linear;
    fs.writeFileSync(file, JSON.stringify(now, null, 2));

    await ops.undoReset('crush');
    expect((JSON.parse(fs.readFileSync(file, 'utf8')) as DataFile).mcp.linear).toEqual(original.mcp.linear);
  });

  it('a server Crush has no token for is not touched', async () => {
    const { h, ops } = setup();
    const file = `${h.home}/${DATA}`;
    const bytes = fs.readFileSync(file);
    const res = await ops.reset('crush', { servers: ['github'] });
    expect(res.removed).toEqual([]);
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
  });
});
