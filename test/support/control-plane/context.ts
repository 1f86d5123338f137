// The shared state every route module works on, plus the tenant/server scoping helper.
import type { Request, Response } from 'express';
import { AccessTokens } from './access-tokens.js';
import { Grants } from './grants.js';
import { Registry } from './registry.js';
import { Urls, type ControlPlaneMode, type ControlPlaneStats, type ResolvedOptions } from './options.js';

export interface CpContext {
  opts: ResolvedOptions;
  mode: ControlPlaneMode;
  urls: Urls;
  registry: Registry;
  grants: Grants;
  tokens: AccessTokens;
  stats: ControlPlaneStats;
}

export function createContext(opts: ResolvedOptions, getBase: () => string): CpContext {
  const registry = new Registry();
  for (const c of opts.preRegistered) {
    registry.adopt({
      clientId: c.clientId,
      ...(c.clientSecret !== undefined && { clientSecret: c.clientSecret }),
      tenant: opts.tenant,
      server: c.server ?? '*',
      issuedAt: Math.floor(Date.now() / 1000),
      redirectUris: c.redirectUris,
      tokenEndpointAuthMethod: c.clientSecret === undefined ? 'none' : 'client_secret_basic',
      grantTypes: ['authorization_code', 'refresh_token'],
      responseTypes: ['code'],
      extra: {},
      active: true,
    });
  }
  return {
    opts,
    mode: opts.mode,
    urls: new Urls(getBase, opts.tenant),
    registry,
    grants: new Grants(),
    tokens: new AccessTokens(opts.accessTokenTtlSec),
    stats: {
      registrations: 0,
      authorizeRequests: 0,
      authorizeRejections: 0,
      tokenRequests: 0,
      refreshes: 0,
      mcpRequests: 0,
      discoveryRequests: 0,
      metadataDocumentFetches: 0,
      metadataDocumentRejections: 0,
    },
  };
}

/** Resolves `:tenant`/`:server` route params; answers 404 itself when they name nothing here. */
export function scopedServer(ctx: CpContext, req: Request, res: Response): string | undefined {
  const { tenant, server } = req.params as { tenant?: string; server?: string };
  if (tenant === ctx.opts.tenant && server !== undefined && ctx.opts.servers.includes(server)) return server;
  res.status(404).json({ statusCode: 404, message: 'Not found' });
  return undefined;
}

/** Query/body values as single strings (arrays and objects are treated as absent). */
export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function isLoopbackRedirect(uri: string): boolean {
  try {
    const u = new URL(uri);
    return u.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
  } catch {
    return false;
  }
}
