// Codex servers written as inline tables, dotted keys, or tables with sub-tables are routed in
// the layout they are written in, and unroute previews hide their original header values.

import fs from 'node:fs';
import { parse as smolParse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { codexHomes } from '../../support/codex-home.js';

const SECRET = 'sk-SECRET-4242';

const setup = codexHomes();

describe('codex layouts', () => {
  const cases: Array<[string, string, RegExp]> = [
    [
      'inline table under [mcp_servers]',
      `[mcp_servers]\nup = { url = "https://x.test/mcp", http_headers = { X-Key = "${SECRET}" } } # mine\n`,
      /^\[mcp_servers\]\nup = \{ url = "http:\/\/127\.0\.0\.1:47615\/servers\/up\/mcp", http_headers = \{ Authorization = "Bearer \S+" \} \} # mine\n$/,
    ],
    [
      'one inline mcp_servers',
      `mcp_servers = { up = { url = "https://x.test/mcp", http_headers = { X-Key = "${SECRET}" } }, git = { command = "git" } }\n`,
      /^mcp_servers = \{ up = \{ url = .*\}, git = \{ command = "git" \} \}\n$/,
    ],
    [
      'dotted keys at the root',
      `model = "m"\nmcp_servers.up.url = "https://x.test/mcp"\nmcp_servers.up.http_headers.X-Key = "${SECRET}"\n\n[profiles.p]\nmodel = "n"\n`,
      /^model = "m"\nmcp_servers\.up\.url = "http:\/\/127\.0\.0\.1:47615\/servers\/up\/mcp"\nmcp_servers\.up\.http_headers = \{ Authorization = "Bearer \S+" \}\n\n\[profiles\.p\]\nmodel = "n"\n$/,
    ],
    [
      'table with comments and sub-tables',
      `[mcp_servers.up]\n# where\nurl = "https://x.test/mcp"\n\n# slow server\nstartup_timeout_sec = 5\n\n# headers\n[mcp_servers.up.http_headers]\nX-Key = "${SECRET}"\n\n# tools\n[mcp_servers.up.tools.search]\napproval = "never"\n\n[profiles.p]\nmodel = "n"`,
      /^\[mcp_servers\.up\]\nurl = "http:\/\/127\.0\.0\.1:47615\/servers\/up\/mcp"\nhttp_headers = \{ Authorization = "Bearer \S+" \}\n\n# slow server\nstartup_timeout_sec = 5\n\n# tools\n\[mcp_servers\.up\.tools\.search\]\napproval = "never"\n\n\[profiles\.p\]\nmodel = "n"$/,
    ],
  ];
  for (const [label, content, expected] of cases) {
    it(`${label}: routed in place, unroute preview hides the secret, unroute restores the bytes`, async () => {
      const { ops, file } = setup(content);
      const res = await ops.route('codex');
      expect(res.entries.find((e) => e.name === 'up')?.status).toBe('routed');
      const routed = fs.readFileSync(file, 'utf8');
      expect(routed).toMatch(expected);
      expect(routed).not.toContain(SECRET);
      expect((smolParse(routed) as { mcp_servers: { up: { url: string } } }).mcp_servers.up.url).toBe(
        'http://127.0.0.1:47615/servers/up/mcp',
      );
      const preview = await ops.unroute('codex', { dryRun: true });
      expect(preview.files[0]!.diff).toMatch(/^\+.*X-Key/m);
      expect(preview.files[0]!.diff).not.toContain(SECRET);
      await ops.unroute('codex');
      expect(fs.readFileSync(file, 'utf8')).toBe(content);
    });
  }

  it('leaves a server whose tables are split across the file for the user', async () => {
    const content =
      '[mcp_servers.up]\nurl = "https://x.test/mcp"\n\n[profiles.p]\nmodel = "n"\n\n[mcp_servers.up.http_headers]\nX = "y"\n';
    const { ops, file } = setup(content);
    const res = await ops.route('codex');
    expect(res.entries).toEqual([
      expect.objectContaining({
        name: 'up',
        status: 'skipped',
        reason: expect.stringMatching(/split across the file; edit it by hand/),
      }),
    ]);
    expect(fs.readFileSync(file, 'utf8')).toBe(content);
  });
});
