// How the companion identifies itself to the control plane: a Client ID Metadata Document hosted
// by the organisation (HTTPS, private CA generated here), a client the organisation registered
// beforehand, or Dynamic Client Registration, and what the user is told when the first two fail.
import { afterEach, describe, expect, it } from 'vitest';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { serverStatuses } from '../../local-gateway/services/servers.js';
import { startHarness, type Harness } from '../support/companion-harness.js';
import { startDocumentHost, type DocumentHost } from '../support/document-host.js';
import { freePort } from '../support/ports.js';

const DOC_PATH = '/mcp-companion/client.json';

let h: Harness | undefined;
let host: DocumentHost | undefined;
afterEach(async () => {
  await h?.close();
  await host?.close();
  h = undefined;
  host = undefined;
});

const text = (r: unknown) => ((r as CallToolResult).content[0] as { text: string }).text;

/** The document the README tells an organisation to host, for a companion on `port`. */
function document(url: string, port: number, redirectUris = [`http://127.0.0.1:${port}/oauth/callback`]) {
  return {
    client_id: url,
    client_name: 'MCP Companion (Acme)',
    redirect_uris: redirectUris,
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'none',
  };
}

async function cimdHarness(opts: { registration?: boolean; trustCa?: boolean; advertise?: boolean } = {}) {
  host = await startDocumentHost();
  const port = await freePort();
  h = await startHarness({
    cp: {
      ...(opts.advertise !== false && { clientIdMetadata: { ca: opts.trustCa === false ? undefined : host.ca } }),
      registration: opts.registration ?? true,
    },
    companion: { port },
    servers: [],
  });
  const url = host.url(DOC_PATH);
  h.companion.store.addServer({ name: 'linear', url: h.cp.mcpUrl('linear'), clientIdMetadataUrl: url });
  return { h, host, url, port };
}

const status = (name: string) =>
  serverStatuses(h!.companion.store, h!.companion.oauth, h!.companion.port).find((s) => s.name === name)!;
const eventTypes = () => h!.companion.store.listEvents({ limit: 100 }).map((e) => e.type);

describe('Client ID Metadata Documents', () => {
  it('signs in with the document URL as client_id: nothing registered, tools work, refresh works', async () => {
    const { h, host, url, port } = await cimdHarness();
    host.put(DOC_PATH, document(url, port));
    const client = await h.connect('linear');
    expect(text(await client.callTool({ name: 'echo', arguments: { text: 'hi' } }))).toBe('hi');
    expect(h.cp.stats.registrations).toBe(0);
    expect(h.cp.stats.metadataDocumentFetches).toBeGreaterThanOrEqual(1);
    expect(h.cp.stats.metadataDocumentRejections).toBe(0);
    expect(host.hits(DOC_PATH)).toBe(h.cp.stats.metadataDocumentFetches); // fetched over TLS, from the host
    const auth = new URL(h.browser.opened[0]!);
    expect(auth.searchParams.get('client_id')).toBe(url);
    expect(auth.searchParams.get('redirect_uri')).toBe(`http://127.0.0.1:${port}/oauth/callback`);
    expect(status('linear')).toMatchObject({ client: 'cimd', clientId: url, clientIdMetadataUrl: url });
    expect(status('linear')).not.toHaveProperty('clientProblem');
    h.cp.expireAccessTokens();
    expect(text(await client.callTool({ name: 'echo', arguments: { text: 'again' } }))).toBe('again');
    expect(h.cp.stats.refreshes).toBe(1);
    expect(h.browser.opened).toHaveLength(1);
  });

  it("is the setting of the authorization server: the issuer's other servers use it too", async () => {
    const { h, host, url, port } = await cimdHarness();
    host.put(DOC_PATH, document(url, port));
    // The SSE endpoint of the same upstream: another resource behind the same issuer.
    h.companion.store.addServer({ name: 'linear-sse', url: h.cp.sseUrl('linear'), transport: 'sse' });
    await h.companion.oauth.login(h.companion.store.getServer('linear')!);
    await h.companion.oauth.login(h.companion.store.getServer('linear-sse')!);
    expect(status('linear-sse')).toMatchObject({ client: 'cimd', clientId: url });
    expect(h.cp.stats.registrations).toBe(0);
  });

  it('a document without the redirect URI is reported with the fix, then DCR signs in', async () => {
    const { h, host, url, port } = await cimdHarness();
    host.put(DOC_PATH, document(url, port, ['http://127.0.0.1:1/oauth/callback']));
    const client = await h.connect('linear');
    expect(text(await client.callTool({ name: 'echo', arguments: { text: 'via dcr' } }))).toBe('via dcr');
    expect(h.cp.stats.metadataDocumentRejections).toBe(1);
    expect(h.cp.stats.registrations).toBe(1);
    // The refusal came from the probe: the browser only ever saw the DCR client.
    expect(h.browser.opened).toHaveLength(1);
    expect(new URL(h.browser.opened[0]!).searchParams.get('client_id')).not.toBe(url);
    const s = status('linear');
    expect(s.client).toBe('dcr');
    expect(s.clientProblem).toContain(`refused the client ID metadata document ${url}`);
    expect(s.clientProblem).toContain('redirect_uri is not listed in the client metadata document');
    expect(s.clientProblem).toContain(`"redirect_uris" include http://127.0.0.1:${port}/oauth/callback`);
    expect(eventTypes()).toContain('cimd.rejected');
  });

  it('an unreachable document (certificate not trusted by the AS) is reported, then DCR signs in', async () => {
    const { h, host, url, port } = await cimdHarness({ trustCa: false });
    host.put(DOC_PATH, document(url, port));
    await h.companion.oauth.login(h.companion.store.getServer('linear')!);
    expect(status('linear').client).toBe('dcr');
    expect(status('linear').clientProblem).toMatch(/could not be fetched: .*(certificate|verify)/);
    expect(h.cp.stats.registrations).toBe(1);
  });

  it('a missing document and no DCR at the AS: sign-in fails with the fix, and nothing is stored', async () => {
    const { h, url } = await cimdHarness({ registration: false });
    const err = await h.companion.oauth.login(h.companion.store.getServer('linear')!).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'client_rejected' });
    expect((err as Error).message).toContain(
      `refused the client ID metadata document ${url} ("invalid_client: client metadata document could not be fetched: HTTP 404")`,
    );
    expect((err as Error).message).toContain('that its "client_id" is exactly');
    expect(h.companion.store.listRegistrations()).toEqual([]);
    expect(h.browser.opened).toHaveLength(0);
  });

  it('an AS that does not advertise support: DCR, and the status says why the document is unused', async () => {
    const { h, host, url, port } = await cimdHarness({ advertise: false });
    host.put(DOC_PATH, document(url, port));
    await h.companion.oauth.login(h.companion.store.getServer('linear')!);
    expect(host.hits(DOC_PATH)).toBe(0);
    expect(status('linear').client).toBe('dcr');
    expect(status('linear').clientProblem).toContain('does not advertise client_id_metadata_document_supported');
  });

  it('an AS with neither DCR nor a configured document names both ways out', async () => {
    h = await startHarness({ cp: { registration: false } });
    const err = await h.companion.oauth.login(h.companion.store.getServer('linear')!).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/offers no Dynamic Client Registration endpoint/);
    expect((err as Error).message).toContain('--client-id-metadata <https URL>');
  });
});

describe('pre-registered clients', () => {
  it("signs in with the organisation's client on the IDE's own loopback redirect URI, no DCR", async () => {
    const callbackPort = await freePort();
    const redirectUri = `http://localhost:${callbackPort}/callback`;
    h = await startHarness({
      cp: { registration: false, preRegistered: [{ clientId: 'acme-claude', redirectUris: [redirectUri] }] },
      servers: [],
    });
    h.companion.store.addServer({
      name: 'linear',
      url: h.cp.mcpUrl('linear'),
      oauthClient: { clientId: 'acme-claude', redirectUri, source: 'claude-code entry "linear"' },
    });
    const client = await h.connect('linear');
    expect(text(await client.callTool({ name: 'echo', arguments: { text: 'pre' } }))).toBe('pre');
    const auth = new URL(h.browser.opened[0]!);
    expect(auth.searchParams.get('client_id')).toBe('acme-claude');
    expect(auth.searchParams.get('redirect_uri')).toBe(redirectUri);
    expect(h.cp.stats.authorizeRejections).toBe(0);
    expect(status('linear')).toMatchObject({ client: 'pre-registered', clientId: 'acme-claude' });
  });

  it('a confidential pre-registered client authenticates at the token endpoint with its sealed secret', async () => {
    const redirectUri = `http://127.0.0.1:${await freePort()}/mcp/oauth/callback`;
    h = await startHarness({
      cp: {
        registration: false,
        preRegistered: [{ clientId: 'acme-oc', clientSecret: 's3cret-value-42', redirectUris: [redirectUri] }],
      },
      servers: [],
    });
    h.companion.store.addServer({
      name: 'linear',
      url: h.cp.mcpUrl('linear'),
      oauthClient: {
        clientId: 'acme-oc',
        clientSecret: 's3cret-value-42',
        redirectUri,
        source: 'opencode entry "linear"',
      },
    });
    await h.companion.oauth.login(h.companion.store.getServer('linear')!);
    expect(h.companion.store.getTokens('linear')).toBeDefined();
    expect(JSON.stringify(h.companion.store.listEvents({ limit: 100 }))).not.toContain('s3cret-value-42');
  });

  it('a client whose redirect URI only the IDE can receive is passed over for DCR, and the status says why', async () => {
    h = await startHarness({
      cp: {
        preRegistered: [{ clientId: 'acme-cursor', redirectUris: ['cursor://anysphere.cursor-mcp/oauth/callback'] }],
      },
      servers: [],
    });
    h.companion.store.addServer({
      name: 'linear',
      url: h.cp.mcpUrl('linear'),
      oauthClient: {
        clientId: 'acme-cursor',
        redirectUri: 'cursor://anysphere.cursor-mcp/oauth/callback',
        source: 'cursor entry "linear"',
      },
    });
    await h.companion.oauth.login(h.companion.store.getServer('linear')!);
    expect(h.cp.stats.registrations).toBe(1);
    const s = status('linear');
    expect(s.client).toBe('dcr');
    expect(s.clientProblem).toContain('only allows the redirect URI cursor://anysphere.cursor-mcp/oauth/callback');
    expect(s.clientProblem).toContain("allow the companion's redirect URI");
  });

  it('a pre-registered client the AS rejects is reported as such, never replaced behind the user', async () => {
    const redirectUri = `http://localhost:${await freePort()}/callback`;
    h = await startHarness({ cp: { registration: false }, servers: [] });
    h.companion.store.addServer({
      name: 'linear',
      url: h.cp.mcpUrl('linear'),
      oauthClient: { clientId: 'revoked-client', redirectUri, source: 'claude-code entry "linear"' },
    });
    const err = await h.companion.oauth.login(h.companion.store.getServer('linear')!).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'client_rejected' });
    expect((err as Error).message).toContain(
      'rejected the pre-registered OAuth client revoked-client (claude-code entry "linear")',
    );
  });
});
