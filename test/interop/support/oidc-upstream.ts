// An independent authorization server (oidc-provider v9, OpenID certified) configured the way an
// MCP deployment would: open DCR, RFC 7592 reads, resource indicators issuing JWT access tokens
// for one MCP server, PKCE required, rotating refresh tokens. Login and consent are finished by
// a tiny auto-approving interaction handler (devInteractions off). Next to it, an MCP SDK server
// acting as the protected resource. Both on 127.0.0.1 with ephemeral ports.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, { errors, type AdapterPayload } from 'oidc-provider';
import { MCP_SCOPE, startMcpResource, type McpResource } from './mcp-resource.js';
import { ProviderStorage } from './provider-storage.js';

export interface OidcUpstreamOptions {
  /** Access token lifetime in seconds (the resource server checks `exp`). */
  accessTokenTTL?: number;
  /** RFC 7592 PUT/DELETE (reads work whenever a registration access token is issued). */
  registrationManagement?: boolean;
  /** false: registrations carry no registration_access_token, so clients cannot read them back. */
  issueRegistrationAccessToken?: boolean;
  /** Scopes the AS accepts (DCR `scope` metadata is checked against them). */
  scopes?: string[];
  /**
   * Accept Client ID Metadata Documents (oidc-provider's experimental feature, draft-02), fetched
   * trusting this private CA. The provider's own SSRF guard refuses loopback addresses, which is
   * where the test hosts the document, so its fetch is replaced by one that trusts `ca`.
   */
  clientIdMetadata?: { ca: string };
}

export interface OidcUpstream {
  issuer: string;
  mcp: McpResource;
  provider: Provider;
  stats: {
    registrations: number;
    codeGrants: number;
    refreshGrants: number;
    grantErrors: string[];
    authorizeErrors: string[];
    consents: number;
  };
  /** Registered clients, as stored by the provider. */
  clients(): AdapterPayload[];
  /** The operator (or a pruning job) deletes a registration. */
  forgetClient(clientId: string): void;
  /** The registration now lists other redirect URIs than the ones the client registered. */
  setRedirectUris(clientId: string, uris: string[]): void;
  close(): Promise<void>;
}

const ACCOUNT = 'interop-user';

const escape = (v: unknown) => String(v ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export async function startOidcUpstream(opts: OidcUpstreamOptions = {}): Promise<OidcUpstream> {
  const storage = new ProviderStorage();
  let provider: Provider | undefined;
  const server = http.createServer((req, res) => {
    if (!provider) return void res.writeHead(503).end();
    if (req.url?.startsWith('/interaction/'))
      return void autoApprove(provider, req, res).catch((err: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(`interaction failed: ${String(err)}`);
      });
    provider.callback()(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const mcp = await startMcpResource(
    () => issuer,
    () => `${issuer}/jwks`,
  );

  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: 'interop-1', alg: 'RS256', use: 'sig' };
  const ttl = opts.accessTokenTTL ?? 3600;
  const resourceServer = {
    scope: MCP_SCOPE,
    audience: mcp.url,
    accessTokenFormat: 'jwt',
    accessTokenTTL: ttl,
    jwt: { sign: { alg: 'RS256' } },
  };

  provider = new Provider(issuer, {
    adapter: storage.adapterClass(),
    jwks: { keys: [jwk] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    scopes: opts.scopes ?? ['openid', 'offline_access', MCP_SCOPE],
    clientDefaults: {
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
    },
    pkce: { required: () => true },
    issueRefreshToken: async (_ctx: unknown, client: { grantTypeAllowed(t: string): boolean }) =>
      client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: true,
    findAccount: async (_ctx: unknown, sub: string) => ({ accountId: sub, claims: async () => ({ sub }) }),
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    ttl: {
      AccessToken: () => ttl,
      AuthorizationCode: 60,
      Interaction: 600,
      Session: 3600,
      Grant: 86_400,
      IdToken: 3600,
      RefreshToken: 86_400,
    },
    ...(opts.clientIdMetadata && { fetch: trustingFetch(opts.clientIdMetadata.ca) }),
    // The page a user sees when the AS will not redirect back (unknown client, bad redirect_uri).
    renderError: async (ctx: { type: string; body: string }, out: { error?: string; error_description?: string }) => {
      ctx.type = 'html';
      ctx.body = `<!doctype html><title>oidc-provider error</title><h1>${escape(out.error)}</h1><p>${escape(out.error_description)}</p>`;
    },
    features: {
      devInteractions: { enabled: false },
      registration: {
        enabled: true,
        initialAccessToken: false,
        issueRegistrationAccessToken: opts.issueRegistrationAccessToken ?? true,
      },
      registrationManagement: { enabled: opts.registrationManagement ?? true },
      ...(opts.clientIdMetadata && { clientIdMetadataDocument: { enabled: true, ack: 'draft-02' } }),
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => mcp.url,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx: unknown, indicator: string) => {
          if (indicator === mcp.url) return resourceServer;
          throw new errors.InvalidTarget();
        },
      },
    },
  });

  const stats: OidcUpstream['stats'] = {
    registrations: 0,
    codeGrants: 0,
    refreshGrants: 0,
    grantErrors: [],
    authorizeErrors: [],
    consents: 0,
  };
  provider.on('registration_create.success', () => {
    stats.registrations++;
  });
  provider.on('grant.success', (ctx: { oidc: { params?: { grant_type?: string } } }) => {
    if (ctx.oidc.params?.grant_type === 'refresh_token') stats.refreshGrants++;
    else stats.codeGrants++;
  });
  provider.on('grant.error', (_ctx: unknown, err: { error?: string }) => {
    stats.grantErrors.push(err.error ?? 'unknown');
  });
  provider.on('authorization.error', (_ctx: unknown, err: { error?: string }) => {
    stats.authorizeErrors.push(err.error ?? 'unknown');
  });
  provider.on('interaction.ended', () => {
    stats.consents++;
  });

  return {
    issuer,
    mcp,
    provider,
    stats,
    clients: () => storage.all('Client'),
    forgetClient: (clientId) => storage.delete('Client', clientId),
    setRedirectUris(clientId, uris) {
      const client = storage.get('Client', clientId);
      if (!client) throw new Error(`no client ${clientId}`);
      storage.set('Client', clientId, { ...client, redirect_uris: uris });
    },
    async close() {
      await mcp.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A GET over https trusting `ca` only, answered as a fetch Response (no redirects followed). */
function trustingFetch(ca: string) {
  return (url: string | URL, init: { headers?: Headers } = {}): Promise<Response> =>
    new Promise((resolve, reject) => {
      const headers = Object.fromEntries(init.headers?.entries() ?? []);
      https
        .get(String(url), { ca, headers, timeout: 2500 }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve(
              new Response(Buffer.concat(chunks), {
                status: res.statusCode ?? 500,
                headers: Object.entries(res.headers).flatMap(([k, v]) =>
                  v === undefined ? [] : (Array.isArray(v) ? v : [v]).map((x): [string, string] => [k, x]),
                ),
              }),
            ),
          );
        })
        .on('error', reject);
    });
}

/** The user signs in as ACCOUNT and approves everything asked (OIDC scopes and resource scopes). */
async function autoApprove(provider: Provider, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const { prompt, params, session, grantId } = await provider.interactionDetails(req, res);
  if (prompt.name === 'login') {
    return provider.interactionFinished(
      req,
      res,
      { login: { accountId: ACCOUNT } },
      { mergeWithLastSubmission: false },
    );
  }
  if (prompt.name !== 'consent') throw new Error(`unexpected prompt ${prompt.name}`);
  const grant =
    (grantId ? await provider.Grant.find(grantId) : undefined) ??
    new provider.Grant({ accountId: session?.accountId ?? ACCOUNT, clientId: String(params.client_id) });
  if (prompt.details.missingOIDCScope) grant.addOIDCScope(prompt.details.missingOIDCScope.join(' '));
  for (const [indicator, scopes] of Object.entries(prompt.details.missingResourceScopes ?? {})) {
    grant.addResourceScope(indicator, scopes.join(' '));
  }
  await provider.interactionFinished(
    req,
    res,
    { consent: { grantId: await grant.save() } },
    { mergeWithLastSubmission: true },
  );
}
