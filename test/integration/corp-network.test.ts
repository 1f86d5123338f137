// A corporate laptop: the control plane is reachable only through a CONNECT proxy (proxy-chain;
// only it resolves mcp.corp.test) and serves a certificate from a private CA made at test time.
// Sign-in, tool calls and SSE streams go through the proxy; TLS is verified against the CA;
// without the CA, or with a proxy that wants credentials or is down, the user gets the cause
// and the fix, and never the proxy's password.
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { LoggingMessageNotificationSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createOutbound } from '../../local-gateway/net/outbound.js';
import { startHarness, type Harness } from '../support/companion-harness.js';
import { runCli } from '../support/cli.js';
import { startCorpProxy, type CorpProxy } from '../support/corp-net/corp-proxy.js';
import { CORP_HOST } from '../support/corp-net/index.js';
import { makePrivateCaFile, type PrivateCaFile } from '../support/private-ca.js';
import { freePort } from '../support/ports.js';
import { tempDirs } from '../support/temp-dirs.js';

const tmp = tempDirs('mcpc-corp-');
let h: Harness | undefined;
let proxy: CorpProxy | undefined;
afterEach(async () => {
  await h?.close();
  await proxy?.close();
  h = undefined;
  proxy = undefined;
});

/**
 * The user's browser on that laptop: it uses the proxy and trusts the corp CA (the OS store),
 * and, like every browser, reaches the loopback callback directly. Redirects are followed by
 * hand so each hop gets its own route.
 */
function corpBrowser(proxyUrl: string, caFile: string) {
  const net = createOutbound({ env: { HTTPS_PROXY: proxyUrl }, caFile: () => caFile });
  const pages: Array<{ status: number; body: string }> = [];
  return {
    pages,
    close: () => net.close(),
    async open(url: string) {
      setImmediate(() => {
        void (async () => {
          let next = url;
          for (let hop = 0; hop < 5; hop++) {
            const res = await net.fetch(next, { redirect: 'manual' });
            const location = res.headers.get('location');
            if (res.status < 300 || res.status >= 400 || !location) {
              pages.push({ status: res.status, body: await res.text() });
              return;
            }
            await res.body?.cancel();
            next = new URL(location, next).href;
          }
        })().catch((err: unknown) => pages.push({ status: 0, body: String(err) }));
      });
    },
  };
}

async function corp(
  opts: { proxyAuth?: { user: string; password: string } } = {},
): Promise<{ ca: PrivateCaFile; proxy: CorpProxy }> {
  const ca = await makePrivateCaFile(tmp(), [CORP_HOST]);
  proxy = await startCorpProxy({ hosts: [CORP_HOST], auth: opts.proxyAuth });
  return { ca, proxy };
}

function rpc(h: Harness, server: string) {
  return fetch(h.localUrl(server), {
    method: 'POST',
    headers: {
      authorization: `Bearer ${h.token()}`,
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
}

describe('behind a corporate proxy with a private CA', () => {
  it('signs in, calls tools and streams SSE through the proxy, with TLS verified against the CA', async () => {
    const { ca, proxy } = await corp();
    const browser = corpBrowser(proxy.url, ca.caFile);
    try {
      h = await startHarness({
        cp: { tls: { key: ca.key, cert: ca.cert }, publicHost: CORP_HOST },
        companion: { env: { HTTPS_PROXY: proxy.url }, openBrowser: (u) => browser.open(u) },
      });
      await h.companion.api['settings.update']({ caFile: ca.caFile });
      const upstream = new URL(h.cp.mcpUrl('linear'));
      expect(upstream.hostname).toBe(CORP_HOST);

      // Streamable HTTP: OAuth sign-in (discovery, DCR, token) and a tool call.
      const client = await h.connect('linear');
      const r = (await client.callTool({ name: 'add', arguments: { a: 2, b: 40 } })) as CallToolResult;
      expect((r.content[0] as { text: string }).text).toBe('42');
      expect(browser.pages.at(-1)?.status).toBe(200);
      expect(h.cp.stats.registrations).toBe(1);
      expect(h.cp.stats.tokenRequests).toBeGreaterThanOrEqual(1);
      // Notifications stream on the call's SSE answer, one by one, through the tunnel.
      const arrivals: number[] = [];
      client.setNotificationHandler(LoggingMessageNotificationSchema, () => void arrivals.push(Date.now()));
      const started = Date.now();
      await client.callTool({ name: 'ticks', arguments: { count: 4, delayMs: 150 } });
      expect(arrivals).toHaveLength(4);
      expect(arrivals[0]! - started).toBeLessThan(Date.now() - started - 300);

      // A legacy HTTP+SSE upstream through the same proxy.
      h.companion.store.addServer({ name: 'legacy', url: h.cp.sseUrl('github'), transport: 'sse' });
      const auth = { Authorization: `Bearer ${h.token()}` };
      const legacy = new Client({ name: 'old-ide', version: '1' });
      await legacy.connect(
        new SSEClientTransport(new URL(`http://127.0.0.1:${h.companion.port}/servers/legacy/sse`), {
          requestInit: { headers: auth },
          eventSourceInit: {
            fetch: (url, init) =>
              fetch(url, { ...init, headers: { ...(init?.headers as Record<string, string>), ...auth } }),
          },
        }),
      );
      const sum = (await legacy.callTool({ name: 'add', arguments: { a: 1, b: 1 } })) as CallToolResult;
      expect((sum.content[0] as { text: string }).text).toBe('2');
      await legacy.close();

      // The proxy's log: every upstream connection was a CONNECT to the corp host, and nothing
      // on loopback (the OAuth callback, the local gateway) went through it.
      const target = `CONNECT ${CORP_HOST}:${upstream.port}`;
      expect(proxy.log.length).toBeGreaterThanOrEqual(2);
      expect(new Set(proxy.log)).toEqual(new Set([target]));
      // Only the proxy can resolve the name: a direct connection fails before TLS.
      const direct = await fetch(upstream).catch((e: { cause?: { code?: string } }) => e.cause?.code);
      expect(['ENOTFOUND', 'EAI_AGAIN']).toContain(direct);
    } finally {
      browser.close();
    }
  });

  it('without the CA: the call, doctor and login name the host, the issuer and the fix; caFile fixes it', async () => {
    const { ca, proxy } = await corp();
    h = await startHarness({
      cp: { tls: { key: ca.key, cert: ca.cert }, publicHost: CORP_HOST, staticAuth: { public: 'none' } },
      servers: ['public', 'linear'],
      companion: { env: { HTTPS_PROXY: proxy.url } },
    });
    const host = new URL(h.cp.baseUrl).host;
    const res = await rpc(h, 'public');
    expect(res.status).toBe(502);
    const message = ((await res.json()) as { error: { message: string } }).error.message;
    expect(message).toContain(`${host} (through the proxy ${proxy.url})`);
    expect(message).toContain("issued by 'Corp Root CA', which is not trusted");
    expect(message).toContain('mcp-companion settings set caFile');
    expect(message).toContain('NODE_EXTRA_CA_CERTS');

    const findings = await h.companion.api['doctor.run']({});
    const tlsFinding = findings.find((f) => f.server === 'public' && f.severity === 'error');
    expect(tlsFinding?.problem).toContain("'Corp Root CA'");
    expect(tlsFinding?.fix).toContain('settings set caFile');
    expect(findings.find((f) => f.problem.startsWith('Outbound connections'))?.problem).toContain(
      `HTTPS_PROXY ${proxy.url}`,
    );
    await expect(h.companion.api['servers.login']({ name: 'linear' })).rejects.toThrow(/Corp Root CA.*caFile/s);

    // A bad caFile is refused and changes nothing.
    const notPem = `${tmp()}/not-a-ca.pem`;
    fs.writeFileSync(notPem, 'hello');
    await expect(h.companion.api['settings.update']({ caFile: notPem })).rejects.toThrow(/holds no PEM certificate/);
    await expect(h.companion.api['settings.update']({ caFile: 'relative.pem' })).rejects.toThrow(/absolute path/);
    expect((await h.companion.api['settings.get']({})).caFile).toBeNull();

    // The same server, the same proxy: trusting the CA is all it takes.
    await h.companion.api['settings.update']({ caFile: ca.caFile });
    expect((await rpc(h, 'public')).status).toBe(200);
    const after = await h.companion.api['doctor.run']({});
    expect(after.find((f) => f.server === 'public' && f.problem.includes('TLS verified'))).toBeDefined();
    expect(after.filter((f) => f.severity === 'error' && f.client === 'companion' && f.server)).toEqual([]);
  });

  it('a proxy that wants credentials: a clear 407 error, and the password never shows', async () => {
    const password = 'pw-7f3a-never-print';
    const { ca, proxy } = await corp({ proxyAuth: { user: 'alice', password } });
    const cpOpts = {
      tls: { key: ca.key, cert: ca.cert },
      publicHost: CORP_HOST,
      staticAuth: { public: 'none' as const },
    };
    h = await startHarness({ cp: cpOpts, servers: ['public'], companion: { env: { HTTPS_PROXY: proxy.url } } });
    await h.companion.api['settings.update']({ caFile: ca.caFile });
    let res = await rpc(h, 'public');
    expect(res.status).toBe(502);
    expect(await res.text()).toContain(
      `requires credentials (407 Proxy Authentication Required) to connect to ${new URL(h.cp.baseUrl).host}: put them in the proxy URL, e.g. HTTPS_PROXY=http://USER:PASSWORD@127.0.0.1:${proxy.port}`,
    );
    await h.close();

    const wrong = `http://alice:wrong-${password}@127.0.0.1:${proxy.port}`;
    h = await startHarness({ cp: cpOpts, servers: ['public'], companion: { env: { HTTPS_PROXY: wrong } } });
    await h.companion.api['settings.update']({ caFile: ca.caFile });
    res = await rpc(h, 'public');
    const refused = await res.text();
    expect(refused).toContain('refused the credentials in HTTPS_PROXY/HTTP_PROXY (407');
    const findings = JSON.stringify(await h.companion.api['doctor.run']({}));
    const diagnostics = (await h.companion.api['diagnostics.get']({})).text;
    for (const text of [refused, findings, diagnostics]) {
      expect(text).not.toContain(password);
      expect(text).not.toContain('alice');
    }
    await h.close();

    const right = `http://alice:${password}@127.0.0.1:${proxy.port}`;
    h = await startHarness({ cp: cpOpts, servers: ['public'], companion: { env: { https_proxy: right } } });
    await h.companion.api['settings.update']({ caFile: ca.caFile });
    expect((await rpc(h, 'public')).status).toBe(200);
    const settings = JSON.stringify(await h.companion.api['settings.get']({}));
    expect(settings).toContain(`HTTPS_PROXY http://127.0.0.1:${proxy.port}`);
    expect(settings).not.toContain(password);
    // Refused: the first companion's call, the second's call and its doctor check.
    expect(proxy.log.filter((l) => l.startsWith('407'))).toHaveLength(3);
  });

  it('a proxy that is down: the error names the proxy and the setting', async () => {
    const ca = await makePrivateCaFile(tmp(), [CORP_HOST]);
    const dead = `http://127.0.0.1:${await freePort()}`;
    h = await startHarness({
      cp: { tls: { key: ca.key, cert: ca.cert }, publicHost: CORP_HOST, staticAuth: { public: 'none' } },
      servers: ['public'],
      companion: { env: { HTTPS_PROXY: dead } },
    });
    const res = await rpc(h, 'public');
    expect(res.status).toBe(502);
    expect(await res.text()).toContain(
      `Cannot reach the proxy ${dead} (ECONNREFUSED), named by HTTPS_PROXY/HTTP_PROXY`,
    );
  });

  it('NO_PROXY sends a host direct, and loopback upstreams never use the proxy', async () => {
    const { ca, proxy } = await corp();
    h = await startHarness({
      cp: { tls: { key: ca.key, cert: ca.cert }, publicHost: CORP_HOST, staticAuth: { public: 'none' } },
      servers: ['public'],
      companion: { env: { HTTPS_PROXY: proxy.url, NO_PROXY: `.corp.test` } },
    });
    await h.companion.api['settings.update']({ caFile: ca.caFile });
    const res = await rpc(h, 'public');
    expect(res.status).toBe(502);
    expect(await res.text()).toMatch(/unreachable \((ENOTFOUND|EAI_AGAIN)\)/); // went direct: no DNS for it
    expect(proxy.log).toEqual([]);
  });
});

describe('mcp-companion settings', () => {
  it('sets caFile from a relative path, shows the proxy and CAs, and refuses a bad file unchanged', async () => {
    const ca = await makePrivateCaFile(tmp(), [CORP_HOST]);
    const home = tmp();
    const env = { MCP_COMPANION_HOME: home, HTTPS_PROXY: 'http://bob:hunter2@proxy.corp.example:3128', NO_PROXY: '' };
    const set = await runCli(['settings', 'set', 'caFile', 'ca.pem'], env, 20_000, ca.caFile.replace(/ca\.pem$/, ''));
    expect(set.stderr).toBe('');
    expect(set.stdout).toContain(`caFile set to ${ca.caFile}`);
    const shown = await runCli(['settings'], env);
    expect(shown.stdout).toContain(`caFile:        ${ca.caFile}`);
    expect(shown.stdout).toContain('HTTPS_PROXY http://proxy.corp.example:3128');
    expect(shown.stdout).toContain(`caFile (${ca.caFile}, 1 certificate)`);
    expect(shown.stdout).not.toContain('hunter2');
    const bad = await runCli(['settings', 'set', 'caFile', '/no/such/ca.pem'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('caFile /no/such/ca.pem cannot be read');
    const unknown = await runCli(['settings', 'set', 'colour', 'blue'], env);
    expect(unknown.stderr).toContain('Unknown setting "colour". Settings you can set here: caFile.');
    expect(JSON.parse((await runCli(['settings', '--json'], env)).stdout).caFile).toBe(ca.caFile);
    expect((await runCli(['settings', 'unset', 'caFile'], env)).code).toBe(0);
    expect(JSON.parse((await runCli(['settings', '--json'], env)).stdout).caFile).toBeNull();
  });
});
