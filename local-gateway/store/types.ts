// The store's public contract. One better-sqlite3 file per data dir, opened once by the
// composition root and passed to the parts that own each table. Secrets (tokens, client
// secrets, registration access tokens) are sealed with a SecretBox before they touch disk.

export interface SecretBox {
  /** Encrypts a UTF-8 string; the result is opaque text safe to store. */
  seal(plain: string): string;
  /** Decrypts what seal() produced; throws a CompanionError('secret_unreadable') otherwise. */
  open(sealed: string): string;
}

export type TransportKind = 'streamable-http' | 'sse';

/**
 * How an upstream authenticates, as learned from its answers: `unknown` until it first answers,
 * `none` (public), `headers` (accepts the headers the user configured: API key, PAT) or `oauth`
 * (asked for a Bearer token with a 401 challenge, or the user signed in).
 */
export type AuthKind = 'unknown' | 'none' | 'headers' | 'oauth';

export interface UpstreamServer {
  name: string;
  url: string;
  transport: TransportKind;
  /** Extra headers sent upstream on every request (API keys kept from the original entry). */
  headers: Record<string, string>;
  auth: AuthKind;
  /** Why the upstream refused the configured credential, until it next accepts a request. */
  authProblem?: string;
  /** Sign in with this Client ID Metadata Document (an https URL) where the AS supports it. */
  clientIdMetadataUrl?: string;
  /** An OAuth client registered beforehand (carried over from an IDE entry): used instead of DCR. */
  oauthClient?: PreRegisteredClient;
  createdAt: number;
}

/**
 * A client registered at the authorization server by the user's organisation. `redirectUri` is
 * the one it was registered with (the IDE's loopback callback); a loopback URI without a port
 * means the IDE picked a free port each time, so the AS must accept any loopback port.
 */
export interface PreRegisteredClient {
  clientId: string;
  clientSecret?: string;
  redirectUri?: string;
  /** Where it came from, e.g. `claude-code entry "linear"`. */
  source: string;
}

/** How the companion identifies itself: registered by itself (DCR), a metadata document URL, or beforehand. */
export type ClientMode = 'dcr' | 'cimd' | 'pre-registered';

/**
 * The client that signs in to (issuer, resource, redirectUri): a Dynamic Client Registration, or a
 * record of the metadata-document URL or pre-registered client used there (kind), which binds tokens.
 */
export interface Registration {
  id: number;
  kind: ClientMode;
  issuer: string;
  resource: string;
  redirectUri: string;
  clientId: string;
  clientSecret?: string;
  clientSecretExpiresAt?: number; // epoch seconds, 0/undefined = never
  registrationAccessToken?: string;
  registrationClientUri?: string;
  tokenEndpointAuthMethod?: string;
  /** The full JSON the server returned (non-secret fields only). */
  metadata: Record<string, unknown>;
  createdAt: number;
}

export type NewRegistration = Omit<Registration, 'id' | 'createdAt' | 'kind'> & { kind?: ClientMode };

/** Upstream OAuth tokens for one server, bound to the registration that obtained them. */
export interface TokenSet {
  serverName: string;
  registrationId: number;
  accessToken: string;
  refreshToken?: string;
  tokenType: string;
  scope?: string;
  expiresAt?: number; // epoch ms
  updatedAt: number;
}

export interface LocalClientToken {
  label: string;
  createdAt: number;
  lastUsedAt?: number;
}

export interface CompanionEvent {
  id: number;
  at: number;
  type: string;
  server?: string;
  /** Free-form detail; never contains secret values. */
  detail: Record<string, unknown>;
}
