// A malicious or broken authorization server: malformed, huge or cross-origin metadata and
// registration responses are refused with a clear error, before any browser opens.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createCompanion, type Companion } from '../../local-gateway/companion.js';
import { freePort } from '../support/ports.js';
import { discoverAuthContext } from '../../local-gateway/oauth/discovery.js';
import { tempDirs } from '../support/temp-dirs.js';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, base: string) => boolean;
const tempDir = tempDirs('mcpc-hostile-');
let servers: http.Server[] = [];
let companions: Companion[] = [];
afterEach(async () => {
  await Promise.all(companions.map((c) => c.close()));
  await Promise.all(
    servers.map(
      (s) =>
        new Promise((r) => {
          s.closeAllConnections();
          s.close(r);
        }),
    ),
  );
  servers = [];
  companions = [];
});

/** A resource + AS pair where `override` may replace any answer. */
async function hostile(override: Handler): Promise<{ base: string; mcp: string }> {
  const srv = http.createServer((req, res) => {
    const base = `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
    if (override(req, res, base)) return;
    const json = (body: unknown, status = 200) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.url === '/.well-known/oauth-protected-resource/mcp')
      return json({ resource: `${base}/mcp`, authorization_servers: [base] });
    if (req.url === '/.well-known/oauth-authorization-server') {
      return json({
        issuer: base,
        authorization_endpoint: `${base}/authorize`,
        token_endpoint: `${base}/token`,
        registration_endpoint: `${base}/register`,
        response_types_supported: ['code'],
        code_challenge_methods_supported: ['S256'],
      });
    }
    if (req.url === '/register') return json({ client_id: 'c1', redirect_uris: ['x'] }, 201);
    json({ error: 'not_found' }, 404);
  });
  servers.push(srv);
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const base = `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
  return { base, mcp: `${base}/mcp` };
}

async function loginError(mcp: string): Promise<{ message: string; opened: string[]; fetched: string[] }> {
  const opened: string[] = [];
  const fetched: string[] = [];
  const fetchFn: typeof fetch = (input, init) => {
    fetched.push(String(input instanceof Request ? input.url : input));
    return fetch(input, init);
  };
  const c = createCompanion({
    dataDir: tempDir(),
    port: await freePort(),
    fetchFn,
    openBrowser: async (u) => {
      opened.push(u);
    },
  });
  companions.push(c);
  c.store.addServer({ name: 'evil', url: mcp });
  const err = await c.oauth.login(c.store.getServer('evil')!).then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  expect(err, 'login must fail').toBeInstanceOf(Error);
  return { message: err!.message, opened, fetched };
}

describe('a hostile authorization server', () => {
  it('huge metadata is refused, not buffered', async () => {
    const { mcp } = await hostile((req, res) => {
      if (req.url !== '/.well-known/oauth-authorization-server') return false;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"issuer":"');
      const chunk = 'x'.repeat(64 * 1024);
      let sent = 0;
      const pump = () => {
        while (sent < 4 * 1024 * 1024 && res.write(chunk)) sent += chunk.length;
        if (sent < 4 * 1024 * 1024) res.once('drain', pump);
        else res.end('"}');
      };
      pump();
      return true;
    });
    const r = await loginError(mcp);
    expect(r.message).toMatch(/larger than 1048576 bytes/);
    expect(r.opened).toEqual([]);
  });

  it('malformed metadata gets a clear discovery error', async () => {
    const { mcp } = await hostile((req, res) => {
      if (req.url !== '/.well-known/oauth-authorization-server') return false;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"issuer": ');
      return true;
    });
    const r = await loginError(mcp);
    expect(r.message).toMatch(/Could not read the authorization server metadata/);
    expect(r.opened).toEqual([]);
  });

  it('metadata pointing the token endpoint at another origin is refused', async () => {
    const { mcp } = await hostile((req, res, base) => {
      if (req.url !== '/.well-known/oauth-authorization-server') return false;
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          issuer: base,
          authorization_endpoint: `${base}/authorize`,
          token_endpoint: 'https://collector.evil.test/token',
          registration_endpoint: `${base}/register`,
          response_types_supported: ['code'],
          code_challenge_methods_supported: ['S256'],
        }),
      );
      return true;
    });
    const r = await loginError(mcp);
    expect(r.message).toMatch(/token_endpoint at another origin/);
    expect(r.opened).toEqual([]);
  });

  it('a registration response without client_id, or not JSON, is refused', async () => {
    for (const body of ['{"redirect_uris": []}', 'surprise!']) {
      const { mcp } = await hostile((req, res) => {
        if (req.url !== '/register') return false;
        res.writeHead(201, { 'content-type': 'application/json' }).end(body);
        return true;
      });
      const r = await loginError(mcp);
      expect(r.message).toMatch(/Dynamic Client Registration at .* failed/);
      expect(r.opened).toEqual([]);
    }
  });

  it('an AS without PKCE S256 is refused', async () => {
    const { mcp } = await hostile((req, res, base) => {
      if (req.url !== '/.well-known/oauth-authorization-server') return false;
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          issuer: base,
          authorization_endpoint: `${base}/authorize`,
          token_endpoint: `${base}/token`,
          registration_endpoint: `${base}/register`,
          response_types_supported: ['code'],
        }),
      );
      return true;
    });
    const r = await loginError(mcp);
    expect(r.message).toMatch(/PKCE S256/);
    expect(r.opened).toEqual([]);
  });

  it('an authorization server on plain http (not loopback) is refused before any lookup', async () => {
    const { mcp } = await hostile((req, res, base) => {
      if (req.url !== '/.well-known/oauth-protected-resource/mcp') return false;
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ resource: `${base}/mcp`, authorization_servers: ['http://as.nonexistent.invalid'] }));
      return true;
    });
    const r = await loginError(mcp);
    expect(r.message).toMatch(/http:\/\/as\.nonexistent\.invalid/);
    expect(r.message).toMatch(/not https/);
    expect(r.message).not.toMatch(/V1 gateway/);
    expect(r.fetched.filter((u) => u.includes('as.nonexistent.invalid'))).toEqual([]);
    expect(r.opened).toEqual([]);
  });

  it('a challenge naming plain-http protected-resource metadata is refused before any lookup', async () => {
    const { mcp } = await hostile(() => false);
    const fetched: string[] = [];
    const fetchFn: typeof fetch = (input, init) => {
      fetched.push(String(input instanceof Request ? input.url : input));
      return fetch(input, init);
    };
    const prmUrl = 'http://prm.nonexistent.invalid/.well-known/oauth-protected-resource';
    const err = await discoverAuthContext(mcp, { resourceMetadataUrl: prmUrl }, fetchFn).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(err?.message).toMatch(
      /protected resource metadata URL http:\/\/prm\.nonexistent\.invalid\/\S* is not https/,
    );
    expect(fetched).toEqual([]);
  });

  it('an unreachable https authorization server is reported as unreachable, not as a V1 gateway', async () => {
    const { mcp } = await hostile((req, res, base) => {
      if (req.url !== '/.well-known/oauth-protected-resource/mcp') return false;
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ resource: `${base}/mcp`, authorization_servers: ['https://as.nonexistent.invalid'] }));
      return true;
    });
    const r = await loginError(mcp);
    expect(r.message).toMatch(/Could not reach the authorization server https:\/\/as\.nonexistent\.invalid/);
    expect(r.message).not.toMatch(/V1 gateway/);
  });
});
