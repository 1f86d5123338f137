// Amazon Q Developer CLI / Kiro CLI MCP OAuth cache (`~/.aws/sso/cache/<sha256>.*.json`): reset
// removes exactly the files named for the client's remote entries, never the AWS SSO or Kiro
// login tokens beside them, backs them up sealed, and undo puts the same bytes back.

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { awsMcpCacheKey } from '../../../../local-gateway/clients/credentials/aws-sso-mcp-cache.js';
import { formatResetResult } from '../../../../local-gateway/clients/format.js';
import { snapshot } from '../../../support/client-homes.js';
import { opsHomes } from '../../../support/ops-home.js';

const setup = opsHomes({ projects: ['projects/app'], now: () => Date.parse('2026-12-01T10:00:00Z') });
const CACHE = '.aws/sso/cache';
// sha256("https://knowledge-mcp.global.api.aws" + "/"), as Q CLI's compute_key makes it.
const KNOWLEDGE = '529eb92da6cd75f466102785c4263a410fc4a6a7a71b99b80ad3f086ce68b7f4';

describe('awsMcpCacheKey', () => {
  it('hashes origin and path the way the Rust url crate serialises them', () => {
    expect(awsMcpCacheKey('https://knowledge-mcp.global.api.aws')).toBe(KNOWLEDGE);
    // Query, fragment and a default port do not change the key; the path does.
    expect(awsMcpCacheKey('https://knowledge-mcp.global.api.aws:443/?x=1#y')).toBe(KNOWLEDGE);
    expect(awsMcpCacheKey('https://knowledge-mcp.global.api.aws/mcp')).not.toBe(KNOWLEDGE);
    expect(awsMcpCacheKey('not a url')).toBeUndefined();
  });
});

describe('reset amazon-q', () => {
  it('removes the two cache files of its server only, and undo restores them byte for byte', async () => {
    const { h, ops } = setup();
    const before = snapshot(h.home);
    const cacheFiles = [`${CACHE}/${KNOWLEDGE}.token.json`, `${CACHE}/${KNOWLEDGE}.registration.json`];

    const dry = await ops.reset('amazon-q', { dryRun: true });
    expect(dry.removed.map((r) => [r.server, r.clientId, r.key])).toEqual([
      ['aws-knowledge', 'q-dcr-client-knowledge-OLD', KNOWLEDGE],
    ]);
    expect(snapshot(h.home)).toEqual(before);

    const res = await ops.reset('amazon-q');
    expect(res.backup).toBeDefined();
    const after = snapshot(h.home);
    for (const rel of cacheFiles) expect(after.has(rel), rel).toBe(false);
    // Everything else in the home, the SSO and Kiro login tokens included, is untouched.
    for (const [rel, bytes] of before)
      if (!cacheFiles.includes(rel)) expect(after.get(rel)?.equals(bytes), rel).toBe(true);
    const backup = fs.readFileSync(res.backup!, 'utf8');
    expect(backup).not.toMatch(/SECRET|q-dcr-client/);
    expect(formatResetResult(res)).toMatch(/removed {2}aws-knowledge {2}client_id q-dcr-client-knowledge-OLD/);

    const undo = await ops.undoReset('amazon-q');
    expect(undo.restored).toHaveLength(2);
    const restored = snapshot(h.home);
    for (const rel of cacheFiles) expect(restored.get(rel)?.equals(before.get(rel)!), rel).toBe(true);
    expect(fs.statSync(path.join(h.home, cacheFiles[0]!)).mode & 0o777).toBe(
      fs.statSync(path.join(h.home, cacheFiles[1]!)).mode & 0o777,
    );
  });

  it('still finds the cache of a routed entry, by the URL it had before routing', async () => {
    const { ops } = setup();
    await ops.route('amazon-q');
    const dry = await ops.reset('amazon-q', { dryRun: true });
    expect(dry.removed.map((r) => r.server)).toEqual(['aws-knowledge']);
  });

  it('--server limits the reset to that entry', async () => {
    const { ops } = setup();
    expect((await ops.reset('amazon-q', { servers: ['github'], dryRun: true })).removed).toEqual([]);
  });
});

describe('reset kiro', () => {
  it('finds kiro-cli credentials in the same cache by its own entries, and names the IDE steps', async () => {
    const { h, ops } = setup();
    const key = awsMcpCacheKey('https://mcp.firecrawl.dev/v2/mcp')!;
    fs.writeFileSync(path.join(h.home, CACHE, `${key}.registration.json`), '{"client_id":"kiro-firecrawl-1"}');
    const res = await ops.reset('kiro');
    expect(res.removed.map((r) => [r.server, r.clientId])).toEqual([['firecrawl', 'kiro-firecrawl-1']]);
    expect(fs.existsSync(path.join(h.home, CACHE, `${KNOWLEDGE}.token.json`))).toBe(true);
    expect(res.manualSteps.join('\n')).toContain('/mcp logout');
  });
});
