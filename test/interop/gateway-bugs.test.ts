import { afterEach, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createCompanion, type Companion } from '../../local-gateway/companion.js';
import { freePort } from '../support/ports.js';
import { tempDirs } from '../support/temp-dirs.js';
import { cookieBrowser } from './support/cookie-browser.js';
import { startOidcUpstream, type OidcUpstream } from './support/oidc-upstream.js';

const tempDir = tempDirs('mcpc-bugs-');
let up: OidcUpstream | undefined;
let c: Companion | undefined;
afterEach(async () => {
  await c?.close();
  await up?.close();
});

async function boot() {
  up = await startOidcUpstream();
  const browser = cookieBrowser();
  let skew = 0;
  c = createCompanion({
    dataDir: tempDir(),
    port: await freePort(),
    openBrowser: (u) => browser.open(u),
    now: () => Date.now() + skew,
  });
  c.store.addServer({ name: 'oidc', url: up.mcp.url });
  await c.listen();
  const call = async (t: string) => {
    const client = new Client({ name: 'v', version: '1' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${c!.port}/servers/oidc/mcp`), {
        requestInit: { headers: { Authorization: `Bearer ${c!.store.ensureLocalToken('ide', ['oidc'])}` } },
      }),
    );
    try {
      return await client.callTool({ name: 'echo', arguments: { text: t } });
    } finally {
      await client.close();
    }
  };
  return {
    browser,
    call,
    advance: (ms: number) => {
      skew += ms;
    },
  };
}

it('BUG1: RFC 7592 read that no longer lists our redirect URI counts as stale', async () => {
  const { browser, call } = await boot();
  await call('a');
  up!.setRedirectUris(String(up!.clients()[0]!.client_id), [`http://127.0.0.1:${c!.port}/elsewhere`]);
  c!.oauth.logout('oidc');
  await call('b');
  expect(up!.stats.registrations).toBe(2);
  expect(browser.visits.every((v) => v.status === 200)).toBe(true);
});

it('BUG2: a sign-in the user never finishes expires after 10 minutes and a new one can start', async () => {
  const { browser, call, advance } = await boot();
  c!.store.setSetting('hold_timeout_ms', '300');
  browser.stall(true);
  await expect(call('a')).rejects.toThrow(/waiting in your browser/);
  advance(11 * 60_000);
  browser.stall(false);
  c!.store.setSetting('hold_timeout_ms', '10000');
  await expect(call('b')).rejects.toThrow(/not completed within 10 minutes/);
  await call('c');
  expect(browser.opened).toHaveLength(2);
});
