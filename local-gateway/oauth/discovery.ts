// Discovery: RFC 9728 protected-resource metadata (challenge URL first, then the well-known
// paths), then RFC 8414 / OIDC authorization-server metadata in the spec's path-insertion order.
// The SDK does the fetching; this file adds the checks the MCP spec asks of a careful client.
import {
  discoverAuthorizationServerMetadata,
  discoverOAuthProtectedResourceMetadata,
} from '@modelcontextprotocol/sdk/client/auth.js';
import type {
  AuthorizationServerMetadata,
  OAuthProtectedResourceMetadata,
} from '@modelcontextprotocol/sdk/shared/auth.js';
import { CompanionError, errorMessage } from '../core/errors.js';
import { canonicalResource } from './resource.js';
import { requireSecureOAuthUrl } from './url-policy.js';

export interface Challenge {
  resourceMetadataUrl?: string;
  scope?: string;
  error?: string;
}

/** MCP 2025-11-25: the AS accepts an https URL naming a Client ID Metadata Document as client_id. */
export function supportsClientIdMetadata(m: AuthorizationServerMetadata): boolean {
  return (m as { client_id_metadata_document_supported?: unknown }).client_id_metadata_document_supported === true;
}

/** Everything needed to register, authorize and refresh against one upstream. */
export interface AuthContext {
  issuer: string;
  resource: string;
  metadata: AuthorizationServerMetadata;
  scope?: string;
  /** RFC 9207: the AS promises `iss` on every authorization response. */
  issRequired: boolean;
}

export async function discoverAuthContext(
  serverUrl: string,
  challenge: Challenge | undefined,
  fetchFn: typeof fetch,
): Promise<AuthContext> {
  if (challenge?.resourceMetadataUrl)
    requireSecureOAuthUrl(challenge.resourceMetadataUrl, 'protected resource metadata URL');
  let prm: OAuthProtectedResourceMetadata | undefined;
  try {
    prm = await discoverOAuthProtectedResourceMetadata(
      serverUrl,
      challenge?.resourceMetadataUrl ? { resourceMetadataUrl: challenge.resourceMetadataUrl } : undefined,
      fetchFn,
    );
  } catch (err) {
    // A 2025-03-26 server has no PRM: the MCP server's origin is its authorization server.
    if (challenge?.resourceMetadataUrl) {
      throw new CompanionError(
        'discovery_failed',
        `Could not read the protected resource metadata of ${serverUrl}: ${errorMessage(err)}`,
      );
    }
  }
  const issuer = prm?.authorization_servers?.[0] ?? new URL('/', serverUrl).origin;
  const resource = prm?.resource ? checkResource(prm.resource, serverUrl) : canonicalResource(serverUrl);
  requireSecureOAuthUrl(issuer, 'authorization server URL');
  // The SDK treats a network failure like a missing document and moves on: remember it, so an
  // unreachable AS is not reported as a V1 gateway.
  let networkError: unknown;
  const noting: typeof fetch = (input, init) =>
    fetchFn(input, init).catch((err: unknown) => {
      networkError ??= err;
      throw err;
    });
  let metadata: AuthorizationServerMetadata | undefined;
  try {
    metadata = await discoverAuthorizationServerMetadata(issuer, { fetchFn: noting });
  } catch (err) {
    throw new CompanionError(
      'discovery_failed',
      `Could not read the authorization server metadata of ${issuer}: ${errorMessage(err)}`,
    );
  }
  if (!metadata && networkError !== undefined) {
    throw new CompanionError(
      'discovery_failed',
      `Could not reach the authorization server ${issuer}: ${networkCause(networkError)}. Check the URL and your network.`,
    );
  }
  if (!metadata) {
    throw new CompanionError(
      'discovery_failed',
      `${issuer} publishes no OAuth authorization server metadata (RFC 8414 / OpenID discovery); this looks like a V1 gateway. Switch the gateway to the V2 OAuth flow.`,
    );
  }
  validateMetadata(issuer, metadata);
  return {
    issuer,
    resource,
    metadata,
    scope: chooseScope(challenge?.scope, prm?.scopes_supported, metadata.scopes_supported),
    issRequired:
      (metadata as { authorization_response_iss_parameter_supported?: unknown })
        .authorization_response_iss_parameter_supported === true,
  };
}

function checkResource(advertised: string, serverUrl: string): string {
  const a = new URL(advertised);
  const s = new URL(serverUrl);
  // RFC 9728 §3.3: the metadata must describe the resource we are talking to.
  if (a.origin !== s.origin || !s.pathname.startsWith(a.pathname.replace(/\/$/, ''))) {
    throw new CompanionError(
      'discovery_failed',
      `Protected resource metadata for ${serverUrl} names another resource (${advertised}); refusing to use it.`,
    );
  }
  return advertised;
}

/** `fetch failed` says nothing: name the underlying cause (ENOTFOUND, ECONNREFUSED, …). */
function networkCause(err: unknown): string {
  // Already explained by the outbound layer (a TLS or proxy failure with its fix).
  if (err instanceof CompanionError) return err.message;
  const cause = (err as { cause?: { code?: unknown; message?: unknown } })?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  return errorMessage(cause instanceof Error ? cause : err, 200);
}

export function validateMetadata(issuer: string, m: AuthorizationServerMetadata): void {
  requireSecureOAuthUrl(issuer, 'authorization server URL');
  if (m.issuer !== issuer && m.issuer !== issuer.replace(/\/$/, '')) {
    throw new CompanionError(
      'discovery_failed',
      `Authorization server metadata at ${issuer} claims issuer ${m.issuer}; refusing (RFC 8414 §3.3).`,
    );
  }
  if (!m.code_challenge_methods_supported?.includes('S256')) {
    throw new CompanionError(
      'pkce_unsupported',
      `${issuer} does not advertise PKCE S256 support (code_challenge_methods_supported); the MCP authorization spec forbids proceeding.`,
    );
  }
  const origin = new URL(issuer).origin;
  for (const [field, value] of [
    ['authorization_endpoint', m.authorization_endpoint],
    ['token_endpoint', m.token_endpoint],
    ['registration_endpoint', m.registration_endpoint],
  ] as const) {
    if (value === undefined) continue;
    const url = requireSecureOAuthUrl(value, field);
    if (url.origin !== origin) {
      throw new CompanionError(
        'discovery_failed',
        `${issuer} points its ${field} at another origin (${url.origin}); refusing.`,
      );
    }
  }
}

/** MCP 2025-11-25 scope selection: the challenge, else the resource's scopes; plus offline_access when offered. */
export function chooseScope(challenged?: string, resourceScopes?: string[], asScopes?: string[]): string | undefined {
  const scopes = new Set((challenged ?? resourceScopes?.join(' ') ?? '').split(' ').filter(Boolean));
  if (asScopes?.includes('offline_access')) scopes.add('offline_access');
  return scopes.size ? [...scopes].join(' ') : undefined;
}
