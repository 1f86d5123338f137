// Strict DCR policy: exactly one registration per (issuer, resource, redirect URI), with the
// redirect URI registered exactly; dropped and renewed whenever it is stale, expired or the
// redirect URI changed (a changed port simply never matches the stored key).
import { registerClient } from '@modelcontextprotocol/sdk/client/auth.js';
import type { OAuthClientInformationFull, OAuthClientMetadata } from '@modelcontextprotocol/sdk/shared/auth.js';
import { CompanionError, errorMessage } from '../core/errors.js';
import type { Store } from '../store/index.js';
import type { Registration } from '../store/types.js';
import type { AuthContext } from './discovery.js';

export const CLIENT_NAME = 'MCP Companion';

export interface RegistrationDeps {
  store: Store;
  fetchFn: typeof fetch;
  now: () => number;
  version: string;
}

export function findRegistration(
  deps: RegistrationDeps,
  ctx: AuthContext,
  redirectUri: string,
): Registration | undefined {
  const reg = deps.store.findRegistration({ issuer: ctx.issuer, resource: ctx.resource, redirectUri });
  if (!reg || reg.kind !== 'dcr') return undefined;
  const expires = reg.clientSecretExpiresAt ?? 0;
  if (reg.clientSecret && expires > 0 && expires * 1000 <= deps.now()) {
    dropRegistration(deps, reg, 'client secret expired');
    return undefined;
  }
  return reg;
}

export function dropRegistration(deps: RegistrationDeps, reg: Registration, reason: string): void {
  deps.store.deleteRegistration(reg.id);
  deps.store.addEvent('registration.dropped', undefined, { issuer: reg.issuer, clientId: reg.clientId, reason });
}

export async function registerFresh(
  deps: RegistrationDeps,
  ctx: AuthContext,
  redirectUri: string,
  server: string,
): Promise<Registration> {
  if (!ctx.metadata.registration_endpoint) {
    throw new CompanionError(
      'registration_failed',
      `${ctx.issuer} offers no Dynamic Client Registration endpoint; this looks like a V1 gateway. Switch the gateway to the V2 OAuth flow, or, if it supports Client ID Metadata Documents, sign in with one: \`mcp-companion server add ${server} <url> --client-id-metadata <https URL>\`.`,
    );
  }
  let info: OAuthClientInformationFull;
  // The SDK's schema drops RFC 7592 fields; keep them from the raw response for liveness checks.
  let rfc7592: { registration_access_token?: unknown; registration_client_uri?: unknown } = {};
  const capture: typeof fetch = async (input, init) => {
    const res = await deps.fetchFn(input, init);
    if (res.ok)
      rfc7592 = (await res
        .clone()
        .json()
        .catch(() => ({}))) as typeof rfc7592;
    return res;
  };
  try {
    info = await registerClient(ctx.issuer, {
      metadata: ctx.metadata,
      scope: ctx.scope,
      fetchFn: capture,
      clientMetadata: {
        client_name: CLIENT_NAME,
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'none',
        software_id: 'mcp-companion',
        software_version: deps.version,
        // A loopback CLI/desktop client (RFC 8252): lets OIDC servers apply native-app rules.
        application_type: 'native',
      } as OAuthClientMetadata,
    });
  } catch (err) {
    throw new CompanionError(
      'registration_failed',
      `Dynamic Client Registration at ${ctx.issuer} failed: ${errorMessage(err)}`,
    );
  }
  if (!info.client_id)
    throw new CompanionError('registration_failed', `${ctx.issuer} returned a registration without client_id.`);
  const { client_secret, ...publicFields } = info;
  const registrationAccessToken =
    typeof rfc7592.registration_access_token === 'string' ? rfc7592.registration_access_token : undefined;
  const registrationClientUri = sameOriginUri(rfc7592.registration_client_uri, ctx.issuer);
  const reg = deps.store.saveRegistration({
    issuer: ctx.issuer,
    resource: ctx.resource,
    redirectUri,
    clientId: info.client_id,
    clientSecret: client_secret,
    clientSecretExpiresAt: info.client_secret_expires_at,
    registrationAccessToken,
    registrationClientUri,
    tokenEndpointAuthMethod: info.token_endpoint_auth_method,
    metadata: publicFields as Record<string, unknown>,
  });
  deps.store.addEvent('registration.created', server, { issuer: ctx.issuer, clientId: reg.clientId, redirectUri });
  return reg;
}

/** The SDK's view of a stored registration (for authorize/exchange/refresh calls). */
export function clientInformation(reg: Registration): OAuthClientInformationFull {
  return {
    ...(reg.metadata as Partial<OAuthClientInformationFull>),
    client_id: reg.clientId,
    client_secret: reg.clientSecret,
    redirect_uris: [reg.redirectUri],
    token_endpoint_auth_method: reg.tokenEndpointAuthMethod,
  } as OAuthClientInformationFull;
}

/** The registration token is only ever sent back to the authorization server's own origin. */
function sameOriginUri(value: unknown, issuer: string): string | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const url = new URL(value, issuer);
    return url.origin === new URL(issuer).origin ? url.href : undefined;
  } catch {
    return undefined;
  }
}
