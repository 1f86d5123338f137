import http from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeTokens, listen, startProxy, stop, target, type ProxyHarness } from '../../support/proxy-fixtures.js';

// With a fresh token at hand, the proxy opens the upstream request as soon as the IDE's headers
// arrive and sends the body when it is complete: the pooled socket is ready by then. The body
// is still kept whole, so a 401 that comes back early is replayed with all of it.
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Seen {
  at: number;
  auth: string | undefined;
  body: string;
}

function upstreamServer(opts: { rejectEarly?: string } = {}) {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    const entry: Seen = { at: Date.now(), auth: req.headers.authorization, body: '' };
    seen.push(entry);
    if (opts.rejectEarly && req.headers.authorization === `Bearer ${opts.rejectEarly}`) {
      // Answers on the headers alone, before the body has come.
      res.writeHead(401, { 'content-type': 'application/json', connection: 'close' }).end('{"error":"invalid_token"}');
      return;
    }
    req.on('data', (c: Buffer) => {
      entry.body += c.toString();
    });
    req.on('end', () =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ got: entry.body })),
    );
  });
  return { server, seen };
}

/** POST whose headers go out at once and whose body follows `delayMs` later (or never). */
function slowPost(
  url: string,
  body: string,
  delayMs: number,
  abort = false,
): Promise<{ status: number; text: string } | 'aborted'> {
  return new Promise((resolve) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        headers: {
          authorization: 'Bearer local',
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => {
          text += c.toString();
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', () => resolve('aborted'));
    req.flushHeaders();
    setTimeout(() => {
      if (abort) {
        req.destroy();
        resolve('aborted');
      } else req.end(body);
    }, delayMs);
  });
}

describe('proxy: upstream request opened before the body arrives', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function setup(
    opts: { rejectEarly?: string } = {},
    tokens = new FakeTokens(),
  ): Promise<{ harness: ProxyHarness; up: ReturnType<typeof upstreamServer>; url: string }> {
    const up = upstreamServer(opts);
    const origin = await listen(up.server);
    cleanups.push(() => stop(up.server));
    const harness = await startProxy({ s: target('s', `${origin}/mcp`) }, tokens);
    cleanups.push(() => harness.close());
    return { harness, up, url: `${harness.base}/servers/s/mcp` };
  }

  it('opens the upstream request while the body is still on its way, then delivers it whole', async () => {
    const { up, url } = await setup();
    const opened: number[] = [];
    const request = http.request;
    const spy = vi.spyOn(http, 'request').mockImplementation(((...args: Parameters<typeof http.request>) => {
      if (typeof args[0] === 'object' && !(args[0] instanceof URL)) opened.push(Date.now()); // the proxy's, not this test's client
      return request(...args);
    }) as typeof http.request);
    cleanups.push(async () => spy.mockRestore());
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { text: 'x'.repeat(3000) } });
    const sentAt = Date.now();
    const res = slowPost(url, body, 200);
    await sleep(100);
    // Opened already (headers are held back until the body: no extra packet for the upstream).
    expect(opened.filter((t) => t >= sentAt)).toHaveLength(1);
    expect(up.seen).toHaveLength(0);
    expect(await res).toMatchObject({ status: 200 });
    expect(JSON.parse(((await res) as { text: string }).text).got).toBe(body);
    expect(up.seen).toHaveLength(1);
  });

  it('replays with the full body when the upstream rejects the token before the body came', async () => {
    const tokens = new FakeTokens();
    tokens.current = 'stale';
    tokens.next = 'fresh';
    const { up, url } = await setup({ rejectEarly: 'stale' }, tokens);
    const body = '{"jsonrpc":"2.0","id":2,"method":"tools/list"}';
    const res = await slowPost(url, body, 150);
    expect(res).toMatchObject({ status: 200 });
    expect(JSON.parse((res as { text: string }).text).got).toBe(body);
    expect(up.seen.map((s) => s.auth)).toEqual(['Bearer stale', 'Bearer fresh']);
    expect(tokens.renewCalls).toHaveLength(1);
  });

  it('sends nothing upstream when the IDE gives up mid-body, and the next call still works', async () => {
    const { harness, up, url } = await setup();
    expect(await slowPost(url, '{"jsonrpc":"2.0","id":3,"method":"tools/list","pad":"xxxxxxxxxx"}', 100, true)).toBe(
      'aborted',
    );
    await sleep(100);
    expect(up.seen).toHaveLength(0);
    expect(harness.proxy.inFlight()).toBe(0);
    expect(await slowPost(url, '{"b":2}', 10)).toMatchObject({ status: 200 });
    expect(up.seen.map((s) => s.body)).toEqual(['{"b":2}']);
  });

  it('waits for the whole body first when no fresh token is at hand', async () => {
    const tokens = new FakeTokens();
    tokens.fast = false;
    const { up, url } = await setup({}, tokens);
    const res = await slowPost(url, '{"a":1}', 200);
    expect(res).toMatchObject({ status: 200 });
    expect(up.seen.map((s) => s.body)).toEqual(['{"a":1}']);
    expect(tokens.tokenCalls).toBe(1);
  });
});
