// Turns a token endpoint response into a stored TokenSet. The refresh token is persisted here,
// before the new access token is handed to anyone: with rotating refresh tokens, a crash after
// use but before storage would strand the user.
import { decodeJwt } from 'jose';
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
  try {
    const exp = decodeJwt(tokens.access_token).exp;
    return typeof exp === 'number' ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
