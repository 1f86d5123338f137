// Options, defaults and the URL layout of the reference control plane. The layout mirrors the
// TrueFoundry tenant-scoped form (spec §D.1): `/<tenant>/mcp/<server>/server` for MCP and
// `/<tenant>/<server>/{authorize,token,register}` for OAuth.

export type ControlPlaneMode = 'lenient' | 'strict';

export interface ControlPlaneOptions {
  mode?: ControlPlaneMode; // default 'strict'
  tenant?: string; // default 'acme'
  servers?: string[]; // default ['linear', 'github']
  accessTokenTtlSec?: number; // default 3600
  rfc7592?: boolean; // return registration_client_uri + registration_access_token; default true
  autoApprove?: boolean; // default true; false serves an HTML consent page
  rotateRefreshTokens?: boolean; // default true
  issParameter?: boolean; // RFC 9207 iss on redirects + metadata flag; default true
  port?: number; // default 0
  publicBaseUrl?: string; // default http://127.0.0.1:<port>
  /** Serve HTTPS with this key and certificate (PEM): a control plane behind a private CA. */
  tls?: { key: string; cert: string };
  /** The host name clients use (the issuer and every URL advertise it); default 127.0.0.1. */
  publicHost?: string;
  /**
   * Servers that do not use OAuth: 'none' (a public server) or one static header the request must
   * carry (an API key, or `authorization` for a PAT). Their names join `servers`.
   */
  staticAuth?: Record<string, StaticAuth>;
  /** Accept Client ID Metadata Documents (fetched over https, trusting `ca`); advertised in metadata. */
  clientIdMetadata?: { ca?: string };
  /** Offer Dynamic Client Registration; default true. */
  registration?: boolean;
  /** Clients an administrator registered beforehand (server: one of `servers`, or all when absent). */
  preRegistered?: PreRegisteredClient[];
}

export interface PreRegisteredClient {
  clientId: string;
  clientSecret?: string;
  redirectUris: string[];
  server?: string;
}

export type StaticAuth = 'none' | { header: string; value: string };

export interface ResolvedOptions {
  mode: ControlPlaneMode;
  tenant: string;
  servers: string[];
  accessTokenTtlSec: number;
  rfc7592: boolean;
  autoApprove: boolean;
  rotateRefreshTokens: boolean;
  issParameter: boolean;
  port: number;
  staticAuth: Record<string, StaticAuth>;
  clientIdMetadata?: { ca?: string };
  registration: boolean;
  preRegistered: PreRegisteredClient[];
}

export function resolveOptions(opts: ControlPlaneOptions = {}): ResolvedOptions {
  const staticAuth = opts.staticAuth ?? {};
  const servers = [...new Set([...(opts.servers ?? ['linear', 'github']), ...Object.keys(staticAuth)])];
  if (servers.length === 0) throw new Error('control plane needs at least one server');
  return {
    mode: opts.mode ?? 'strict',
    tenant: opts.tenant ?? 'acme',
    servers: [...servers],
    accessTokenTtlSec: opts.accessTokenTtlSec ?? 3600,
    rfc7592: opts.rfc7592 ?? true,
    autoApprove: opts.autoApprove ?? true,
    rotateRefreshTokens: opts.rotateRefreshTokens ?? true,
    issParameter: opts.issParameter ?? true,
    port: opts.port ?? 0,
    staticAuth,
    ...(opts.clientIdMetadata && { clientIdMetadata: opts.clientIdMetadata }),
    registration: opts.registration ?? true,
    preRegistered: opts.preRegistered ?? [],
  };
}

export interface ControlPlaneStats {
  registrations: number;
  authorizeRequests: number;
  authorizeRejections: number;
  tokenRequests: number;
  refreshes: number;
  mcpRequests: number;
  /** Requests for any `/.well-known/` document (OAuth discovery). */
  discoveryRequests: number;
  /** Client ID Metadata Documents fetched, and how many of them (or their redirect URI) were refused. */
  metadataDocumentFetches: number;
  metadataDocumentRejections: number;
}

export const SCOPES_SUPPORTED = ['mcp:read', 'mcp:write', 'offline_access'];
/** Grantable but not advertised by the resource: only asked for after a step-up challenge. */
export const STEP_UP_SCOPE = 'mcp:admin';
export const GRANTABLE_SCOPES = [...SCOPES_SUPPORTED, STEP_UP_SCOPE];
export const DEFAULT_SCOPE = 'mcp:read mcp:write';

/** URL builders; `baseUrl` is only known after listen, so it is read lazily. */
export class Urls {
  constructor(
    private readonly getBase: () => string,
    readonly tenant: string,
  ) {}
  get base(): string {
    return this.getBase();
  }
  mcpUrl(server: string): string {
    return `${this.base}/${this.tenant}/mcp/${server}/server`;
  }
  sseUrl(server: string): string {
    return `${this.base}/${this.tenant}/mcp/${server}/sse`;
  }
  issuer(server: string): string {
    return `${this.base}/${this.tenant}/${server}`;
  }
  /** RFC 9728 §3.1: well-known inserted between host and the resource path. */
  resourceMetadataUrl(server: string, kind: 'server' | 'sse'): string {
    return `${this.base}/.well-known/oauth-protected-resource/${this.tenant}/mcp/${server}/${kind}`;
  }
  registrationClientUri(server: string, clientId: string): string {
    return `${this.issuer(server)}/register/${encodeURIComponent(clientId)}`;
  }
}
