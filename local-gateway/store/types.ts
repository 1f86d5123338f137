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
  createdAt: number;
}

/** One Dynamic Client Registration, scoped exactly to (issuer, resource, redirectUri). */
export interface Registration {
  id: number;
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

export type NewRegistration = Omit<Registration, 'id' | 'createdAt'>;

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
