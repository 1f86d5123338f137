// Turns a token endpoint response into a stored TokenSet. The refresh token is persisted here,
// before the new access token is handed to anyone: with rotating refresh tokens, a crash after
// use but before storage would strand the user.
import type { OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import type { TokenSet } from '../store/types.js';
import type { OAuthDeps } from './context.js';

export function saveTokenResponse(
  deps: Pick<OAuthDeps, 'store' | 'now'>,
  serverName: string,
  registrationId: number,
  tokens: OAuthTokens,
  previousRefreshToken?: string,
): TokenSet {
  const set: TokenSet = {
    serverName,
    registrationId,
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token ?? previousRefreshToken,
    tokenType: tokens.token_type || 'Bearer',
    scope: tokens.scope,
    expiresAt: expiryOf(tokens, deps.now()),
    updatedAt: deps.now(),
  };
  deps.store.saveTokens(set);
  return set;
}

function expiryOf(tokens: OAuthTokens, now: number): number | undefined {
  if (typeof tokens.expires_in === 'number') return now + tokens.expires_in * 1000;
  // Only a hint for proactive refresh: the upstream still decides whether the token is valid.
  const exp = jwtExpiry(tokens.access_token);
  return exp === undefined ? undefined : exp * 1000;
}

/**
 * `exp` of a JWT access token, read without verification (never used for authorization). Reading
 * one base64url JSON segment by hand keeps jose, which the gateway needs nowhere else, off start-up.
 */
export function jwtExpiry(token: string): number | undefined {
  const payload = token.split('.')[1];
  if (token.split('.').length !== 3 || !payload) return undefined;
  try {
    const exp = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown }).exp;
    return typeof exp === 'number' && Number.isFinite(exp) ? exp : undefined;
  } catch {
    return undefined;
  }
}
