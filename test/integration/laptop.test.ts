// A developer's laptop as found: Cursor (user and project), Claude Code (user and project),
// Codex (the file `codex mcp add` writes), OpenCode and Gemini configs holding an OAuth server,
// a public server and an API-key server. After `route` every entry still works, through the
// gateway, as each client would call it; after `unroute` every file is back byte for byte.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { parse } from 'jsonc-parser';
import { parseToml } from '../../local-gateway/config-edit/toml-doc.js';
import { startHarness, type Harness } from '../support/companion-harness.js';
import { tempDirs } from '../support/temp-dirs.js';

const tempDir = tempDirs('mcpc-laptop-');
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

type Entry = {
  url?: string;
  httpUrl?: string;
  headers?: Record<string, string>;
  http_headers?: Record<string, string>;
};

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

async function echoThrough(e: Entry): Promise<string> {
  const url = e.url ?? e.httpUrl!;
  const ide = new Client({ name: 'ide', version: '1' });
  await ide.connect(
    new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: e.headers ?? e.http_headers ?? {} } }),
  );
  try {
    const r = (await ide.callTool({ name: 'echo', arguments: { text: 'laptop' } })) as {
      content: Array<{ text: string }>;
    };
    return r.content[0]!.text;
  } finally {
    await ide.close();
  }
}

describe('a laptop with OAuth, public and API-key servers across five clients', () => {
  it('routes every client, every entry works through the gateway, and unroute restores every byte', async () => {
    const root = tempDir();
    const home = path.join(root, 'home');
    const project = path.join(home, 'src/app');
    const env = {
      ...process.env,
      HOME: home,
      XDG_CONFIG_HOME: path.join(home, '.config'),
      APPDATA: path.join(home, 'AppData'),
    };
    h = await startHarness({
      cp: { staticAuth: { plain: 'none', keyed: { header: 'x-api-key', value: 'key-one' } } },
      servers: [],
      companion: { env, platform: 'linux', processes: { list: async () => [] } },
    });
    const oauth = h.cp.mcpUrl('linear');
    const plain = h.cp.mcpUrl('plain');
    const keyed = h.cp.mcpUrl('keyed');
    const files: Record<string, { file: string; format: 'json' | 'toml'; container: string; names: string[] }> = {
      cursor: {
        file: path.join(home, '.cursor/mcp.json'),
        format: 'json',
        container: 'mcpServers',
        names: ['linear', 'plain', 'keyed'],
      },
      'cursor-project': {
        file: path.join(project, '.cursor/mcp.json'),
        format: 'json',
        container: 'mcpServers',
        names: ['docs'],
      },
      'claude-code': {
        file: path.join(home, '.claude.json'),
        format: 'json',
        container: 'mcpServers',
        names: ['linear', 'keyed'],
      },
      'claude-code-project': {
        file: path.join(project, '.mcp.json'),
        format: 'json',
        container: 'mcpServers',
        names: ['plain'],
      },
      codex: {
        file: path.join(home, '.codex/config.toml'),
        format: 'toml',
        container: 'mcp_servers',
        names: ['linear', 'keyed'],
      },
      opencode: {
        file: path.join(home, '.config/opencode/opencode.json'),
        format: 'json',
        container: 'mcp',
        names: ['plain', 'keyed'],
      },
      gemini: {
        file: path.join(home, '.gemini/settings.json'),
        format: 'json',
        container: 'mcpServers',
        names: ['linear', 'plain'],
      },
    };
    write(
      files.cursor!.file,
      `{\n  // work servers\n  "mcpServers": {\n    "linear": { "url": "${oauth}" },\n    "plain": { "url": "${plain}" },\n    "keyed": { "url": "${keyed}", "headers": { "x-api-key": "key-one" } },\n    "sqlite": { "command": "uvx", "args": ["mcp-server-sqlite"] },\n  },\n}\n`,
    );
    write(files['cursor-project']!.file, JSON.stringify({ mcpServers: { docs: { url: plain } } }, null, 2));
    write(
      files['claude-code']!.file,
      JSON.stringify(
        {
          numStartups: 3,
          mcpServers: {
            linear: { type: 'http', url: oauth },
            keyed: { type: 'http', url: keyed, headers: { 'x-api-key': 'key-one' } },
          },
          projects: { [project]: { allowedTools: [] } },
        },
        null,
        2,
      ),
    );
    write(
      files['claude-code-project']!.file,
      JSON.stringify({ mcpServers: { plain: { type: 'http', url: plain } } }, null, 2),
    );
    // Exactly as `codex mcp add` writes it: the first table on the first line.
    write(
      files.codex!.file,
      `[mcp_servers.linear]\nurl = "${oauth}"\n\n[mcp_servers.keyed]\nurl = "${keyed}"\n\n[mcp_servers.keyed.http_headers]\nx-api-key = "key-one"\n`,
    );
    write(
      files.opencode!.file,
      JSON.stringify(
        {
          $schema: 'https://opencode.ai/config.json',
          mcp: {
            plain: { type: 'remote', url: plain },
            keyed: { type: 'remote', url: keyed, headers: { 'x-api-key': 'key-one' } },
          },
        },
        null,
        2,
      ),
    );
    write(
      files.gemini!.file,
      JSON.stringify(
        { theme: 'GitHub', mcpServers: { linear: { httpUrl: oauth }, plain: { url: plain, type: 'http' } } },
        null,
        2,
      ),
    );
    const before = Object.fromEntries(Object.entries(files).map(([k, f]) => [k, fs.readFileSync(f.file, 'utf8')]));

    for (const client of ['cursor', 'claude-code', 'codex', 'opencode', 'gemini'] as const) {
      const r = await h.companion.clients.route(client, { projectDir: project });
      expect(
        r.entries.filter((e) => e.status !== 'routed'),
        client,
      ).toEqual([]);
    }
    for (const [key, f] of Object.entries(files)) {
      const text = fs.readFileSync(f.file, 'utf8');
      const root = (f.format === 'json' ? parse(text) : parseToml(text, f.file).root) as Record<
        string,
        Record<string, Entry>
      >;
      for (const name of f.names) {
        const entry = root[f.container]?.[name];
        if (!entry) throw new Error(`${key}: no entry ${name} after route`);
        expect(entry.url ?? entry.httpUrl, `${key} ${name}`).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/servers\//);
        expect(await echoThrough(entry), `${key} ${name}`).toContain('laptop');
      }
    }
    // One upstream per (URL, headers): one OAuth sign-in for every client's `linear`.
    expect(
      h.companion.store
        .listServers()
        .map((s) => [s.url, s.auth])
        .sort(),
    ).toEqual(
      [
        [keyed, 'headers'],
        [oauth, 'oauth'],
        [plain, 'none'],
      ].sort(),
    );
    expect(h.browser.opened).toHaveLength(1);

    for (const client of ['cursor', 'claude-code', 'codex', 'opencode', 'gemini'] as const)
      await h.companion.clients.unroute(client);
    for (const [key, f] of Object.entries(files)) expect(fs.readFileSync(f.file, 'utf8'), key).toBe(before[key]);
  });
});
