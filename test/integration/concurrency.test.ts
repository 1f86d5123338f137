// One owner of OAuth under pressure: many requests with an expired token cause exactly one
// refresh, and two processes on one data dir never spend a rotating refresh token twice.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/companion-harness.js';
import { ROOT } from '../support/cli.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const INIT = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } },
});

describe('concurrency', () => {
  it('200 concurrent requests with an expired access token: exactly one refresh, all succeed', async () => {
    h = await startHarness();
    const post = () =>
      fetch(h!.localUrl('linear'), {
        method: 'POST',
        headers: {
          authorization: `Bearer ${h!.token()}`,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
        },
        body: INIT,
      }).then(async (r) => {
        await r.text();
        return r.status;
      });
    expect(await post()).toBe(200);
    const before = h.companion.store.getTokens('linear')!;
    h.cp.expireAccessTokens();
    const statuses = await Promise.all(Array.from({ length: 200 }, post));
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect(h.cp.stats.refreshes).toBe(1);
    const after = h.companion.store.getTokens('linear')!;
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(h.browser.opened).toHaveLength(1);
  });

  it('two companion processes on one data dir refresh once and agree on the token', async () => {
    h = await startHarness();
    const client = await h.connect('linear');
    await client.listTools();
    const t = h.companion.store.getTokens('linear')!;
    h.companion.store.saveTokens({ ...t, expiresAt: Date.now() - 1000 }); // expired for both processes
    h.companion.oauth.broker.forget('linear'); // own writes bypass the cache's data_version check
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(ROOT, 'test/support/refresh-child.ts'), h.dataDir, 'linear', '20'],
      { cwd: ROOT },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    await new Promise<void>((resolve) => child.stdout.on('data', () => out.includes('ready') && resolve()));
    out = '';
    child.stdin.end('go\n');
    const server = h.companion.store.getServer('linear')!;
    const mine = await Promise.all(
      Array.from({ length: 20 }, () => h!.companion.oauth.broker.token(server, new AbortController().signal)),
    );
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
    const theirs = JSON.parse(out) as string[];
    const ours = [...new Set(mine.map((x) => createHash('sha256').update(x).digest('hex')))];
    expect(ours).toHaveLength(1);
    expect(theirs).toEqual(ours);
    expect(h.cp.stats.refreshes).toBe(1);
    // The rotated refresh token that was stored is the live one: one more refresh succeeds.
    const now = h.companion.store.getTokens('linear')!;
    h.companion.store.saveTokens({ ...now, expiresAt: Date.now() - 1000 });
    h.companion.oauth.broker.forget('linear');
    await h.companion.oauth.broker.token(server, new AbortController().signal);
    expect(h.cp.stats.refreshes).toBe(2);
    expect(h.browser.opened).toHaveLength(1);
  });
});
