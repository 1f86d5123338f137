// Settings take effect in the running companion: the log level at once, and again at next start.
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../local-gateway/core/logger.js';
import { startHarness, type Harness } from '../support/companion-harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('settings', () => {
  it('a log level chosen in Settings applies at once (proxied requests appear at debug)', async () => {
    const out = new PassThrough();
    let logged = '';
    out.on('data', (d: Buffer) => {
      logged += d.toString();
    });
    h = await startHarness({ companion: { logger: createLogger('info', out) } });
    const client = await h.connect('linear');
    await client.listTools();
    h.companion.store.addEvent('test.flush', undefined, {}); // not a proxied request: info
    expect(logged).toContain('login.completed');
    expect(logged).not.toContain('proxy.request');
    const res = await fetch(`http://127.0.0.1:${h.companion.port}/api/rpc/settings.update`, {
      method: 'POST',
      headers: { authorization: `Bearer ${h.companion.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ logLevel: 'debug' }),
    });
    expect(((await res.json()) as { result: { logLevel: string } }).result.logLevel).toBe('debug');
    await client.listTools();
    await expect.poll(() => logged.includes('proxy.request'), { timeout: 5000 }).toBe(true);
  });
});
