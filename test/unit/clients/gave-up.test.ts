// Per-server "gave up" state besides tokens: Claude Code's `mcp-needs-auth-cache.json` keeps a
// needs-auth verdict per server NAME for ~15 minutes, so a freshly routed server is skipped
// until it expires. Route clears it for the routed names, reset for the reset names, both back
// it up sealed, `reset --undo` restores it, and a malformed file is never touched.

import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createClientOps } from '../../../local-gateway/clients/index.js';
import { memoryKeychain } from '../../../local-gateway/clients/system.js';
import { fakeProcesses, makeHome, type TempHome } from '../../support/client-homes.js';
import { createTestRouteHost } from '../../support/route-host.js';

let homes: TempHome[] = [];
afterEach(() => {
  for (const h of homes) h.cleanup();
  homes = [];
});

const GMAIL = 'claude.ai Gmail';

function setup(env: NodeJS.ProcessEnv = {}) {
  const h = makeHome('linux');
  homes.push(h);
  const host = createTestRouteHost(h.dataDir);
  const ops = createClientOps({
    host,
    env: { ...h.env, ...env },
    platform: 'linux',
    processes: fakeProcesses(),
    keychain: memoryKeychain(),
    projectDirs: [path.join(h.home, 'projects', 'app')],
    now: () => Date.parse('2026-12-01T10:00:00Z'),
  });
  const file = (rel: string) => path.join(h.home, rel);
  return {
    h,
    host,
    ops,
    file,
    cache: file('.claude/mcp-needs-auth-cache.json'),
    creds: file('.claude/.credentials.json'),
  };
}

const names = (f: string) => Object.keys(JSON.parse(fs.readFileSync(f, 'utf8')) as object);

describe('route clears the needs-auth verdicts of the routed names only', () => {
  it('one server: only its verdict goes, the rest of the file and the credentials stay', async () => {
    const { h, ops, cache, creds } = setup();
    const original = JSON.parse(fs.readFileSync(cache, 'utf8')) as Record<string, unknown>;
    const credsBefore = fs.readFileSync(creds);

    const dry = await ops.route('claude-code', { servers: ['docs'], dryRun: true });
    expect(dry.clearedState?.map((c) => [c.server, c.store])).toEqual([['docs', cache]]);
    expect(names(cache)).toEqual(['sentry', 'docs', 'github', GMAIL]);

    const res = await ops.route('claude-code', { servers: ['docs'] });
    expect(res.entries.map((e) => [e.name, e.status])).toEqual([['docs', 'routed']]);
    expect(res.clearedState?.map((c) => c.server)).toEqual(['docs']);
    const after = JSON.parse(fs.readFileSync(cache, 'utf8')) as Record<string, unknown>;
    const { docs: _gone, ...rest } = original;
    expect(after).toEqual(rest);
    // Still Claude Code's one-line layout, mode kept; its login and tokens untouched.
    expect(fs.readFileSync(cache, 'utf8')).toBe(JSON.stringify(rest));
    expect(fs.statSync(cache).mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(creds).equals(credsBefore)).toBe(true);
    expect(res.stateBackup!.startsWith(path.join(h.dataDir, 'backups', 'resets', 'claude-code'))).toBe(true);
    expect(res.nextSteps[0]).toMatch(/Start Claude Code/);

    // An already-routed entry is cleared again if Claude Code flagged it meanwhile.
    fs.writeFileSync(cache, JSON.stringify({ ...after, docs: { timestamp: 1796118990000 } }));
    const again = await ops.route('claude-code', { servers: ['docs'] });
    expect(again.entries.map((e) => e.status)).toEqual(['already-routed']);
    expect(again.clearedState?.map((c) => c.server)).toEqual(['docs']);
    expect(names(cache)).toEqual(['sentry', 'github', GMAIL]);
  });

  it('all servers: connectors it does not manage keep theirs; reset --undo puts the verdicts back', async () => {
    const { ops, cache } = setup();
    const before = JSON.parse(fs.readFileSync(cache, 'utf8')) as unknown;
    const res = await ops.route('claude-code');
    expect(res.clearedState?.map((c) => c.server).sort()).toEqual(['docs', 'github', 'sentry']);
    expect(names(cache)).toEqual([GMAIL]);
    const undo = await ops.undoReset('claude-code');
    expect(undo.restored.map((r) => r.key).sort()).toEqual(['docs', 'github', 'sentry']);
    expect(JSON.parse(fs.readFileSync(cache, 'utf8'))).toEqual(before);
  });

  it('follows CLAUDE_CONFIG_DIR and leaves ~/.claude alone', async () => {
    const { h, host, file, cache } = setup();
    const alt = file('alt-claude');
    fs.mkdirSync(alt);
    fs.copyFileSync(file('.claude.json'), path.join(alt, '.claude.json'));
    fs.copyFileSync(cache, path.join(alt, 'mcp-needs-auth-cache.json'));
    const homeCache = fs.readFileSync(cache);
    const ops = createClientOps({
      host,
      env: { ...h.env, CLAUDE_CONFIG_DIR: alt },
      platform: 'linux',
      processes: fakeProcesses(),
      keychain: memoryKeychain(),
      projectDirs: [],
    });
    const res = await ops.route('claude-code', { servers: ['sentry'] });
    expect(res.clearedState?.map((c) => [c.server, c.store])).toEqual([
      ['sentry', path.join(alt, 'mcp-needs-auth-cache.json')],
    ]);
    expect(names(path.join(alt, 'mcp-needs-auth-cache.json'))).toEqual(['docs', 'github', GMAIL]);
    expect(fs.readFileSync(cache).equals(homeCache)).toBe(true);
  });
});

describe('reset clears the needs-auth verdicts of the reset names', () => {
  it('--server sentry: its token and verdict go, others stay, undo restores both', async () => {
    const { ops, cache, creds } = setup();
    const cacheBefore = JSON.parse(fs.readFileSync(cache, 'utf8')) as unknown;
    const credsBefore = JSON.parse(fs.readFileSync(creds, 'utf8')) as unknown;
    const res = await ops.reset('claude-code', { servers: ['sentry'] });
    expect(res.removed.map((r) => [r.server, r.store])).toEqual([['sentry', creds]]);
    expect(res.clearedState?.map((r) => [r.server, r.store])).toEqual([['sentry', cache]]);
    expect(names(cache)).toEqual(['docs', 'github', GMAIL]);
    expect(Object.keys((JSON.parse(fs.readFileSync(creds, 'utf8')) as { mcpOAuth: object }).mcpOAuth)).toEqual([
      'docs|9f8e7d6c5b4a3928',
    ]);
    const backup = fs.readFileSync(res.backup!, 'utf8');
    expect(backup).not.toContain('1796118720000'); // sealed, like the tokens
    const undo = await ops.undoReset('claude-code');
    expect(undo.skipped).toEqual([]);
    expect(JSON.parse(fs.readFileSync(cache, 'utf8'))).toEqual(cacheBefore);
    expect(JSON.parse(fs.readFileSync(creds, 'utf8'))).toEqual(credsBefore);
  });

  it('without --server: every managed name, not the claude.ai connector', async () => {
    const { ops, cache } = setup();
    await ops.reset('claude-code');
    expect(names(cache)).toEqual([GMAIL]);
  });

  it('a cache file written after the reset keeps the newer verdict on undo', async () => {
    const { ops, cache } = setup();
    await ops.reset('claude-code', { servers: ['docs'] });
    const current = JSON.parse(fs.readFileSync(cache, 'utf8')) as Record<string, unknown>;
    fs.writeFileSync(cache, JSON.stringify({ ...current, docs: { timestamp: 1796119000000 } }));
    const undo = await ops.undoReset('claude-code');
    expect(undo.skipped.map((s) => s.key)).toEqual(['docs']);
    expect((JSON.parse(fs.readFileSync(cache, 'utf8')) as Record<string, { timestamp: number }>).docs!.timestamp).toBe(
      1796119000000,
    );
  });
});

describe('a malformed needs-auth cache is left byte-for-byte untouched', () => {
  for (const [label, bytes] of [
    ['truncated JSON', '{"sentry":{"timestamp":17961187'],
    ['JSON with a comment', '// x\n{"sentry":{"timestamp":1796118720000}}'],
    ['an array', '[{"sentry":1}]'],
  ] as const) {
    it(`${label}: route and reset go on and say so`, async () => {
      const { ops, cache, creds, file } = setup();
      fs.writeFileSync(cache, bytes);
      const routed = await ops.route('claude-code', { servers: ['sentry'] });
      expect(routed.entries.map((e) => e.status)).toEqual(['routed']);
      expect(fs.readFileSync(file('.claude.json'), 'utf8')).toContain('/servers/sentry/mcp');
      expect(routed.clearedState).toBeUndefined();
      expect(routed.nextSteps.join('\n')).toContain(`${cache} is not a JSON object`);
      expect(fs.readFileSync(cache, 'utf8')).toBe(bytes);

      const reset = await ops.reset('claude-code', { servers: ['docs'] });
      expect(reset.removed.map((r) => r.store)).toEqual([creds]);
      expect(reset.manualSteps.join('\n')).toMatch(/mcp-needs-auth-cache\.json is not a JSON object.*file not changed/);
      expect(fs.readFileSync(cache, 'utf8')).toBe(bytes);
    });
  }

  it('no cache file at all: nothing to clear, nothing created', async () => {
    const { ops, cache } = setup();
    fs.rmSync(cache);
    const res = await ops.route('claude-code');
    expect(res.clearedState).toBeUndefined();
    expect(res.stateBackup).toBeUndefined();
    expect(fs.existsSync(cache)).toBe(false);
  });
});
