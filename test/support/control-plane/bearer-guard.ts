// Bearer check in front of every MCP endpoint. A 401 always carries the RFC 9728
// `resource_metadata` pointer (spec §A.2) so clients can discover the AS; `error="invalid_token"`
// is added only when a token was presented (RFC 6750 §3.1).
import type { Request, Response } from 'express';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { CpContext } from './context.js';
import type { StaticAuth } from './options.js';

export type McpKind = 'server' | 'sse';

function reject(ctx: CpContext, res: Response, server: string, kind: McpKind, reason?: string): void {
  const metadata = ctx.urls.resourceMetadataUrl(server, kind);
  const challenge =
    reason === undefined
      ? `Bearer resource_metadata="${metadata}"`
      : `Bearer resource_metadata="${metadata}", error="invalid_token", error_description="${reason}"`;
  res
    .status(401)
    .set('WWW-Authenticate', challenge)
    .json(
      reason === undefined
        ? { error: 'unauthorized', error_description: 'Authorization required' }
        : { error: 'invalid_token', error_description: reason },
    );
}

/** Counts the request, then returns the caller's AuthInfo or answers 401 itself. */
export async function requireBearer(
  ctx: CpContext,
  req: Request,
  res: Response,
  server: string,
  kind: McpKind,
): Promise<AuthInfo | undefined> {
  ctx.stats.mcpRequests += 1;
  const fixed = ctx.opts.staticAuth[server];
  if (fixed !== undefined) return staticCheck(req, res, fixed);
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
  const token = match?.[1];
  if (!token) {
    reject(ctx, res, server, kind);
    return undefined;
  }
  const result = await ctx.tokens.verify(token, ctx.urls.issuer(server), ctx.urls.mcpUrl(server));
  if (!result.ok) {
    reject(ctx, res, server, kind, result.reason);
    return undefined;
  }
  return { token, clientId: result.clientId, scopes: result.scope.split(/\s+/), extra: { sub: result.sub } };
}

/**
 * A server without OAuth: public, or one static header (API key, PAT). A refused PAT gets a bare
 * `Bearer` challenge with no resource metadata (as token-only APIs answer); a refused API key a
 * plain 401.
 */
function staticCheck(req: Request, res: Response, fixed: StaticAuth): AuthInfo | undefined {
  if (fixed === 'none' || req.get(fixed.header) === fixed.value) {
    return { token: '', clientId: 'static', scopes: ['mcp:read', 'mcp:write'] };
  }
  if (fixed.header.toLowerCase() === 'authorization') res.set('WWW-Authenticate', 'Bearer error="invalid_token"');
  res.status(401).json({ error: 'unauthorized', error_description: `${fixed.header} missing or wrong` });
  return undefined;
}
