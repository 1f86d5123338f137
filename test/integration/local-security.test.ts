// Loopback is not a trust boundary: every rule of the gateway's local security, attacked over
// real sockets. Each refusal must happen before any upstream call.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/companion-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

const INIT = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } },
});

function raw(
  path: string,
  headers: Record<string, string>,
  body = INIT,
  method = 'POST',
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: h.companion.port,
        path,
        method,
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
      },
      (res) => {
        let data = '';
        res.on('data', (d: Buffer) => {
          data += d.toString();
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: data }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const path = '/servers/linear/mcp';

describe('local security of the gateway', () => {
  const host = () => `127.0.0.1:${h.companion.port}`;

  it('listens on 127.0.0.1 only', () => {
    // The companion binds explicitly to the IPv4 loopback address.
    return new Promise<void>((resolve) => {
      http.get({ host: '127.0.0.1', port: h.companion.port, path: '/nothing', headers: { host: host() } }, (res) => {
        res.resume();
        expect(res.statusCode).toBe(404);
        resolve();
      });
    });
  });

  it('refuses DNS rebinding (foreign Host) with 403 and a JSON-RPC error, before any upstream call', async () => {
    const before = h.cp.stats.mcpRequests;
    const r = await raw(path, { host: `evil.example:${h.companion.port}`, authorization: `Bearer ${h.token()}` });
    expect(r.status).toBe(403);
    expect(JSON.parse(r.body)).toMatchObject({ jsonrpc: '2.0', error: { code: -32000 } });
    expect(h.cp.stats.mcpRequests).toBe(before);
    expect(h.browser.opened).toHaveLength(0);
  });

  it('refuses a foreign Origin and the null origin with 403', async () => {
    for (const origin of ['https://evil.example', 'null', `http://127.0.0.1:${h.companion.port + 1}`]) {
      const r = await raw(path, { host: host(), origin, authorization: `Bearer ${h.token()}` });
      expect(r.status, origin).toBe(403);
    }
  });

  it('refuses a missing, wrong or revoked local token with 401, a JSON-RPC error, and no OAuth challenge', async () => {
    const missing = await raw(path, { host: host() });
    expect(missing.status).toBe(401);
    expect(missing.headers['www-authenticate']).toBeUndefined();
    expect(JSON.parse(missing.body).error.message).toContain('Missing local token');
    const wrong = await raw(path, { host: host(), authorization: 'Bearer mcpc_not-a-real-token' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers['www-authenticate']).toBeUndefined();
    const t = h.companion.store.ensureLocalToken('to-revoke');
    h.companion.store.revokeLocalToken('to-revoke');
    const revoked = await raw(path, { host: host(), authorization: `Bearer ${t}` });
    expect(revoked.status).toBe(401);
    expect(h.browser.opened).toHaveLength(0);
    expect(h.cp.stats.mcpRequests).toBe(0);
  });

  it('accepts localhost and 127.0.0.1 with the right token', async () => {
    for (const hh of [host(), `localhost:${h.companion.port}`]) {
      const r = await raw(path, { host: hh, authorization: `Bearer ${h.token()}` });
      expect(r.status, hh).toBe(200);
    }
  });

  it('stores local tokens hashed, never in clear', () => {
    const t = h.token('hash-check');
    const rows = h.companion.store.db.prepare('SELECT * FROM local_tokens').all() as Array<Record<string, unknown>>;
    expect(JSON.stringify(rows)).not.toContain(t);
  });

  it('never passes an upstream WWW-Authenticate challenge to the IDE', async () => {
    h.cp.expireAccessTokens();
    h.companion.oauth.logout('linear');
    h.browser.stall(true);
    h.companion.store.setSetting('hold_timeout_ms', '200');
    const r = await raw(path, { host: host(), authorization: `Bearer ${h.token()}` });
    expect(r.status).toBe(504);
    expect(r.headers['www-authenticate']).toBeUndefined();
    h.browser.stall(false);
  });

  it('answers 413 to oversized bodies without an upstream call', async () => {
    const before = h.cp.stats.mcpRequests;
    const big = 'x'.repeat(33 * 1024 * 1024);
    // No catch: the body is drained after the 413, so the client always reads the status.
    const r = await raw(path, { host: host(), authorization: `Bearer ${h.token()}` }, big);
    expect(r.status).toBe(413);
    expect(h.cp.stats.mcpRequests).toBe(before);
  });

  it('guards the admin API with the admin token', async () => {
    const r = await raw('/api/rpc/servers.list', { host: host() }, '{}');
    expect(r.status).toBe(401);
    const ok = await raw(
      '/api/rpc/servers.list',
      { host: host(), authorization: `Bearer ${h.companion.adminToken}` },
      '{}',
    );
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body).result[0].name).toBe('linear');
    const crossSite = await raw(
      '/api/rpc/servers.list',
      { host: host(), origin: 'https://evil.example', authorization: `Bearer ${h.companion.adminToken}` },
      '{}',
    );
    expect(crossSite.status).toBe(403);
  });

  it('validates admin API payloads and refuses text/plain simple requests', async () => {
    const auth = { host: `127.0.0.1:${h.companion.port}`, authorization: `Bearer ${h.companion.adminToken}` };
    const hostile = await raw(
      '/api/rpc/servers.add',
      auth,
      JSON.stringify({ name: '../../etc', url: 'file:///etc/passwd' }),
    );
    expect(hostile.status).toBe(400);
    expect(JSON.parse(hostile.body).error).toBe('bad_input');
    const unknownOp = await raw('/api/rpc/__proto__', auth, '{}');
    expect(unknownOp.status).toBe(400);
    const plain = await raw(
      '/api/rpc/servers.remove',
      { ...auth, 'content-type': 'text/plain' },
      JSON.stringify({ name: 'linear' }),
    );
    expect(plain.status).toBe(415);
    expect(h.companion.store.getServer('linear')).toBeDefined();
    const broken = await raw('/api/rpc/servers.list', auth, '{not json');
    expect(broken.status).toBe(400);
  });

  it("one client's token is independent of another's: revoking Cursor's (unroute/reset) leaves Claude Code's working", async () => {
    // An earlier test left a sign-in whose tab was never opened: sign in afresh, as a user would.
    await h.companion.oauth.login(h.companion.store.getServer('linear')!);
    const cursor = h.companion.store.ensureLocalToken('cursor', ['linear']);
    const claude = h.companion.store.ensureLocalToken('claude-code', ['linear']);
    expect(cursor).not.toBe(claude);
    expect(h.companion.store.verifyLocalToken(cursor)).toBe('cursor');
    expect(h.companion.store.verifyLocalToken(claude)).toBe('claude-code');
    h.companion.store.revokeLocalToken('cursor');
    const host = `127.0.0.1:${h.companion.port}`;
    expect((await raw(path, { host, authorization: `Bearer ${cursor}` })).status).toBe(401);
    expect((await raw(path, { host, authorization: `Bearer ${claude}` })).status).toBe(200);
  });
});
