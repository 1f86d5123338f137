// Which client the companion signs in as, in the order of MCP 2025-11-25 "Client Registration
// Approaches": a client registered beforehand (carried over from an IDE entry), else a Client ID
// Metadata Document when one is configured and the AS advertises support, else Dynamic Client
// Registration. A metadata document the AS refuses is reported with the fix, then DCR is used
// when the AS offers it. Only DCR stores something the AS can forget.
import { CompanionError } from '../core/errors.js';
import type { Registration, UpstreamServer } from '../store/types.js';
import type { OAuthDeps } from './context.js';
import { supportsClientIdMetadata, type AuthContext } from './discovery.js';
import { checkRegistrationAlive, probeAuthorize } from './liveness.js';
import { isLoopbackRedirect } from './loopback-callback.js';
import { dropRegistration, findRegistration, registerFresh } from './registration.js';

/**
 * The metadata document URL for this server: its own setting, else the one another server of the
 * same authorization server signs in with (the setting is the issuer's, learned at first sign-in).
 */
function metadataUrlFor(deps: OAuthDeps, server: UpstreamServer, issuer: string): string | undefined {
  if (server.clientIdMetadataUrl) return server.clientIdMetadataUrl;
  return deps.store.listRegistrations().find((r) => r.kind === 'cimd' && r.issuer === issuer)?.clientId;
}

export async function chooseClient(deps: OAuthDeps, server: UpstreamServer, ctx: AuthContext): Promise<Registration> {
  if (server.oauthClient) {
    const pre = preRegistered(deps, server, ctx);
    if (pre) return pre;
  }
  const url = metadataUrlFor(deps, server, ctx.issuer);
  if (url) {
    if (supportsClientIdMetadata(ctx.metadata)) return metadataDocumentClient(deps, server, ctx, url);
    deps.store.addEvent('cimd.unsupported', server.name, { issuer: ctx.issuer, url });
  }
  return dynamicClient(deps, server, ctx);
}

/** A metadata document the AS refused at /authorize (or at the token endpoint): why, and the fix. */
function metadataDocumentProblem(url: string, redirectUri: string, issuer: string, said?: string): string {
  return (
    `${issuer} refused the client ID metadata document ${url}${said ? ` ("${said}")` : ''}. ` +
    `Check that the authorization server can fetch it over https, that its "client_id" is exactly ${url}, ` +
    `and that its "redirect_uris" include ${redirectUri} (see "Corporate networks" in the README).`
  );
}

/**
 * Reports a refused document (event, for `server list`, `doctor` and the dashboard), forgets it at
 * this issuer, and signs in with DCR instead when the AS offers it.
 */
export async function afterMetadataDocumentRefused(
  deps: OAuthDeps,
  server: UpstreamServer,
  ctx: AuthContext,
  reg: Registration,
  said?: string,
): Promise<Registration> {
  const problem = metadataDocumentProblem(reg.clientId, reg.redirectUri, ctx.issuer, said);
  deps.store.deleteRegistration(reg.id);
  deps.store.addEvent('cimd.rejected', server.name, { issuer: ctx.issuer, url: reg.clientId, problem });
  if (!ctx.metadata.registration_endpoint) throw new CompanionError('client_rejected', problem);
  return dynamicClient(deps, server, ctx);
}

async function metadataDocumentClient(
  deps: OAuthDeps,
  server: UpstreamServer,
  ctx: AuthContext,
  url: string,
): Promise<Registration> {
  const redirectUri = deps.redirectUri();
  const key = { issuer: ctx.issuer, resource: ctx.resource, redirectUri };
  const stored = deps.store.findRegistration(key);
  const reg =
    stored?.kind === 'cimd' && stored.clientId === url
      ? stored
      : deps.store.saveRegistration({
          ...key,
          kind: 'cimd',
          clientId: url,
          tokenEndpointAuthMethod: 'none',
          metadata: {},
        });
  // The AS fetches and checks the document when it sees the authorize request: ask it now, so a
  // refusal is reported here and not on a page in the browser.
  const probe = await probeAuthorize(reg, ctx, deps.fetchFn).catch(() => ({ verdict: 'unknown', detail: undefined }));
  if (probe.verdict !== 'stale') return reg;
  return afterMetadataDocumentRefused(deps, server, ctx, reg, probe.detail);
}

async function dynamicClient(deps: OAuthDeps, server: UpstreamServer, ctx: AuthContext): Promise<Registration> {
  const redirectUri = deps.redirectUri();
  const stored = findRegistration(deps, ctx, redirectUri);
  if (stored) {
    const liveness = await checkRegistrationAlive(stored, ctx, deps.fetchFn);
    if (liveness !== 'stale') return stored;
    dropRegistration(deps, stored, 'the authorization server no longer accepts this client_id');
    deps.store.addEvent('registration.stale', server.name, { clientId: stored.clientId });
  }
  return registerFresh(deps, ctx, redirectUri, server.name);
}

/**
 * The pre-registered client, recorded against (issuer, resource, its redirect URI). Its redirect URI
 * must be one the companion can listen on; otherwise it is skipped (with an event saying why) when
 * the AS offers another way, or tried on the companion's own callback (the organisation may have
 * added it) when it does not.
 */
function preRegistered(deps: OAuthDeps, server: UpstreamServer, ctx: AuthContext): Registration | undefined {
  const client = server.oauthClient!;
  let redirectUri = client.redirectUri ?? deps.redirectUri();
  if (!isLoopbackRedirect(redirectUri)) {
    const reason = `the pre-registered client ${client.clientId} (from ${client.source}) only allows the redirect URI ${redirectUri}, which only that IDE can receive`;
    const otherWay = ctx.metadata.registration_endpoint || supportsClientIdMetadata(ctx.metadata);
    deps.store.addEvent('client.pre_registered_unusable', server.name, { clientId: client.clientId, reason });
    if (otherWay) return undefined;
    redirectUri = deps.redirectUri();
  }
  const key = { issuer: ctx.issuer, resource: ctx.resource, redirectUri };
  const stored = deps.store.findRegistration(key);
  if (stored?.kind === 'pre-registered' && stored.clientId === client.clientId) return stored;
  return deps.store.saveRegistration({
    ...key,
    kind: 'pre-registered',
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    metadata: { source: client.source },
  });
}
