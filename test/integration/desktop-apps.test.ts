// The desktop apps and IDEs without an npm CLI (Zed, Warp, Kiro, Amazon Q, LM Studio, Trae,
// Junie): their configs as the apps keep them, with an OAuth server, a public server and an
// API-key server. After `route` every entry works through the gateway the way that app would
// call it (HTTP with the written URL and headers; Junie spawns the stdio bridge); after
// `unroute` every file is back byte for byte.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { parse } from 'jsonc-parser';
import type { ClientId } from '../../local-gateway/clients/types.js';
import { startHarness, type Harness } from '../support/companion-harness.js';
import { tempDirs } from '../support/temp-dirs.js';

const tempDir = tempDirs('mcpc-apps-');
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

type Entry = {
  type?: string;
  url?: string;
  headers?: Record<string, string>;
  command?: string;
  args?: string[];
  env?: Record<string, string>;
};

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

async function echoThrough(e: Entry, as: string): Promise<string> {
  const ide = new Client({ name: as, version: '1' });
  await ide.connect(
    e.url
      ? new StreamableHTTPClientTransport(new URL(e.url), { requestInit: { headers: e.headers ?? {} } })
      : new StdioClientTransport({ command: e.command!, args: e.args ?? [], env: e.env, stderr: 'pipe' }),
  );
  try {
    const r = (await ide.callTool({ name: 'echo', arguments: { text: as } })) as { content: Array<{ text: string }> };
    return r.content[0]!.text;
  } finally {
    await ide.close();
  }
}

describe('desktop apps and IDEs route through the gateway', () => {
  it('every entry of Zed, Warp, Kiro, Amazon Q, LM Studio, Trae and Junie works routed, and unroute restores every byte', async () => {
    const root = tempDir();
    const home = path.join(root, 'home');
    const project = path.join(home, 'src/app');
    const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, '.config') };
    h = await startHarness({
      cp: { staticAuth: { plain: 'none', keyed: { header: 'x-api-key', value: 'key-one' } } },
      servers: [],
      companion: { env, platform: 'linux', processes: { list: async () => [] } },
    });
    const oauth = h.cp.mcpUrl('linear');
    const plain = h.cp.mcpUrl('plain');
    const keyed = h.cp.mcpUrl('keyed');
    const key = { 'x-api-key': 'key-one' };
    const json = (v: unknown) => JSON.stringify(v, null, 2) + '\n';
    // client → files it keeps, the container of its servers, and the names that must work.
    const files: Array<{ client: ClientId; file: string; container: string; names: string[]; text: string }> = [
      {
        client: 'zed',
        file: path.join(home, '.config/zed/settings.json'),
        container: 'context_servers',
        names: ['linear', 'keyed'],
        text: `// Zed settings\n{\n  "vim_mode": true,\n  "context_servers": {\n    "linear": { "url": "${oauth}" },\n    "keyed": { "url": "${keyed}", "headers": { "x-api-key": "key-one" }, "timeout": 60, },\n    "ext": { "settings": { "x": 1 } },\n  },\n}\n`,
      },
      {
        client: 'zed',
        file: path.join(project, '.zed/settings.json'),
        container: 'context_servers',
        names: ['plain'],
        text: json({ context_servers: { plain: { url: plain } } }),
      },
      {
        client: 'warp',
        file: path.join(home, '.warp/.mcp.json'),
        container: 'mcpServers',
        names: ['linear', 'keyed'],
        text: json({ mcpServers: { linear: { url: oauth }, keyed: { url: keyed, headers: key } } }),
      },
      {
        client: 'warp',
        file: path.join(project, '.warp/.mcp.json'),
        container: 'mcpServers',
        names: ['plain'],
        text: json({ mcpServers: { plain: { url: plain } } }),
      },
      {
        client: 'kiro',
        file: path.join(home, '.kiro/settings/mcp.json'),
        container: 'mcpServers',
        names: ['linear', 'plain'],
        text: json({
          mcpServers: {
            linear: { url: oauth, oauthScopes: ['read'], disabled: false, autoApprove: [] },
            plain: { url: plain, disabledTools: ['x'] },
          },
        }),
      },
      {
        client: 'amazon-q',
        file: path.join(home, '.aws/amazonq/mcp.json'),
        container: 'mcpServers',
        names: ['linear', 'keyed'],
        text: json({
          mcpServers: {
            linear: { type: 'http', url: oauth, timeout: 120000 },
            keyed: { type: 'http', url: keyed, headers: key },
            git: { command: 'uvx', args: ['mcp-server-git'] },
          },
        }),
      },
      {
        client: 'amazon-q',
        file: path.join(home, '.aws/amazonq/cli-agents/dev.json'),
        container: 'mcpServers',
        names: ['plain'],
        text: json({ name: 'dev', mcpServers: { plain: { type: 'http', url: plain } }, tools: ['*'] }),
      },
      {
        client: 'lm-studio',
        file: path.join(home, '.lmstudio/mcp.json'),
        container: 'mcpServers',
        names: ['linear', 'keyed'],
        text: json({ mcpServers: { linear: { url: oauth }, keyed: { url: keyed, headers: key } } }),
      },
      {
        client: 'trae',
        file: path.join(home, '.config/Trae/User/mcp.json'),
        container: 'mcpServers',
        names: ['plain', 'keyed'],
        text: json({ mcpServers: { plain: { url: plain }, keyed: { url: keyed, headers: key } }, inputs: [] }),
      },
      {
        client: 'junie',
        file: path.join(home, '.junie/mcp/mcp.json'),
        container: 'mcpServers',
        names: ['linear'],
        text: json({ mcpServers: { linear: { command: 'npx', args: ['-y', 'mcp-remote', oauth] } } }),
      },
      {
        client: 'junie',
        file: path.join(project, '.junie/mcp/mcp.json'),
        container: 'mcpServers',
        names: ['keyed'],
        text: json({ mcpServers: { keyed: { url: keyed, headers: key } } }),
      },
    ];
    for (const f of files) write(f.file, f.text);
    const clients = [...new Set(files.map((f) => f.client))];

    for (const client of clients) {
      const r = await h.companion.clients.route(client, { projectDir: project });
      expect(
        r.entries.filter((e) => e.status !== 'routed'),
        client,
      ).toEqual([]);
      expect(
        r.entries.every((e) => e.mode === (client === 'junie' ? 'bridge' : 'http')),
        client,
      ).toBe(true);
    }
    for (const f of files) {
      const servers = (parse(fs.readFileSync(f.file, 'utf8')) as Record<string, Record<string, Entry>>)[f.container]!;
      for (const name of f.names) {
        const entry = servers[name]!;
        if (f.client === 'junie') expect(entry.args, name).toContain('bridge');
        else expect(entry.url, `${f.client} ${name}`).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/servers\//);
        // Amazon Q reads an entry without `"type": "http"` as stdio.
        if (f.client === 'amazon-q') expect(entry.type).toBe('http');
        expect(await echoThrough(entry, f.client), `${f.client} ${name}`).toBe(f.client);
      }
    }
    // Zed's comments, trailing commas and extension server are left as they were.
    const zed = fs.readFileSync(files[0]!.file, 'utf8');
    expect(zed).toContain('// Zed settings');
    expect(zed).toContain('"ext": { "settings": { "x": 1 } },');
    // One upstream per (URL, headers), and one browser sign-in for every app's `linear`.
    expect(
      h.companion.store
        .listServers()
        .map((s) => s.url)
        .sort(),
    ).toEqual([keyed, oauth, plain].sort());
    expect(h.browser.opened).toHaveLength(1);

    for (const client of clients) await h.companion.clients.unroute(client);
    for (const f of files) expect(fs.readFileSync(f.file, 'utf8'), f.file).toBe(f.text);
  });
});
