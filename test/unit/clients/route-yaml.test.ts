// Routing a YAML config (Continue): a file that does not parse is refused and left byte for byte,
// an entry with YAML anchors is left for the user, and unroute finds routed entries by name
// even after the user reordered the list.

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { opsHomes } from '../../support/ops-home.js';

const setup = opsHomes({ fixture: null });

function writeConfig(home: string, text: string): string {
  const file = path.join(home, '.continue', 'config.yaml');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

describe('route continue (YAML)', () => {
  it('refuses a config.yaml that does not parse, naming line and column, and changes nothing', async () => {
    const { h, ops } = setup();
    const text = 'mcpServers:\n  - name: a\n    url: https://a.example/mcp\n   bad: indent\n';
    const file = writeConfig(h.home, text);
    await expect(ops.route('continue')).rejects.toMatchObject({
      code: 'config_unparseable',
      message: expect.stringMatching(
        new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:4:\\d+: .*it was not changed`),
      ),
    });
    expect(fs.readFileSync(file, 'utf8')).toBe(text);
  });

  it('leaves an entry that uses YAML anchors alone and says why', async () => {
    const { h, ops } = setup();
    const text = [
      'common: &opts',
      '  timeout: 5000',
      'mcpServers:',
      '  - name: shared',
      '    url: https://a.example/mcp',
      '    requestOptions: *opts',
      '  - name: plain',
      '    url: https://b.example/mcp',
      '',
    ].join('\n');
    const file = writeConfig(h.home, text);
    const res = await ops.route('continue');
    expect(res.entries.map((e) => [e.name, e.status, e.reason])).toEqual([
      ['shared', 'skipped', 'it uses a YAML alias; edit it by hand'],
      ['plain', 'routed', undefined],
    ]);
    const after = fs.readFileSync(file, 'utf8');
    expect(after.slice(0, after.indexOf('  - name: plain'))).toBe(text.slice(0, text.indexOf('  - name: plain')));
  });

  it('unroutes by name after the user moved the routed entry within the list', async () => {
    const { h, ops } = setup();
    const text = [
      'mcpServers:',
      '  # first',
      '  - name: one',
      '    url: https://one.example/mcp # hosted',
      '  - name: two',
      '    type: sse',
      '    url: https://two.example/sse',
      '',
    ].join('\n');
    const file = writeConfig(h.home, text);
    await ops.route('continue');
    const routed = fs.readFileSync(file, 'utf8');
    // Move `two` (as routed) above `one`.
    const lines = routed.split('\n');
    const twoAt = lines.findIndex((l) => l === '  - name: two');
    const two = lines.slice(twoAt, lines.length - 1);
    const moved = ['mcpServers:', ...two, ...lines.slice(1, twoAt), ''].join('\n');
    fs.writeFileSync(file, moved);
    const un = await ops.unroute('continue');
    expect(un.entries.map((e) => [e.name, e.status])).toEqual([
      ['one', 'restored'],
      ['two', 'restored'],
    ]);
    expect(fs.readFileSync(file, 'utf8')).toBe(
      [
        'mcpServers:',
        '  - name: two',
        '    type: sse',
        '    url: https://two.example/sse',
        '  # first',
        '  - name: one',
        '    url: https://one.example/mcp # hosted',
        '',
      ].join('\n'),
    );
  });
});
