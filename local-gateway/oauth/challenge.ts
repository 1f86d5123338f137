// Parses an upstream `WWW-Authenticate` value with the SDK's parser (quoted and bare params).
import type { Challenge } from './discovery.js';
import { extractWWWAuthenticateParams } from '@modelcontextprotocol/sdk/client/auth.js';

export async function parseChallenge(raw: string | undefined): Promise<Challenge | undefined> {
  if (!raw) return undefined;
  const p = extractWWWAuthenticateParams(new Response(null, { status: 401, headers: { 'www-authenticate': raw } }));
  return { resourceMetadataUrl: p.resourceMetadataUrl?.href, scope: p.scope, error: p.error };
}
