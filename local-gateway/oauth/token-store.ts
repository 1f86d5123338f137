// Turns a token endpoint response into a stored TokenSet. The refresh token is persisted here,
// before the new access token is handed to anyone: with rotating refresh tokens, a crash after
// use but before storage would strand the user.
import type { OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import { decodeJwt } from 'jose';
import type { TokenSet } from '../store/types.js';
import type { OAuthDeps } from './context.js';

export async function saveTokenResponse(
  deps: Pick<OAuthDeps, 'store' | 'now'>,
  serverName: string,
  registrationId: number,
  tokens: OAuthTokens,
  previousRefreshToken?: string,
): Promise<TokenSet> {
  const expiresAt = await expiryOf(tokens, deps.now());
  const set: TokenSet = {
    serverName,
    registrationId,
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token ?? previousRefreshToken,
    tokenType: tokens.token_type || 'Bearer',
    scope: tokens.scope,
    expiresAt,
    updatedAt: deps.now(),
  };
  deps.store.saveTokens(set);
  // Tokens from a sign-in make it an OAuth server, whatever it was thought to be before.
  const server = deps.store.getServer(serverName);
  if (server && (server.auth !== 'oauth' || server.authProblem !== undefined))
    deps.store.setServerAuth(serverName, 'oauth', null);
  return set;
}

async function expiryOf(tokens: OAuthTokens, now: number): Promise<number | undefined> {
  if (typeof tokens.expires_in === 'number') return now + tokens.expires_in * 1000;
  return jwtExpiryMs(tokens.access_token);
}

/**
 * `exp` of a JWT access token as epoch ms, read with jose's decodeJwt and never verified: only a
 * hint for proactive refresh, never used for authorization.
 */
export async function jwtExpiryMs(token: string): Promise<number | undefined> {
  try {
    const exp = decodeJwt(token).exp;
    return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}
