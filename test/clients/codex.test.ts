// Codex CLI (`codex`, pinned in test/clients/tools): servers added with its own `mcp add --url`
// (Streamable HTTP, user config only; it signs in to OAuth servers right away, through the
// scripted browser); routed by the companion; its own `mcp list` / `mcp get` (which read the file
// and do not connect) show the gateway URL; `unroute` gives the file back byte for byte.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok } from './support/exec.js';
import { announceSkip, clientTool, toolVersion } from './support/tools.js';
import { client, read, route, startWorld, unroute, type World } from './support/world.js';

const tool = clientTool('@openai/codex', 'codex');
const skip = announceSkip(tool);

/** Update checks, analytics and feedback off, as overrides so config.toml holds only what `mcp add` wrote. */
const QUIET = [
  '-c',
  'check_for_update_on_startup=false',
  '-c',
  'analytics.enabled=false',
  '-c',
  'feedback.enabled=false',
];

describe.skipIf(skip)(`Codex CLI ${tool.version}`, () => {
  let w: World;
  const codex = (...args: string[]) => client(w, 'codex', [...QUIET, ...args]);
  let file: string;
  let servers: Record<string, string>;
  let before: string;

  beforeAll(async () => {
    w = await startWorld('codex');
    expect(toolVersion(tool, w.env)).toContain(tool.version);
    file = path.join(w.home, '.codex/config.toml');
    servers = {
      'cp-user': w.cp.mcpUrl('linear'),
      public: w.publicServer.mcpUrl,
      'cp-two': w.cp.mcpUrl('github'),
    };
    for (const [name, url] of Object.entries(servers)) {
      ok(await codex('mcp', 'add', name, '--url', url), `codex mcp add ${name} --url ${url}`);
    }
  });

  afterAll(async () => {
    await w?.close();
  });

  it('mcp add wrote [mcp_servers.<name>] tables to ~/.codex/config.toml', () => {
    const text = read(file);
    for (const [name, url] of Object.entries(servers)) {
      expect(text).toContain(`[mcp_servers.${name}]`);
      expect(text).toContain(`url = "${url}"`);
    }
  });

  it('route rewrites every table to the gateway with a local bearer, and Codex still reads the file', async () => {
    before = read(file);
    const routeOut = await route(w, 'codex');
    const text = read(file);
    for (const name of Object.keys(servers)) {
      expect
        .soft(text, `config.toml after route:\n${routeOut}`)
        .toMatch(
          new RegExp(`\\[mcp_servers\\.${name}\\]\\s*\\nurl = "http://127\\.0\\.0\\.1:${w.port}/servers/[^/"]+/mcp"`),
        );
    }
    expect.soft(text).toMatch(/http_headers = \{ ?Authorization = "Bearer \S+" ?\}/);
    const list = await codex('mcp', 'list');
    expect(list.code, `codex mcp list after route:\n${list.output}\nconfig.toml:\n${text}`).toBe(0);
  });

  it('`codex mcp list` and `codex mcp get` show every routed server at the gateway URL', async () => {
    const list = ok(await codex('mcp', 'list'), 'codex mcp list').stdout;
    for (const name of Object.keys(servers)) {
      expect
        .soft(list, `codex mcp list:\n${list}`)
        .toMatch(new RegExp(`^${name}\\s+http://127\\.0\\.0\\.1:${w.port}/servers/\\S+/mcp\\b`, 'm'));
    }
    const get = ok(await codex('mcp', 'get', 'cp-user'), 'codex mcp get cp-user').stdout;
    expect.soft(get, get).toMatch(new RegExp(`url: http://127\\.0\\.0\\.1:${w.port}/servers/\\S+/mcp`));
  });

  it('unroute gives Codex back exactly the config.toml its `mcp add` wrote', async () => {
    await unroute(w, 'codex');
    expect(read(file)).toBe(before);
  });
});
