// Client ID Metadata Documents against an authorization server nobody here wrote: oidc-provider's
// experimental clientIdMetadataDocument feature (draft-02) fetches the document the organisation
// hosts (HTTPS, private CA made at test time) and signs the companion in with its URL as client_id.
import { afterEach, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createCompanion, type Companion } from '../../local-gateway/companion.js';
import { startDocumentHost, type DocumentHost } from '../support/document-host.js';
import { freePort } from '../support/ports.js';
import { tempDirs } from '../support/temp-dirs.js';
import { cookieBrowser } from './support/cookie-browser.js';
import { startOidcUpstream, type OidcUpstream } from './support/oidc-upstream.js';

const tempDir = tempDirs('mcpc-oidc-cimd-');
const DOC = '/org/mcp-companion.json';
let up: OidcUpstream | undefined;
let host: DocumentHost | undefined;
let companion: Companion | undefined;
let client: Client | undefined;
afterEach(async () => {
  await client?.close();
  await companion?.close();
  await up?.close();
  await host?.close();
  client = companion = up = host = undefined;
});

async function setup(redirectFor: (port: number) => string) {
  host = await startDocumentHost();
  up = await startOidcUpstream({ clientIdMetadata: { ca: host.ca } });
  const port = await freePort();
  const url = host.url(DOC);
  host.put(DOC, {
    client_id: url,
    client_name: 'MCP Companion (Example Corp)',
    redirect_uris: [redirectFor(port)],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'none',
    application_type: 'native',
  });
  const browser = cookieBrowser();
  companion = createCompanion({ dataDir: tempDir(), port, openBrowser: (u) => browser.open(u) });
  companion.store.addServer({ name: 'oidc', url: up.mcp.url, clientIdMetadataUrl: url });
  await companion.listen();
  return { up, host, companion, url, port, browser };
}

describe('interop: oidc-provider with Client ID Metadata Documents', () => {
  it('advertises support, fetches the document, and the companion signs in with its URL: no DCR', async () => {
    const s = await setup((port) => `http://127.0.0.1:${port}/oauth/callback`);
    const meta = (await (await fetch(`${s.up.issuer}/.well-known/openid-configuration`)).json()) as Record<
      string,
      unknown
    >;
    expect(meta.client_id_metadata_document_supported).toBe(true);
    client = new Client({ name: 'ide', version: '1' });
    const token = s.companion.store.ensureLocalToken('ide', ['oidc']);
    await client.connect(
      new StreamableHTTPClientTransport(new URL(`http://127.0.0.1:${s.port}/servers/oidc/mcp`), {
        requestInit: { headers: { Authorization: `Bearer ${token}` } },
      }),
    );
    const r = (await client.callTool({ name: 'echo', arguments: { text: 'cimd' } })) as CallToolResult;
    expect((r.content[0] as { text: string }).text).toBe('cimd');
    expect(s.up.stats.registrations).toBe(0);
    expect(s.host.hits(DOC)).toBeGreaterThanOrEqual(1);
    expect(new URL(s.browser.opened[0]!).searchParams.get('client_id')).toBe(s.url);
    const reg = s.companion.store.listRegistrations()[0]!;
    expect(reg).toMatchObject({ kind: 'cimd', clientId: s.url });
  });

  it('a document listing another redirect URI is refused by the provider; the companion reports it and registers', async () => {
    const s = await setup((port) => `http://127.0.0.1:${port}/elsewhere`);
    await s.companion.oauth.login(s.companion.store.getServer('oidc')!);
    expect(s.up.stats.registrations).toBe(1);
    const rejected = s.companion.store.listEvents({ type: 'cimd.rejected' })[0];
    expect(String(rejected?.detail.problem)).toContain(`refused the client ID metadata document ${s.url}`);
    expect(String(rejected?.detail.problem)).toMatch(/redirect_uri/);
  });

  it('a native client with a loopback redirect URI matches any port (RFC 8252 §7.3 in oidc-provider)', async () => {
    const s = await setup(() => 'http://127.0.0.1:1/oauth/callback');
    await s.companion.oauth.login(s.companion.store.getServer('oidc')!);
    expect(s.up.stats.registrations).toBe(0);
    expect(s.companion.store.listRegistrations()[0]).toMatchObject({ kind: 'cimd', clientId: s.url });
  });
});
