// Golden-file tests: route each client's fixture configs, compare with the expected files in
// test/fixtures/golden/<client>/ (regenerate with UPDATE_GOLDEN=1 and review the diff), then
// check that routing twice changes nothing and that unroute gives back the original bytes.

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, snapshot } from '../../support/client-homes.js';
import { opsHomes } from '../../support/ops-home.js';

const CASES = [
  {
    client: 'cursor',
    files: ['.cursor/mcp.json', 'projects/app/.cursor/mcp.json'],
    routed: ['linear', 'acme-remote', 'events', 'project-api'],
  },
  { client: 'claude-desktop', files: ['.config/Claude/claude_desktop_config.json'], routed: ['acme', 'notes'] },
  // Claude Code also loses the cached "needs authentication" verdicts of the routed names.
  {
    client: 'claude-code',
    files: ['.claude.json', 'projects/app/.mcp.json'],
    routed: ['sentry', 'docs', 'github'],
    state: ['.claude/mcp-needs-auth-cache.json'],
  },
  { client: 'opencode', files: ['.config/opencode/opencode.jsonc'], routed: ['context7', 'jira'] },
  { client: 'vscode', files: ['.config/Code/User/mcp.json'], routed: ['example'] },
  { client: 'windsurf', files: ['.codeium/windsurf/mcp_config.json'], routed: ['github', 'figma'] },
  { client: 'codex', files: ['.codex/config.toml'], routed: ['docs', 'linear'] },
  { client: 'gemini', files: ['.gemini/settings.json'], routed: ['stripe', 'events'] },
  {
    client: 'crush',
    files: ['.config/crush/crush.json', 'projects/app/.crush.json'],
    routed: ['linear', 'github', 'streaming-service', 'notion'],
  },
  {
    client: 'augment',
    files: [
      '.augment/settings.json',
      'projects/app/.augment/settings.json',
      'projects/app/.augment/settings.local.json',
    ],
    routed: ['remote-server', 'atlassian', 'sentry', 'notion'],
  },
  {
    client: 'factory',
    files: ['.factory/mcp.json', 'projects/app/.factory/mcp.json'],
    routed: ['linear', 'example-sse', 'context7', 'zephex'],
  },
  { client: 'goose', files: ['.config/goose/config.yaml'], routed: ['github', 'linear'] },
  // Zed: JSONC with comments and trailing commas; extension and stdio servers stay as they are.
  {
    client: 'zed',
    files: ['.config/zed/settings.json', 'projects/app/.zed/settings.json'],
    routed: ['linear', 'notion', 'app-api'],
  },
  { client: 'lm-studio', files: ['.lmstudio/mcp.json'], routed: ['hf-mcp-server', 'deepwiki'] },
  // Junie speaks stdio only: its remote entries (mcp-remote and `url`) get the bridge.
  {
    client: 'junie',
    files: ['.junie/mcp/mcp.json', 'projects/app/.junie/mcp/mcp.json'],
    routed: ['atlassian', 'app-docs'],
  },
  // Kiro: its mcp.json files and a custom agent's own `mcpServers`.
  {
    client: 'kiro',
    files: ['.kiro/settings/mcp.json', '.kiro/agents/reviewer.json', 'projects/app/.kiro/settings/mcp.json'],
    routed: ['firecrawl', 'atlassian', 'github', 'app-api'],
  },
  // Amazon Q: the legacy mcp.json, a CLI agent and the IDE's default agent.
  {
    client: 'amazon-q',
    files: ['.aws/amazonq/mcp.json', '.aws/amazonq/cli-agents/dev.json', '.aws/amazonq/agents/default.json'],
    routed: ['aws-knowledge', 'docs', 'github', 'jira'],
  },
  {
    client: 'trae',
    files: ['.config/Trae/User/mcp.json', 'projects/app/.trae/mcp.json'],
    routed: ['context7', 'events', 'app-api'],
  },
  {
    client: 'warp',
    files: ['.warp/.mcp.json', 'projects/app/.warp/.mcp.json'],
    routed: ['sentry', 'stripe', 'app-api'],
  },
  { client: 'vscode-insiders', files: ['.config/Code - Insiders/User/mcp.json'], routed: ['github', 'events'] },
  {
    client: 'cline',
    files: [
      '.cline/data/settings/cline_mcp_settings.json',
      '.config/Code/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json',
    ],
    routed: ['linear', 'acme-legacy', 'sentry'],
  },
  {
    client: 'roo-code',
    files: [
      '.config/Code/User/globalStorage/rooveterinaryinc.roo-cline/settings/mcp_settings.json',
      'projects/app/.roo/mcp.json',
    ],
    routed: ['notion', 'atlassian', 'project-docs'],
  },
  {
    client: 'kilo-code',
    files: ['.config/kilo/kilo.jsonc', 'projects/app/.kilocode/mcp.json'],
    routed: ['stripe', 'figma'],
  },
  {
    client: 'continue',
    files: ['.continue/config.yaml', 'projects/app/.continue/mcpServers/acme-docs.yaml'],
    routed: ['Linear', 'Sentry', 'Acme Docs'],
  },
  {
    client: 'copilot-cli',
    files: ['.copilot/mcp-config.json', 'projects/app/.github/mcp.json'],
    routed: ['notion', 'events', 'repo-docs'],
  },
  { client: 'qwen', files: ['.qwen/settings.json'], routed: ['github', 'atlassian'] },
  { client: 'amp', files: ['.config/amp/settings.json'], routed: ['linear', 'monday'] },
] as const;

const setup = opsHomes({ projects: ['projects/app'], now: () => Date.parse('2026-12-01T10:00:00Z') });

function golden(client: string, rel: string, actual: string, home: string): void {
  const file = path.join(FIXTURES, 'golden', client, rel.replace(/\//g, '__'));
  const normalized = actual.split(home).join('__HOME__');
  if (process.env.UPDATE_GOLDEN === '1') {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, normalized);
  }
  expect(normalized).toBe(fs.readFileSync(file, 'utf8'));
}

describe.each(CASES)('$client', (c) => {
  const { client, files, routed } = c;
  const state: readonly string[] = 'state' in c ? c.state : [];
  it('routes remote entries to the golden output, leaves everything else alone, and unroutes to the original bytes', async () => {
    const { h, host, ops } = setup();
    const before = snapshot(h.home);

    const res = await ops.route(client);
    expect(
      res.entries
        .filter((e) => e.status === 'routed')
        .map((e) => e.name)
        .sort(),
    ).toEqual([...routed].sort());
    for (const rel of [...files, ...state])
      golden(client, rel, fs.readFileSync(path.join(h.home, rel), 'utf8'), h.home);
    // Nothing but the client's config files (and its gave-up state) changed in the home.
    const after = snapshot(h.home);
    for (const [rel, bytes] of before)
      if (![...files, ...state].includes(rel)) expect(after.get(rel)?.equals(bytes), rel).toBe(true);
    expect([...after.keys()].filter((k) => !before.has(k))).toEqual([]);
    // Each upstream was adopted with the entry's original headers.
    expect(host.servers.size).toBe(
      new Set(res.entries.filter((e) => e.status === 'routed').map((e) => e.upstream)).size,
    );

    const again = await ops.route(client);
    expect(again.files.every((f) => !f.changed)).toBe(true);
    expect(again.entries.filter((e) => e.status === 'already-routed').length).toBe(routed.length);

    const un = await ops.unroute(client);
    expect(un.entries.every((e) => e.status === 'restored')).toBe(true);
    for (const rel of files) expect(fs.readFileSync(path.join(h.home, rel)).equals(before.get(rel)!), rel).toBe(true);
    expect(host.revoked).toContain(client);
    expect(fs.existsSync(path.join(h.dataDir, 'routes', `${client}.json`))).toBe(false);
  });
});
