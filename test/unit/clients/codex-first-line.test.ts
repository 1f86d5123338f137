// Regression: `codex mcp add up --url …` writes `~/.codex/config.toml` with the server's table
// header on the very first line. Routing that file once dropped the header (the implicit root
// table also starts at offset 0 and was taken for the entry's table), leaving `url` as a
// top-level key: Codex then saw no server and unroute reported the entry "gone".

import fs from 'node:fs';
import { parse as smolParse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { LOCAL_ENDPOINT } from '../../../local-gateway/clients/entry-shapes.js';
import { parseToml } from '../../../local-gateway/config-edit/toml-doc.js';
import { codexHomes } from '../../support/codex-home.js';

/** Byte for byte what `codex mcp add up --url http://127.0.0.1:9/mcp` writes to a fresh CODEX_HOME. */
const CODEX_MCP_ADD = '[mcp_servers.up]\nurl = "http://127.0.0.1:9/mcp"\n';

const setup = codexHomes();

function expectRoutedUp(text: string): void {
  for (const root of [parseToml(text, 'config.toml').root, smolParse(text) as Record<string, unknown>]) {
    expect(Object.keys(root)).toEqual(['mcp_servers']);
    const up = (root.mcp_servers as Record<string, Record<string, unknown>>).up!;
    expect(up.url).toMatch(LOCAL_ENDPOINT);
    expect(up.http_headers).toEqual({ Authorization: expect.stringMatching(/^Bearer \S+$/) });
  }
}

describe('codex: a server table on the first line (as `codex mcp add` writes it)', () => {
  for (const [label, content] of [
    ['as written', CODEX_MCP_ADD],
    ['without the trailing newline', CODEX_MCP_ADD.trimEnd()],
    ['with CRLF line endings', CODEX_MCP_ADD.replace(/\n/g, '\r\n')],
  ] as const) {
    it(`${label}: route keeps the entry under mcp_servers.up, unroute gives back the original bytes`, async () => {
      const { ops, file } = setup(content);
      const res = await ops.route('codex');
      expect(res.entries.map((e) => [e.name, e.status])).toEqual([['up', 'routed']]);
      const routed = fs.readFileSync(file, 'utf8');
      expect(routed.startsWith(content.slice(0, content.indexOf(']') + 1))).toBe(true);
      expectRoutedUp(routed);

      const again = await ops.route('codex');
      expect(again.entries.map((e) => e.status)).toEqual(['already-routed']);

      const un = await ops.unroute('codex');
      expect(un.entries.map((e) => e.status)).toEqual(['restored']);
      expect(fs.readFileSync(file, 'utf8')).toBe(content);
    });
  }
});
