// Faults between the gateway and the control plane: the IDE gets clear JSON-RPC errors, the
// gateway never crashes, and everything works again once the far side recovers.
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/companion-harness.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';

let h: Harness | undefined;
let fp: FaultProxy | undefined;
afterEach(async () => {
  await h?.close();
  await fp?.close();
  h = undefined;
  fp = undefined;
});

async function setup(): Promise<{ h: Harness; fp: FaultProxy }> {
  fp = await startFaultProxy();
  h = await startHarness({ cp: { publicBaseUrl: fp.url } });
  fp.setTarget(h.cp.listenUrl);
  return { h, fp };
}

async function initialize(hh: Harness): Promise<{ status: number; body: string }> {
  const res = await fetch(hh.localUrl('linear'), {
    method: 'POST',
    headers: {
      authorization: `Bearer ${hh.token()}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } },
    }),
  });
  return { status: res.status, body: await res.text() };
}

const isMcp = (url = '') => url.includes('/mcp/');

describe('faults', () => {
  it('upstream down: a 502 JSON-RPC error naming the server, then recovery when it returns', async () => {
    const { h, fp } = await setup();
    expect((await initialize(h)).status).toBe(200);
    fp.setRule((req) => (isMcp(req.url) ? 'reset' : 'pass'));
    const down = await initialize(h);
    expect(down.status).toBe(502);
    expect(JSON.parse(down.body)).toMatchObject({
      jsonrpc: '2.0',
      error: { message: expect.stringContaining("'linear' is unreachable") },
    });
    fp.setRule(() => 'pass');
    expect((await initialize(h)).status).toBe(200);
    expect(h.browser.opened).toHaveLength(1);
  });

  it('upstream resets mid-response: the client sees a broken response, the gateway keeps serving', async () => {
    const { h, fp } = await setup();
    expect((await initialize(h)).status).toBe(200);
    fp.setRule((req) => (isMcp(req.url) ? 'reset-midway' : 'pass'));
    await expect(initialize(h).then((r) => JSON.parse(r.body))).rejects.toThrow();
    fp.setRule(() => 'pass');
    expect((await initialize(h)).status).toBe(200);
  });

  it('slow upstream: the answer is waited for and passed through', async () => {
    const { h, fp } = await setup();
    expect((await initialize(h)).status).toBe(200);
    fp.setRule((req) => (isMcp(req.url) ? { delayMs: 400 } : 'pass'));
    const started = Date.now();
    expect((await initialize(h)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
  });

  it('authorization server down during refresh: a clear error, then success after it returns, without a browser', async () => {
    const { h, fp } = await setup();
    expect((await initialize(h)).status).toBe(200);
    h.cp.expireAccessTokens();
    fp.setRule((req) => (req.url?.endsWith('/token') ? { status: 503 } : 'pass'));
    const failed = await initialize(h);
    expect(failed.status).toBe(401);
    expect(JSON.parse(failed.body).error.message).toMatch(/Could not refresh the token for "linear".*retried/);
    expect(failed.body).not.toMatch(/eyJ|mcpc_/);
    fp.setRule((req) => (req.url?.endsWith('/token') ? 'reset' : 'pass'));
    expect((await initialize(h)).status).toBe(401);
    fp.setRule(() => 'pass');
    expect((await initialize(h)).status).toBe(200);
    expect(h.browser.opened).toHaveLength(1);
    expect(h.companion.store.getTokens('linear')).toBeDefined();
  });
});
