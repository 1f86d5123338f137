// RFC 9728 protected resource metadata (one document per MCP URL) and RFC 8414 authorization
// server metadata (path insertion: /.well-known/oauth-authorization-server/<tenant>/<server>).
import type { Router } from 'express';
import { scopedServer, type CpContext } from './context.js';
import { SCOPES_SUPPORTED } from './options.js';

export function protectedResourceMetadata(
  ctx: CpContext,
  server: string,
  kind: 'server' | 'sse',
): Record<string, unknown> {
  return {
    resource: kind === 'server' ? ctx.urls.mcpUrl(server) : ctx.urls.sseUrl(server),
    authorization_servers: [ctx.urls.issuer(server)],
    scopes_supported: SCOPES_SUPPORTED,
    bearer_methods_supported: ['header'],
  };
}

export function authorizationServerMetadata(ctx: CpContext, server: string): Record<string, unknown> {
  const issuer = ctx.urls.issuer(server);
  const doc: Record<string, unknown> = {
    issuer,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: ['none', 'client_secret_post', 'client_secret_basic'],
    scopes_supported: SCOPES_SUPPORTED,
  };
  if (ctx.opts.registration) doc.registration_endpoint = `${issuer}/register`;
  if (ctx.opts.clientIdMetadata) doc.client_id_metadata_document_supported = true;
  if (ctx.opts.issParameter) doc.authorization_response_iss_parameter_supported = true;
  return doc;
}

export function mountDiscovery(ctx: CpContext, router: Router): void {
  router.get('/.well-known/oauth-protected-resource/:tenant/mcp/:server/:kind', (req, res) => {
    const server = scopedServer(ctx, req, res);
    if (server === undefined) return;
    const kind = req.params.kind;
    if (kind !== 'server' && kind !== 'sse') {
      res.status(404).json({ statusCode: 404, message: 'Not found' });
      return;
    }
    res.json(protectedResourceMetadata(ctx, server, kind));
  });
  router.get('/.well-known/oauth-authorization-server/:tenant/:server', (req, res) => {
    const server = scopedServer(ctx, req, res);
    if (server !== undefined) res.json(authorizationServerMetadata(ctx, server));
  });
}
