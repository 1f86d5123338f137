import http from 'node:http';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CompanionError } from '../../../local-gateway/core/errors.js';
import {
  FakeTokens,
  initializeBody,
  MCP_ACCEPT,
  rawRequest,
  startProxy,
  startUpstream,
  target,
  type ProxyHarness,
  type Upstream,
} from '../../support/proxy-fixtures.js';

describe('proxy: upstream credentials', () => {
  let upstream: Upstream;
  let harness: ProxyHarness;
  let tokens: FakeTokens;
  let url: string;

  beforeAll(async () => {
    upstream = await startUpstream();
    tokens = new FakeTokens();
    harness = await startProxy(
      { acme: target('acme', `${upstream.origin}/mcp`), raw: target('raw', `${upstream.origin}/raw/challenge`) },
      tokens,
    );
    url = `${harness.base}/servers/acme/mcp`;
  });
  beforeEach(() => {
    Object.assign(tokens, { current: 'good', next: 'good', failWith: undefined, hang: false, renewCalls: [] });
    upstream.acceptToken = 'good';
  });
  afterAll(async () => {
    await harness.close();
    await upstream.close();
  });

  const init = () =>
    rawRequest(url, {
      method: 'POST',
      headers: { accept: MCP_ACCEPT, 'content-type': 'application/json' },
      body: initializeBody(),
    });

  it("a server's first Bearer challenge does not use up the one renewal: a token already expired on arrival is renewed again", async () => {
    upstream.acceptToken = 'fresh';
    tokens.current = ''; // not known to need OAuth yet: sent without a token
    const handed = ['expired-on-arrival', 'fresh'];
    tokens.renew = async (_server, rejected, challenge) => {
      tokens.renewCalls.push({ rejected, challenge });
      tokens.current = handed.shift()!;
      return tokens.current;
    };
    try {
      const res = await init();
      expect(res.status).toBe(200);
      expect(tokens.renewCalls.map((c) => c.rejected)).toEqual(['', 'expired-on-arrival']);
    } finally {
      delete (tokens as { renew?: unknown }).renew; // back to the prototype's
    }
  });

  it('renews once on an upstream 401 and replays the request with the new token', async () => {
    upstream.acceptToken = 'fresh';
    tokens.current = 'stale';
    tokens.next = 'fresh';
    const client = new Client({ name: 'ide', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(url)));
    const result = await client.callTool({ name: 'echo', arguments: { text: 'after renew' } });
    await client.close();
    expect(result.content).toEqual([{ type: 'text', text: 'echo:after renew' }]);
    expect(tokens.renewCalls).toHaveLength(1);
    expect(tokens.renewCalls[0]!.rejected).toBe('stale');
    expect(tokens.renewCalls[0]!.challenge).toContain('resource_metadata=');
    // The initialize POST reached upstream twice: once rejected, once replayed with the same body.
    const inits = upstream.hits
      .filter((h) => h.method === 'POST' && h.headers['mcp-session-id'] === undefined)
      .slice(-2);
    expect(inits.map((h) => [h.status, h.headers.authorization])).toEqual([
      [401, 'Bearer stale'],
      [200, 'Bearer fresh'],
    ]);
  });

  it('answers a second 401 with a JSON-RPC error and no WWW-Authenticate', async () => {
    upstream.acceptToken = 'unobtainable';
    tokens.next = 'also-rejected';
    const before = upstream.hits.length;
    const r = await init();
    expect(r.status).toBe(401);
    expect(r.headers['www-authenticate']).toBeUndefined();
    expect(r.headers['content-type']).toBe('application/json');
    const body = JSON.parse(r.body);
    expect(body).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32001 } });
    expect(body.error.message).toContain('mcp-companion login acme');
    expect(tokens.renewCalls).toHaveLength(1);
    expect(upstream.hits.length - before).toBe(2);
  });

  it('maps TokenSource errors to 401 / 504 with the user-facing message', async () => {
    const before = upstream.hits.length;
    tokens.failWith = new CompanionError('login_required', "Sign in to 'acme': run `mcp-companion login acme`.");
    const r1 = await init();
    expect(r1.status).toBe(401);
    expect(JSON.parse(r1.body).error.message).toBe("Sign in to 'acme': run `mcp-companion login acme`.");
    tokens.failWith = new CompanionError('login_timeout', 'The browser login for acme did not finish in time.');
    const r2 = await init();
    expect(r2.status).toBe(504);
    expect(JSON.parse(r2.body).error).toMatchObject({
      code: -32001,
      message: 'The browser login for acme did not finish in time.',
    });
    expect(upstream.hits.length).toBe(before);
  });

  it('aborts the pending token wait when the client disconnects', async () => {
    tokens.hang = true;
    tokens.lastSignal = undefined;
    const req = http.request(url, {
      method: 'POST',
      headers: { accept: MCP_ACCEPT, 'content-type': 'application/json' },
      agent: false,
    });
    req.on('error', () => {});
    req.end(initializeBody());
    await expect.poll(() => tokens.lastSignal).toBeDefined();
    expect(tokens.lastSignal!.aborted).toBe(false);
    req.destroy();
    await expect.poll(() => tokens.lastSignal!.aborted).toBe(true);
    await expect.poll(() => harness.events.at(-1)?.status).toBe(499);
  });

  it('never passes WWW-Authenticate or hop-by-hop headers to the client', async () => {
    const r = await rawRequest(`${harness.base}/servers/raw/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(r.status).toBe(403);
    expect(r.headers['www-authenticate']).toBeUndefined();
    expect(r.headers['x-hop']).toBeUndefined();
    expect(r.headers['x-upstream']).toBe('kept');
    expect(JSON.parse(r.body).error.message).toBe('forbidden');
  });
});
